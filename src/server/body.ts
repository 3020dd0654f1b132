import type { IncomingMessage } from 'node:http';

export type BodyResult =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: 'too-large'; received: number }
  | { ok: false; reason: 'timeout'; received: number }
  | { ok: false; reason: 'aborted'; received: number }
  | { ok: false; reason: 'busy'; received: number };

/**
 * Reads a request body, never holding more than `maxBytes`: an over-size body is refused as soon as
 * the count passes the limit (the rest is not read), and a client that stops sending is cut off
 * after `timeoutMs` (counted from the start of reading, not from the last byte). `admit(n)`, when given,
 * is asked before each chunk is kept: false stops reading (`busy`), so the server's in-flight budget
 * holds for bodies of unknown length too.
 */
export function readBody(req: IncomingMessage, maxBytes: number, timeoutMs: number, admit?: (bytes: number) => boolean): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const finish = (r: BodyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAbort);
      req.off('aborted', onAbort);
      if (!r.ok) req.pause();
      resolve(r);
    };
    const onData = (chunk: Buffer) => {
      received += chunk.byteLength;
      if (received > maxBytes) {
        chunks.length = 0;
        finish({ ok: false, reason: 'too-large', received });
        return;
      }
      if (admit && !admit(chunk.byteLength)) {
        chunks.length = 0;
        finish({ ok: false, reason: 'busy', received });
        return;
      }
      chunks.push(chunk);
    };
    // One copy into a plain Uint8Array of its own: a chunk may be a view of a larger socket buffer,
    // which a kept body (the live page) must not pin.
    const onEnd = () => finish({ ok: true, bytes: joined(chunks, received) });
    const onAbort = () => finish({ ok: false, reason: 'aborted', received });
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout', received }), timeoutMs);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAbort);
    req.on('aborted', onAbort);
  });
}

function joined(chunks: readonly Buffer[], length: number): Uint8Array {
  if (chunks.length === 1) return new Uint8Array(chunks[0]!);
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
