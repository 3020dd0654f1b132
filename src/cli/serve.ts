import { parseArgs } from 'node:util';
import { startServer, DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_INFLIGHT_BYTES, MAX_TIMEOUT_MS } from '../server/index.ts';
import { isServicesVersion, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { isProfileId } from '../contract/profiles.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { processIo, type CliIo } from './io.ts';
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

function usageError(io: CliIo, message: string): number {
  io.stderr.write(`so-conformance serve: ${message}\n\n${USAGE}\n`);
  return 2;
}

function nonNegativeInt(value: string | undefined, name: string, max = Number.MAX_SAFE_INTEGER): number | string {
  if (value === undefined) return Number.NaN;
  if (!/^\d+$/.test(value) || Number(value) > max) return `${name} must be a whole number from 0 to ${max}, got "${value}"`;
  return Number(value);
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
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
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return usageError(io, e instanceof Error ? e.message : String(e));
  }
  if (values.help) {
    io.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const port = values.port === undefined ? 0 : nonNegativeInt(values.port, '--port', 65535);
  if (typeof port === 'string') return usageError(io, port);
  const maxBody = values['max-body'] === undefined ? DEFAULT_MAX_BODY_BYTES : nonNegativeInt(values['max-body'], '--max-body');
  if (typeof maxBody === 'string') return usageError(io, maxBody);
  // Node's timers overflow past 2^31−1 ms and fire at once: a longer timeout is a usage error.
  const readTimeout = values['read-timeout'] === undefined ? 30_000 : nonNegativeInt(values['read-timeout'], '--read-timeout', MAX_TIMEOUT_MS);
  if (typeof readTimeout === 'string') return usageError(io, readTimeout);
  if (readTimeout < 1) return usageError(io, '--read-timeout must be at least 1');
  const maxInflight = values['max-inflight'] === undefined ? DEFAULT_MAX_INFLIGHT_BYTES : nonNegativeInt(values['max-inflight'], '--max-inflight');
  if (typeof maxInflight === 'string') return usageError(io, maxInflight);
  if (maxInflight < 1) return usageError(io, '--max-inflight must be at least 1');
  const version = values.version === undefined ? DEFAULT_VERSION : Number(values.version);
  if (!isServicesVersion(version)) return usageError(io, `--version must be one of 83-88, got "${values.version}"`);
  const profile = values.profile ?? 'wsdl';
  if (!isProfileId(profile)) return usageError(io, `--profile must be wsdl or soap12, got "${profile}"`);
  if (values.host === '') return usageError(io, '--host must not be empty');

  const log = values.quiet ? undefined : (line: string) => io.stdout.write(`${line}\n`);
  const contract = deleteChatSessionsContract(version);
  const derived = () => {
    if (contract.derivedFrom !== null) {
      io.stderr.write(`so-conformance serve: Services${version} is not vendored; its WSDL is ${contract.wsdlFile} with the version renamed (only DeleteChatSessions is known to match)\n`);
    }
  };
  if (values.tenant) return serveTenant(io, values, port, version, maxBody, derived);
  if (values['customer-id'] !== undefined || values.online || values.drift !== undefined) {
    return usageError(io, '--customer-id, --online and --drift need --tenant');
  }
  let server;
  try {
    server = await startServer({ host: values.host, port, maxBodyBytes: maxBody, version, profile, appErrorTickets: values['app-error-ticket'], readTimeoutMs: readTimeout, maxInflightBytes: maxInflight, log });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(`so-conformance serve: cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${err.code ?? err.message}\n`);
    return 1;
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
  if (values.drift !== undefined && !alter) return usageError(io, `--drift must be one of: ${Object.keys(WSDL_ALTERATIONS).join('; ')}`);
  // The token is a secret: from the environment only, never from argv (visible in ps).
  const token = values.online ? io.env['SO_APPLICATION_TOKEN'] : undefined;
  if (values.online && !token) return usageError(io, '--online needs the ApplicationToken in $SO_APPLICATION_TOKEN');
  const customerId = values['customer-id'] === '' ? null : values['customer-id'];
  let tenant;
  try {
    tenant = await startTenant({ host: values.host, port, version, customerId, applicationToken: token, alterCustomerServiceWsdl: alter, maxBodyBytes: maxBody });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    io.stderr.write(`so-conformance serve: cannot listen on ${values.host ?? '127.0.0.1'}:${port}: ${err.code ?? err.message}\n`);
    return 1;
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
