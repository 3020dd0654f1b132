/**
 * One HTTP exchange with a tenant: a timeout on every call (AbortSignal), a cap on the response size,
 * and failures turned into a LiveError whose kind and message name the cause, so a scenario failure
 * says "DNS", "TLS", "timed out" or "truncated" rather than "fetch failed".
 */

export type LiveErrorKind =
  | 'bad-url'
  | 'dns'
  | 'refused'
  | 'tls'
  | 'timeout'
  | 'reset'
  | 'truncated'
  | 'too-large'
  | 'gzip'
  | 'not-served'
  | 'http-error'
  | 'not-soap'
  | 'login-failed'
  | 'app-error'
  | 'refused-by-suite'
  /** --target replay: the request no longer matches the recording (the message holds the diff). */
  | 'replay-mismatch';

export class LiveError extends Error {
  override readonly name = 'LiveError';
  constructor(
    readonly kind: LiveErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    // An expected failure with a named cause: reports show the sentence, not where it was thrown.
    this.stack = `${this.name}: ${message}`;
  }
}

export interface HttpRequest {
  url: string;
  method: 'POST' | 'GET';
  headers: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  bytes: Uint8Array;
  text: string;
  ms: number;
}

export interface TransportOptions {
  timeoutMs: number;
  maxBytes: number;
}

import { fetchLimited } from '../transport/fetch-limited.ts';

export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The code the replay target puts on the error it answers a request the recording does not hold with. */
export const REPLAY_MISMATCH = 'SO_REPLAY_MISMATCH';

const TLS_CODES = /^(CERT_|ERR_TLS_|ERR_SSL_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT|HOSTNAME_MISMATCH)/;

function causeOf(e: unknown): { code?: string; message: string } {
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur; i++) {
    const c = cur as { code?: string; message?: string; cause?: unknown };
    if (c.code) return { code: c.code, message: c.message ?? '' };
    if (!c.cause) return { message: c.message ?? String(cur) };
    cur = c.cause;
  }
  return { message: String(e) };
}

function isTimeout(e: unknown): boolean {
  const n = (e as { name?: string }).name;
  return n === 'TimeoutError' || n === 'AbortError';
}

/** Where a request went, without query or credentials: safe for messages and reports. */
export function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

function classify(e: unknown, url: string, timeoutMs: number, phase: 'connect' | 'body'): LiveError {
  const where = safeTarget(url);
  if (isTimeout(e)) return new LiveError('timeout', `timed out after ${timeoutMs} ms waiting for ${phase === 'body' ? 'the response body' : 'a response'} from ${where}`);
  const { code, message } = causeOf(e);
  if (code === REPLAY_MISMATCH) return new LiveError('replay-mismatch', message);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return new LiveError('dns', `DNS lookup failed for ${new URL(url).hostname} (${code}): check the base URL`);
  if (code === 'ECONNREFUSED') return new LiveError('refused', `connection refused by ${new URL(url).host}: nothing listens there (check the base URL and port)`);
  if (code && TLS_CODES.test(code)) return new LiveError('tls', `TLS problem talking to ${new URL(url).host}: ${code}${message ? ` (${message})` : ''}`);
  if (phase === 'body') return new LiveError('truncated', `the response body from ${where} was cut off before it was complete (truncated body: ${code ?? message})`);
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') {
    return new LiveError('reset', `connection reset by ${new URL(url).host} before any response (${code})`);
  }
  return new LiveError('reset', `request to ${where} failed: ${code ?? ''} ${message}`.trim());
}

/** Sees every exchange `send` completes, in order: `record` keeps them (drift's GETs included). */
export type SendObserver = (req: HttpRequest, res: HttpResponse) => void;
let observer: SendObserver | undefined;

export function observeSends(o: SendObserver | undefined): void {
  observer = o;
}

/** Sends one request; throws LiveError on transport failures. HTTP error statuses are returned. */
export async function send(req: HttpRequest, opts: TransportOptions): Promise<HttpResponse> {
  const res = await sendOnce(req, opts);
  observer?.(req, res);
  return res;
}

async function sendOnce(req: HttpRequest, opts: TransportOptions): Promise<HttpResponse> {
  try {
    new URL(req.url);
  } catch {
    throw new LiveError('bad-url', `not a valid URL: ${JSON.stringify(req.url)}`);
  }
  const t0 = performance.now();
  const out = await fetchLimited(req.url, { method: req.method, headers: req.headers, body: req.body }, { timeoutMs: opts.timeoutMs, maxBytes: opts.maxBytes });
  if (out.kind === 'error') throw classify(out.error, req.url, opts.timeoutMs, out.res ? 'body' : 'connect');
  if (out.kind === 'too-large') {
    throw new LiveError(
      'too-large',
      out.by === 'declared'
        ? `the response from ${safeTarget(req.url)} declares ${out.declared} bytes, over the limit of ${opts.maxBytes}`
        : `the response from ${safeTarget(req.url)} exceeded the limit of ${opts.maxBytes} bytes`,
    );
  }
  const { res, bytes } = out;
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    headers[k.toLowerCase()] = v;
  });
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new LiveError('gzip', `the response from ${safeTarget(req.url)} is gzip-compressed but its Content-Encoding ${headers['content-encoding'] ? `says "${headers['content-encoding']}"` : 'header is missing'}: the body cannot be read as XML`);
  }
  return { status: res.status, headers, bytes, text: new TextDecoder().decode(bytes), ms: Math.round(performance.now() - t0) };
}
