/**
 * `so-conformance example request|response|app-error|fault [--profile P] [--version N] [--http]`:
 * a conformant message to start from, built from the WSDL by the same builders the suite uses
 * (src/envelope), with placeholders where secrets go. test/cli-example.test.ts holds that `validate`
 * accepts every sample unchanged.
 */
import type { ProfileId } from '../contract/profiles.ts';
import { NS, DEFAULT_VERSION, SERVICES_VERSIONS, type ServicesVersion } from '../contract/namespaces.ts';
import { buildRequest } from '../envelope/request.ts';
import { buildAppErrorResponse, buildFault11, buildFault12, buildSuccessResponse, type BuiltResponse } from '../envelope/response.ts';
import { processIo, type CliIo } from './io.ts';
import { messageContract, parseCommandArgs, usageError, type Command } from './command-args.ts';

export const KINDS = ['request', 'response', 'app-error', 'fault'] as const;
export type ExampleKind = (typeof KINDS)[number];

/** Placeholders, never real values: the user puts their own secrets in. */
export const PLACEHOLDERS = { applicationToken: 'YOUR-APPLICATION-TOKEN', ticket: 'YOUR-TICKET', host: 'your-tenant.example' } as const;

export const USAGE = `usage: so-conformance example request|response|app-error|fault [--profile wsdl|soap12] [--version N] [--http]

Prints a conformant DeleteChatSessions message to start from, built from the vendored WSDL:
  request    the call, with the ApplicationToken and Credentials/Ticket headers
  response   the success answer (HTTP 200, Succeeded true)
  app-error  an application error the NetServer way (HTTP 200, Succeeded false, ExceptionInfo)
  fault      a SOAP Fault (HTTP 500)
Secrets are placeholders (${PLACEHOLDERS.applicationToken}, ${PLACEHOLDERS.ticket}): put your own in.
validate accepts every sample as printed.

options:
  --profile wsdl|soap12  wsdl (default): SOAP 1.1 exactly as the WSDL binds it;
                         soap12: the same contract carried in SOAP 1.2
  --version N            Services version of the contract, ${SERVICES_VERSIONS[0]}..${SERVICES_VERSIONS.at(-1)} (default ${DEFAULT_VERSION})
  --http                 the whole HTTP message (request or status line, headers, blank line,
                         body), as a proxy would capture it, instead of the bare envelope
  -h, --help             this text

exit status: 0 printed, 2 usage error`;

const COMMAND: Command = { name: 'example', usage: USAGE };

const REASONS: Record<number, string> = { 200: 'OK', 500: 'Internal Server Error' };

/** Header names as clients print them (the builders key them in lower case): Content-Type, SOAPAction. */
function headerLines(headers: Record<string, string>): string[] {
  const name = (k: string) => (k.toLowerCase() === 'soapaction' ? 'SOAPAction' : k.replace(/(^|-)([a-z])/g, (_, d: string, c: string) => d + c.toUpperCase()));
  return Object.entries(headers).map(([k, v]) => `${name(k)}: ${v}`);
}

/** One sample as the bare envelope and as a raw HTTP message (CRLF line ends, exact Content-Length). */
export function exampleMessage(kind: ExampleKind, profile: ProfileId = 'wsdl', version: ServicesVersion = DEFAULT_VERSION): { envelope: string; http: string } {
  if (kind === 'request') {
    const r = buildRequest({ profile, version, ids: [1, 2, 3], applicationToken: PLACEHOLDERS.applicationToken, ticket: PLACEHOLDERS.ticket });
    const head = [`POST ${r.contract.endpointPath} HTTP/1.1`, `Host: ${PLACEHOLDERS.host}`, ...headerLines(r.headers), `Content-Length: ${r.bytes.byteLength}`];
    return { envelope: r.body, http: `${head.join('\r\n')}\r\n\r\n${r.body}` };
  }
  const res = response(kind, profile, version);
  const head = [`HTTP/1.1 ${res.status} ${REASONS[res.status] ?? ''}`.trimEnd(), ...headerLines(res.headers), `Content-Length: ${Buffer.byteLength(res.body)}`];
  return { envelope: res.body, http: `${head.join('\r\n')}\r\n\r\n${res.body}` };
}

function response(kind: Exclude<ExampleKind, 'request'>, profile: ProfileId, version: ServicesVersion): BuiltResponse {
  switch (kind) {
    case 'response':
      return buildSuccessResponse({ profile, version });
    case 'app-error':
      return buildAppErrorResponse({ profile, version, message: 'Example application error: NetServer puts its message here', exceptionType: 'SoException' });
    case 'fault':
      // A Fault does not name the operation, so it is the same for every version.
      return profile === 'soap12'
        ? buildFault12({ code: 'Sender', reason: 'Example fault: the request could not be processed' })
        : buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'Example fault: the request could not be processed' });
  }
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const parsed = parseCommandArgs(io, COMMAND, argv, { profile: { type: 'string' }, version: { type: 'string' }, http: { type: 'boolean' } }, true);
  if (typeof parsed === 'number') return parsed;
  const [kind, ...extra] = parsed.positionals;
  if (kind === undefined) return usageError(io, COMMAND, `which example? give one of ${KINDS.join(', ')}`);
  if (!(KINDS as readonly string[]).includes(kind)) return usageError(io, COMMAND, `unknown example "${kind}" (use ${KINDS.join(', ')})`);
  if (extra.length > 0) return usageError(io, COMMAND, `one example at a time, got also "${extra.join(' ')}"`);
  const contract = messageContract(parsed.values);
  if (typeof contract === 'string') return usageError(io, COMMAND, contract);
  const { profile, version } = contract;
  const m = exampleMessage(kind as ExampleKind, profile, version);
  // The envelope ends with a newline for the terminal; validate reads trailing whitespace as fine.
  io.stdout.write(parsed.values.http ? m.http : `${m.envelope}\n`);
  return 0;
}
