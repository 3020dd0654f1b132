/**
 * The one bounded HTTP call every client in the project makes: a timeout on the whole exchange and a
 * cap on the response body (an over-large declared Content-Length is refused unread; a streamed body
 * is cut off at the cap). It does not interpret failures: callers name them in their own vocabulary
 * (exchange.ts as values for reports, live/transport.ts as LiveError for scenarios).
 */
import { interruptSignal } from './interrupt.ts';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
}

export type LimitedResult =
  | { kind: 'ok'; res: Response; bytes: Uint8Array; declared: number }
  /** Over the cap: by the declared Content-Length (body unread) or while streaming. */
  | { kind: 'too-large'; res: Response; by: 'declared' | 'streamed'; declared: number }
  /** fetch failed before a response (`res` absent) or while the body was arriving. */
  | { kind: 'error'; error: unknown; timedOut: boolean; res?: Response };

export async function fetchLimited(url: string, init: RequestInit, limits: FetchLimits): Promise<LimitedResult> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  // An interrupted run (SIGINT/SIGTERM) stops waiting at once, so its reports can be written.
  const signal = AbortSignal.any([timeout, interruptSignal]);
  let res: Response;
  try {
    res = await fetch(url, { ...init, signal, redirect: 'manual' });
  } catch (error) {
    return { kind: 'error', error, timedOut: timeout.aborted };
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limits.maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return { kind: 'too-large', res, by: 'declared', declared };
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limits.maxBytes) {
          await reader.cancel().catch(() => undefined);
          return { kind: 'too-large', res, by: 'streamed', declared };
        }
        chunks.push(value);
      }
    } catch (error) {
      return { kind: 'error', error, timedOut: timeout.aborted, res };
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return { kind: 'ok', res, bytes, declared };
}
