/**
 * What the rules judge is the message, not its transfer packaging: a gzip, deflate or brotli body is
 * decoded for judging (the client still gets the bytes as sent). Decoding is capped like every other
 * body, so a small "zip bomb" cannot take memory.
 */
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

export type Decoded = { ok: true; bytes: Uint8Array; encoding: string | null } | { ok: false; message: string };

export function decodeContent(bytes: Uint8Array, contentEncoding: string | undefined, maxBytes: number): Decoded {
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (!enc || enc === 'identity' || bytes.byteLength === 0) return { ok: true, bytes, encoding: null };
  const opts = { maxOutputLength: maxBytes };
  try {
    if (enc === 'gzip' || enc === 'x-gzip') return { ok: true, bytes: gunzipSync(bytes, opts), encoding: enc };
    if (enc === 'deflate') return { ok: true, bytes: inflateSync(bytes, opts), encoding: enc };
    if (enc === 'br') return { ok: true, bytes: brotliDecompressSync(bytes, opts), encoding: enc };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') return { ok: false, message: `the ${enc} body decodes to more than ${maxBytes} bytes` };
    return { ok: false, message: `the body is labelled Content-Encoding: ${enc} but does not decode (${(e as Error).message})` };
  }
  return { ok: false, message: `Content-Encoding: ${enc} is not one the proxy can decode for judging` };
}
