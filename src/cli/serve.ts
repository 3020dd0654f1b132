import { startServer, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_INFLIGHT_BYTES, MAX_TIMEOUT_MS } from '../server/index.ts';
import { DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { processIo, type CliIo } from './io.ts';
import { cannotListen, listenerContract, parseCommandArgs, usageError, wholeNumber, type Command } from './command-args.ts';
import { startTenant, DEFAULT_TENANT_USER, WSDL_ALTERATIONS } from '../tenant/index.ts';

export const USAGE = `usage: so-conformance serve [options]

Runs the validating reference endpoint for DeleteChatSessions: conformant requests get the response
WCF would send, others a SOAP Fault whose detail lists the violated rules.

options:
  --host HOST              interface to listen on (default 127.0.0.1)
  --port N                 port, 0 for any free one (default 0)
  --max-body BYTES         largest request body; bigger ones get HTTP 413 (default ${DEFAULT_MAX_BODY_BYTES})
  --app-error-ticket T     answer requests carrying this ticket with an application error
                           (HTTP 200, Succeeded=false); repeatable
  --version N              services version 83-88 (default ${DEFAULT_VERSION}); 86 and 88 serve their
                           vendored WSDLs, the others one derived from them (stderr says so)
  --profile wsdl|soap12    SOAP 1.1 as the WSDL binds it (default), or SOAP 1.2
  --max-inflight BYTES     request body bytes held at once; past it requests get HTTP 503 with
                           Retry-After (default ${DEFAULT_MAX_INFLIGHT_BYTES})
  --read-timeout MS        a request's headers and body must arrive within MS of its start, else
                           HTTP 408 (default 30000, at most ${MAX_TIMEOUT_MS})
  --quiet                  no per-request log lines
  -h, --help               this text

emulated tenant (what \`run --target local\` and \`record --target local\` use):
  --tenant                 serve SoPrincipal, Services88 Chat and CustomerService like a tenant,
                           with in-memory chat sessions and the user "${DEFAULT_TENANT_USER.userName}"
  --customer-id ID         first path segment, like Online's Cust12345 (default Cust12345; "" for none)
  --online                 require an ApplicationToken on every call, read from $SO_APPLICATION_TOKEN
  --drift NAME             serve an altered CustomerService WSDL (names: ${Object.keys(WSDL_ALTERATIONS).join('; ')})

The first line on stdout is "listening http://HOST:PORT"; then one line per request.
Endpoints: POST [/{tenant}]/Remote/Services{N}/CustomerService.svc, GET …?wsdl, GET /__conformance/verdicts,
GET /__conformance/ (the live verdict page).`;

const COMMAND: Command = { name: 'serve', usage: USAGE, parseErrors: 'whole' };

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const parsed = parseCommandArgs(io, COMMAND, argv, {
    host: { type: 'string' },
    port: { type: 'string' },
    'max-body': { type: 'string' },
    'app-error-ticket': { type: 'string', multiple: true },
    version: { type: 'string' },
    profile: { type: 'string' },
    'read-timeout': { type: 'string' },
    'max-inflight': { type: 'string' },
    quiet: { type: 'boolean' },
    tenant: { type: 'boolean' },
    'customer-id': { type: 'string' },
    online: { type: 'boolean' },
    drift: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const port = wholeNumber(values.port, '--port', 0, 0, 65535);
  if (typeof port === 'string') return usageError(io, COMMAND, port);
  const maxBody = wholeNumber(values['max-body'], '--max-body', DEFAULT_MAX_BODY_BYTES);
  if (typeof maxBody === 'string') return usageError(io, COMMAND, maxBody);
  // Node's timers overflow past 2^31−1 ms and fire at once: a longer timeout is a usage error.
  const readTimeout = wholeNumber(values['read-timeout'], '--read-timeout', 30_000, 0, MAX_TIMEOUT_MS);
  if (typeof readTimeout === 'string') return usageError(io, COMMAND, readTimeout);
  if (readTimeout < 1) return usageError(io, COMMAND, '--read-timeout must be at least 1');
  const maxInflight = wholeNumber(values['max-inflight'], '--max-inflight', DEFAULT_MAX_INFLIGHT_BYTES);
  if (typeof maxInflight === 'string') return usageError(io, COMMAND, maxInflight);
  if (maxInflight < 1) return usageError(io, COMMAND, '--max-inflight must be at least 1');
  const contractOptions = listenerContract(values);
  if (typeof contractOptions === 'string') return usageError(io, COMMAND, contractOptions);
  const { version, profile } = contractOptions;

  const log = values.quiet ? undefined : (line: string) => io.stdout.write(`${line}\n`);
  const contract = deleteChatSessionsContract(version);
  const derived = () => {
    if (contract.derivedFrom !== null) {
      io.stderr.write(`so-conformance serve: Services${version} is not vendored; its WSDL is ${contract.wsdlFile} with the version renamed (only DeleteChatSessions is known to match)\n`);
    }
  };
  if (values.tenant) return serveTenant(io, values, port, version, maxBody, derived);
  if (values['customer-id'] !== undefined || values.online || values.drift !== undefined) {
    return usageError(io, COMMAND, '--customer-id, --online and --drift need --tenant');
  }
  let server;
  try {
    server = await startServer({ host: values.host, port, maxBodyBytes: maxBody, version, profile, appErrorTickets: values['app-error-ticket'], readTimeoutMs: readTimeout, maxInflightBytes: maxInflight, log });
  } catch (e) {
    return cannotListen(io, COMMAND, values.host, port, e as NodeJS.ErrnoException);
  }
  io.stdout.write(`listening ${server.url}\n`);
  derived();
  if (values['app-error-ticket']?.length) io.stderr.write(`so-conformance serve: ${values['app-error-ticket'].length} app-error ticket(s) configured\n`);

  const running = server;
  return untilSignal(io, () => running.close());
}

interface TenantFlags {
  host?: string;
  'customer-id'?: string;
  online?: boolean;
  drift?: string;
}

async function serveTenant(io: CliIo, values: TenantFlags, port: number, version: ServicesVersion, maxBody: number, derived: () => void): Promise<number> {
  const alter = values.drift === undefined ? undefined : WSDL_ALTERATIONS[values.drift];
  if (values.drift !== undefined && !alter) return usageError(io, COMMAND, `--drift must be one of: ${Object.keys(WSDL_ALTERATIONS).join('; ')}`);
  // The token is a secret: from the environment only, never from argv (visible in ps).
  const token = values.online ? io.env['SO_APPLICATION_TOKEN'] : undefined;
  if (values.online && !token) return usageError(io, COMMAND, '--online needs the ApplicationToken in $SO_APPLICATION_TOKEN');
  const customerId = values['customer-id'] === '' ? null : values['customer-id'];
  let tenant;
  try {
    tenant = await startTenant({ host: values.host, port, version, customerId, applicationToken: token, alterCustomerServiceWsdl: alter, maxBodyBytes: maxBody });
  } catch (e) {
    return cannotListen(io, COMMAND, values.host, port, e as NodeJS.ErrnoException);
  }
  io.stdout.write(`listening ${tenant.origin}\n`);
  derived();
  io.stdout.write(`tenant ${tenant.url} (${token ? 'Online: ApplicationToken required' : 'on-site'}; user ${DEFAULT_TENANT_USER.userName})\n`);
  return untilSignal(io, () => tenant.close());
}

/** Resolves with exit code 0 on SIGINT/SIGTERM after closing; a stuck close does not hold the process. */
export function untilSignal(io: CliIo, close: () => Promise<void>, command = 'serve'): Promise<number> {
  return new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      io.stderr.write(`so-conformance ${command}: ${signal}, shutting down\n`);
      const force = setTimeout(() => resolve(0), 5_000);
      force.unref();
      close().then(
        () => resolve(0),
        () => resolve(0),
      );
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
}
