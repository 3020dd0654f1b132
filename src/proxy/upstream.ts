/**
 * One call to the upstream over node:http(s), never fetch: fetch decodes gzip and rewrites headers,
 * and a proxy must hand back exactly the bytes it received. Every call is bounded: a timeout on the
 * whole exchange and a cap on the answer body. Failures are values naming their cause.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

export type UpstreamFailureKind = 'refused' | 'timeout' | 'tls' | 'too-large' | 'truncated' | 'network';

export interface UpstreamFailure {
  kind: UpstreamFailureKind;
  message: string;
}

export interface UpstreamTarget {
  url: URL;
  /** Node's default certificate checks unless this is set (--insecure). */
  insecure: boolean;
  timeoutMs: number;
}

export interface UpstreamCall {
  /** Resolves once the status line and headers arrived, or with the failure before that. */
  response: Promise<{ ok: true; res: IncomingMessage } | { ok: false; failure: UpstreamFailure }>;
  /** Resolves with a failure if the call fails after the head (timeout, reset); never rejects. */
  failed: Promise<UpstreamFailure>;
  abort(): void;
}

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME|ALTNAME/;

export function describeFailure(err: unknown, target: URL, timeoutMs: number, timedOut: boolean, phase: 'head' | 'body'): UpstreamFailure {
  const e = err as NodeJS.ErrnoException | undefined;
  const code = e?.code ?? '';
  const where = target.host;
  if (timedOut) return { kind: 'timeout', message: `the upstream at ${where} did not ${phase === 'head' ? 'answer' : 'finish its answer'} within ${timeoutMs} ms` };
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `connection refused: nothing listens at ${where}` };
  if (TLS_CODES.test(code)) return { kind: 'tls', message: `TLS failure with ${where}: ${e?.message ?? code} [${code}] (--insecure skips certificate checks)` };
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { kind: 'network', message: `cannot resolve ${target.hostname} [${code}]` };
  if (phase === 'body' || code === 'ECONNRESET' || code === 'EPIPE' || e?.message === 'aborted') {
    return { kind: 'truncated', message: `the upstream at ${where} closed the connection ${phase === 'body' ? 'before the whole answer arrived' : 'without answering'}${code ? ` [${code}]` : ''}` };
  }
  return { kind: 'network', message: `network error talking to ${where}: ${e?.message ?? String(err)}${code ? ` [${code}]` : ''}` };
}

/** Connection pools kept per proxy, so a burst of requests reuses sockets instead of opening new ones. */
export function agentsFor(insecure: boolean): { http: HttpAgent; https: HttpsAgent } {
  return {
    http: new HttpAgent({ keepAlive: true, maxSockets: 256 }),
    https: new HttpsAgent({ keepAlive: true, maxSockets: 256, rejectUnauthorized: !insecure }),
  };
}

export function callUpstream(
  target: UpstreamTarget,
  agents: { http: HttpAgent; https: HttpsAgent },
  method: string,
  path: string,
  rawHeaders: string[],
  body: Uint8Array,
): UpstreamCall {
  const secure = target.url.protocol === 'https:';
  let timedOut = false;
  let settleHead!: (v: Awaited<UpstreamCall['response']>) => void;
  let settleFail!: (f: UpstreamFailure) => void;
  const response = new Promise<Awaited<UpstreamCall['response']>>((r) => (settleHead = r));
  const failed = new Promise<UpstreamFailure>((r) => (settleFail = r));
  let gotHead = false;
  const req = (secure ? httpsRequest : httpRequest)({
    protocol: target.url.protocol,
    hostname: target.url.hostname.replace(/^\[|\]$/g, ''),
    port: target.url.port || (secure ? 443 : 80),
    method,
    path,
    headers: rawHeaders,
    agent: secure ? agents.https : agents.http,
    // Node derives the TLS server name from the host (and sends none for an IP address, as RFC 6066 wants).
    ...(secure ? { rejectUnauthorized: !target.insecure } : {}),
  });
  const timer = setTimeout(() => {
    timedOut = true;
    req.destroy(new Error('timeout'));
  }, target.timeoutMs);
  const fail = (err: unknown) => {
    clearTimeout(timer);
    const f = describeFailure(err, target.url, target.timeoutMs, timedOut, gotHead ? 'body' : 'head');
    if (!gotHead) settleHead({ ok: false, failure: f });
    settleFail(f);
  };
  req.on('error', fail);
  req.on('response', (res) => {
    gotHead = true;
    settleHead({ ok: true, res });
    res.on('error', fail);
    res.on('aborted', () => fail(new Error('aborted')));
    res.on('end', () => clearTimeout(timer));
    res.on('close', () => {
      clearTimeout(timer);
      if (!res.complete) fail(new Error('aborted'));
    });
  });
  req.end(body);
  return {
    response,
    failed,
    abort: () => {
      clearTimeout(timer);
      req.destroy();
    },
  };
}
