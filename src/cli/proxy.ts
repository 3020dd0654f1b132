/**
 * so-conformance proxy --upstream URL: a validating proxy between a client and a tenant (DESIGN §6).
 * The first stdout line is `listening http://HOST:PORT`; then one line per exchange with both verdicts.
 */
import { DEFAULT_VERSION } from '../contract/namespaces.ts';
import { startProxy, upstreamUrl, DEFAULT_MAX_BODY_BYTES, DEFAULT_UPSTREAM_TIMEOUT_MS, type RunningProxy } from '../proxy/index.ts';
import { startRecorder, type Recorder } from '../proxy/record.ts';
import { untilSignal } from './serve.ts';
import { processIo, type CliIo } from './io.ts';
import { cannotListen, listenerContract, parseCommandArgs, usageError, wholeNumber, type Command } from './command-args.ts';

export const USAGE = `usage: so-conformance proxy --upstream URL [options]

Forwards every request to URL unchanged and hands back the answer unchanged, judging both
directions with the rule catalogue: point your client at the proxy instead of the tenant.

options:
  --upstream URL           where requests go: http(s)://host[:port][/base-path] (required)
  --host HOST              interface to listen on (default 127.0.0.1)
  --port N                 port, 0 for any free one (default 0)
  --record DIR             also write what passed through as a scrubbed recording in DIR
                           (replay it with: so-conformance run --target replay --recording DIR)
  --profile wsdl|soap12    how the contract is carried (default wsdl: SOAP 1.1 as bound)
  --version N              services version 83-88 (default ${DEFAULT_VERSION})
  --insecure               do not check the upstream's TLS certificate (default: Node's checks)
  --timeout MS             the upstream must answer completely within MS (default ${DEFAULT_UPSTREAM_TIMEOUT_MS})
  --max-body BYTES         largest body either way (default ${DEFAULT_MAX_BODY_BYTES}): a bigger
                           request gets 413, a bigger answer 502
  --read-timeout MS        cut off clients that stall while sending (default 30000)
  --wsdl-as-is             hand ?wsdl answers back unchanged (default: their soap:address names
                           the proxy, so generated clients keep talking through it)
  --quiet                  no per-exchange log lines
  -h, --help               this text

Own paths: GET /__conformance/verdicts (JSON), GET /__conformance/ (the live verdict page).
An upstream that fails, times out or answers too much gets the client a 502 with a plain-text reason.`;

const COMMAND: Command = { name: 'proxy', usage: USAGE, parseErrors: 'whole' };

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const parsed = parseCommandArgs(io, COMMAND, argv, {
    upstream: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    record: { type: 'string' },
    profile: { type: 'string' },
    version: { type: 'string' },
    insecure: { type: 'boolean' },
    timeout: { type: 'string' },
    'max-body': { type: 'string' },
    'read-timeout': { type: 'string' },
    'wsdl-as-is': { type: 'boolean' },
    quiet: { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  if (!values.upstream) return usageError(io, COMMAND, '--upstream URL is required');
  try {
    upstreamUrl(values.upstream);
  } catch (e) {
    return usageError(io, COMMAND, (e as Error).message);
  }
  const port = wholeNumber(values.port, '--port', 0, 0, 65535);
  if (typeof port === 'string') return usageError(io, COMMAND, port);
  const timeout = wholeNumber(values.timeout, '--timeout', DEFAULT_UPSTREAM_TIMEOUT_MS, 1);
  if (typeof timeout === 'string') return usageError(io, COMMAND, timeout);
  const maxBody = wholeNumber(values['max-body'], '--max-body', DEFAULT_MAX_BODY_BYTES);
  if (typeof maxBody === 'string') return usageError(io, COMMAND, maxBody);
  const readTimeout = wholeNumber(values['read-timeout'], '--read-timeout', 30_000, 1);
  if (typeof readTimeout === 'string') return usageError(io, COMMAND, readTimeout);
  const contract = listenerContract(values);
  if (typeof contract === 'string') return usageError(io, COMMAND, contract);
  const { version, profile } = contract;
  if (values.record === '') return usageError(io, COMMAND, '--record needs a directory');

  const log = values.quiet ? undefined : (line: string) => io.stdout.write(`${line}\n`);
  let recorder: Recorder | undefined;
  if (values.record !== undefined) recorder = startRecorder({ dir: values.record, upstream: values.upstream, version, warn: (line) => io.stderr.write(`so-conformance proxy: ${line}\n`) });
  let proxy: RunningProxy;
  try {
    proxy = await startProxy({
      upstream: values.upstream,
      host: values.host,
      port,
      profile,
      version,
      insecure: values.insecure ?? false,
      upstreamTimeoutMs: timeout,
      maxBodyBytes: maxBody,
      readTimeoutMs: readTimeout,
      rewriteWsdlAddress: !values['wsdl-as-is'],
      log,
      ...(recorder ? { onExchange: recorder.add } : {}),
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code) return cannotListen(io, COMMAND, values.host, port, err);
    return usageError(io, COMMAND, err.message);
  }
  io.stdout.write(`listening ${proxy.url}\n`);
  if (values.insecure) io.stderr.write('so-conformance proxy: --insecure: the upstream certificate is NOT checked\n');
  const running = proxy;
  const clean = await untilSignal(io, () => running.close(), 'proxy');
  if (!recorder) return clean;
  const written = recorder.close();
  return written ? clean : 1;
}
