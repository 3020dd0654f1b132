/**
 * One HTTP exchange over fetch, kept byte for byte: what was sent and what came back (status,
 * headers, body), or a failure value naming its cause. Every call has a timeout and a response size
 * limit, so a stuck or hostile endpoint costs at most `timeoutMs` and `maxResponseBytes`.
 */

export interface ExchangeRequest {
  url: string;
  method?: string;
  /** Header names as given; sent as is. */
  headers: Record<string, string>;
  body: Uint8Array | string;
  /** Whole exchange, connect to last body byte. */
  timeoutMs?: number;
  maxResponseBytes?: number;
}

export interface SentRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

export interface ReceivedResponse {
  status: number;
  statusText: string;
  /** Lower-cased names; repeated headers joined with ", " (set-cookie kept apart, joined with "\n"). */
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** `no-fixture` comes from the fixtures target: nock refused a request no fixture matches. */
export type ExchangeFailureKind = 'timeout' | 'refused' | 'too-large' | 'truncated' | 'network' | 'no-fixture';

export interface ExchangeFailure {
  kind: ExchangeFailureKind;
  message: string;
}

export type Exchange =
  | { ok: true; request: SentRequest; response: ReceivedResponse; durationMs: number }
  | { ok: false; request: SentRequest; failure: ExchangeFailure; durationMs: number; response?: Omit<ReceivedResponse, 'bytes'> };

import { fetchLimited } from './fetch-limited.ts';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

function causeChain(e: unknown): { codes: string[]; messages: string[] } {
  const codes: string[] = [];
  const messages: string[] = [];
  for (let c: unknown = e, depth = 0; c && depth < 6; c = (c as { cause?: unknown }).cause, depth++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const name = (c as { name?: unknown }).name;
    if (typeof name === 'string') codes.push(name);
    if (c instanceof Error && c.message) messages.push(c.message);
    // AggregateError (happy eyeballs) hides the real codes in .errors.
    for (const inner of ((c as { errors?: unknown[] }).errors ?? []) as unknown[]) {
      const ic = (inner as { code?: unknown }).code;
      if (typeof ic === 'string') codes.push(ic);
    }
  }
  return { codes, messages };
}

function classify(e: unknown, req: SentRequest, timeoutMs: number, timedOut: boolean, phase: 'connect' | 'body'): ExchangeFailure {
  const { codes, messages } = causeChain(e);
  const where = `${req.method} ${req.url}`;
  if (timedOut || codes.includes('TimeoutError')) {
    return { kind: 'timeout', message: `timeout: no complete response to ${where} within ${timeoutMs} ms${phase === 'body' ? ' (the body stopped arriving)' : ''}` };
  }
  if (codes.includes('ECONNREFUSED')) return { kind: 'refused', message: `connection refused: nothing listens at ${new URL(req.url).host} (${where})` };
  if (phase === 'body' || codes.some((c) => ['UND_ERR_SOCKET', 'ECONNRESET', 'UND_ERR_RES_CONTENT_LENGTH_MISMATCH'].includes(c))) {
    return { kind: 'truncated', message: `truncated response: the connection closed before the whole body of ${where} arrived (${messages.at(-1) ?? 'no detail'})` };
  }
  const detail = [...new Set(messages)].join(': ') || String(e);
  return { kind: 'network', message: `network error on ${where}: ${detail}${codes.length ? ` [${[...new Set(codes)].join(', ')}]` : ''}` };
}

function headersOf(h: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  h.forEach((value, name) => {
    out[name] = value;
  });
  const cookies = h.getSetCookie();
  if (cookies.length) out['set-cookie'] = cookies.join('\n');
  return out;
}

/** Performs one exchange. Never throws for network trouble: failures are values. */
export async function exchange(r: ExchangeRequest): Promise<Exchange> {
  const timeoutMs = r.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const limit = r.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const bytes = typeof r.body === 'string' ? new TextEncoder().encode(r.body) : r.body;
  const request: SentRequest = { method: r.method ?? 'POST', url: r.url, headers: { ...r.headers }, bytes };
  const started = performance.now();
  const done = () => performance.now() - started;
  const out = await fetchLimited(r.url, { method: request.method, headers: r.headers, body: bytes as Uint8Array<ArrayBuffer> }, { timeoutMs, maxBytes: limit });
  if (out.kind === 'error' && !out.res) return { ok: false, request, failure: classify(out.error, request, timeoutMs, out.timedOut, 'connect'), durationMs: done() };
  const head = { status: out.res!.status, statusText: out.res!.statusText, headers: headersOf(out.res!.headers) };
  if (out.kind === 'error') return { ok: false, request, response: head, failure: classify(out.error, request, timeoutMs, out.timedOut, 'body'), durationMs: done() };
  if (out.kind === 'too-large') {
    const message = out.by === 'declared' ? `response too large: Content-Length ${out.declared} bytes is over the limit of ${limit}` : `response too large: more than ${limit} bytes of body (stopped reading)`;
    return { ok: false, request, response: head, failure: { kind: 'too-large', message }, durationMs: done() };
  }
  if (Number.isFinite(out.declared) && out.declared !== out.bytes.byteLength) {
    return { ok: false, request, response: head, failure: { kind: 'truncated', message: `truncated response: Content-Length says ${out.declared} bytes, ${out.bytes.byteLength} arrived` }, durationMs: done() };
  }
  return { ok: true, request, response: { ...head, bytes: out.bytes }, durationMs: done() };
}

/** The exchange as text lines (start line, headers), for reports and error messages. */
export function describeRequestHead(req: SentRequest): string {
  const u = new URL(req.url);
  return [`${req.method} ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`, ...Object.entries(req.headers).map(([k, v]) => `${k}: ${v}`)].join('\n');
}

export function describeResponseHead(res: Omit<ReceivedResponse, 'bytes'>): string {
  return [`HTTP/1.1 ${res.status} ${res.statusText}`.trimEnd(), ...Object.entries(res.headers).flatMap(([k, v]) => v.split('\n').map((x) => `${k}: ${x}`))].join('\n');
}
