import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';
import type { HttpInfo } from './http-info.ts';

/** A raw HTTP message as captured by a proxy: start line, headers, blank line, body. */
export interface RawHttpMessage {
  kind: 'request' | 'response';
  http: HttpInfo;
  /** The body the rules judge: de-chunked, and for a response decoded from its Content-Encoding. */
  body: Uint8Array;
  /** Line of the file where the body starts (1-based), so positions in the body map to the file. */
  bodyLine: number;
  /** The body is not the file's bytes (de-chunked or decoded): its positions are in the decoded body. */
  transformed: boolean;
  /** Content-Encoding a response was decoded from, with the sizes. */
  decoded?: { encoding: string; from: number; to: number };
  /** What the reader should know about how the body was read (decoding, an encoded request). */
  notes: string[];
}

/** The largest decoded body: a compression bomb stops here instead of filling memory. */
export const MAX_DECODED_BYTES = 16 * 1024 * 1024;

type Decoded = { body: Uint8Array; encoding: string } | { problem: string };

/**
 * Undoes a response's Content-Encoding (gzip, x-gzip, deflate, br; a list is undone last first),
 * never producing more than `limit` bytes.
 */
export function decodeContent(body: Uint8Array, header: string, limit = MAX_DECODED_BYTES): Decoded {
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity');
  let out = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  for (const c of codings.reverse()) {
    const opts = { maxOutputLength: limit };
    try {
      if (c === 'gzip' || c === 'x-gzip') out = gunzipSync(out, opts);
      else if (c === 'deflate') {
        // RFC 9110 says zlib-wrapped; some servers send raw deflate, as browsers tolerate.
        try {
          out = inflateSync(out, opts);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw e;
          out = inflateRawSync(out, opts);
        }
      } else if (c === 'br') out = brotliDecompressSync(out, opts);
      else return { problem: `unknown Content-Encoding "${c}": the body cannot be decoded (gzip, deflate and br can)` };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return { problem: `the ${c}-encoded body decodes to more than ${limit} bytes (stopped there: a compression bomb, or a body too large to judge)` };
      return { problem: `the body is not valid ${c} data (Content-Encoding: ${header}): ${(e as Error).message}` };
    }
  }
  return { body: out, encoding: codings.reverse().join(', ') };
}

/**
 * What WCF's BasicHttpBinding does with a request that carries Content-Encoding: nothing. Its HTTP
 * transport hands the body bytes to the text message encoder as they are (CoreWCF
 * src/CoreWCF.Http/src/CoreWCF/Channels/HttpChannelHelpers.cs, HttpInput.ParseIncomingMessageAsync:
 * no Content-Encoding is read; an XmlException becomes a ProtocolException, HTTP 400), and
 * HttpTransportBindingElement.DecompressionEnabled is the client's automatic decompression of
 * responses. So a request is judged as the bytes WCF would read, undecoded.
 */
export const ENCODED_REQUEST_NOTE =
  'the request carries Content-Encoding: WCF\'s BasicHttpBinding does not decode request bodies (its transport hands the bytes to the XML reader as they are, so a compressed request is refused as unreadable, HTTP 400): judged as sent, undecoded';

/** A message that could not be read; `kind` is known once the start line was recognised. */
export type RawHttpProblem = { problem: string; line: number; kind?: 'request' | 'response' };

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?$/;
const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})(?: .*)?$/;

/** True when the input starts like an HTTP message rather than an XML document. */
export function looksLikeHttp(bytes: Uint8Array): boolean {
  // Both start lines begin with an upper-case letter (a method, or HTTP/): anything else, an XML
  // document's `<` or BOM among them, is decided without decoding.
  const c = bytes[0];
  if (c === undefined || c < 0x41 || c > 0x5a) return false;
  const head = Buffer.from(bytes.subarray(0, 256)).toString('latin1');
  const first = head.split(/\r?\n/, 1)[0] ?? '';
  return REQUEST_LINE.test(first) || STATUS_LINE.test(first);
}

function indexOfBlankLine(buf: Buffer): { at: number; skip: number } | undefined {
  const crlf = buf.indexOf('\r\n\r\n');
  const lf = buf.indexOf('\n\n');
  if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: crlf, skip: 4 };
  if (lf >= 0) return { at: lf, skip: 2 };
  return undefined;
}

export function parseRawHttp(bytes: Uint8Array): RawHttpMessage | RawHttpProblem {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const split = indexOfBlankLine(buf);
  const headText = buf.subarray(0, split ? split.at : buf.length).toString('latin1');
  const lines = headText.split(/\r?\n/);
  const start = lines[0] ?? '';
  const req = REQUEST_LINE.exec(start);
  const res = STATUS_LINE.exec(start);
  if (!req && !res) return { problem: `not an HTTP request or status line: "${start.slice(0, 60)}"`, line: 1 };
  const headers: Record<string, string> = {};
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]!;
    const c = l.indexOf(':');
    if (c <= 0) return { problem: `malformed HTTP header line "${l.slice(0, 60)}"`, line: i + 1, kind: req ? 'request' : 'response' };
    const name = l.slice(0, c).trim().toLowerCase();
    const value = l.slice(c + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  let body: Uint8Array = split ? buf.subarray(split.at + split.skip) : new Uint8Array(0);
  const kind = req ? 'request' : 'response';
  // Head lines, then the blank line: the body's first byte is on the line after.
  const bodyLine = lines.length + 2;
  let transformed = false;
  const notes: string[] = [];
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const d = dechunk(Buffer.from(body));
    if ('problem' in d) return { problem: d.problem, line: bodyLine, kind };
    body = d.body;
    transformed = true;
  }
  let decoded: RawHttpMessage['decoded'];
  const coding = headers['content-encoding'];
  if (coding !== undefined && coding.split(',').some((c) => !['', 'identity'].includes(c.trim().toLowerCase()))) {
    if (kind === 'request') notes.push(ENCODED_REQUEST_NOTE);
    else {
      const d = decodeContent(body, coding);
      if ('problem' in d) return { problem: d.problem, line: bodyLine, kind };
      decoded = { encoding: d.encoding, from: body.byteLength, to: d.body.byteLength };
      notes.push(`the body was decoded from Content-Encoding ${d.encoding} (${decoded.from} → ${decoded.to} bytes) before it was judged; line and column are positions in the decoded body`);
      body = d.body;
      transformed = true;
    }
  } else if (transformed) notes.push('the body was de-chunked before it was judged; line and column are positions in the de-chunked body');
  const http: HttpInfo = req ? { method: req[1]!, target: req[2]!, headers } : { status: Number(res![1]), headers, ...(decoded ? { wireBytes: decoded.from } : {}) };
  return { kind, http, body, bodyLine, transformed, ...(decoded ? { decoded } : {}), notes };
}

function dechunk(buf: Buffer): { body: Uint8Array } | { problem: string } {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol < 0) return { problem: 'truncated chunked body: missing chunk size line' };
    const token = buf.subarray(pos, eol).toString('latin1').split(';')[0]!.trim();
    // RFC 9112 §7.1: chunk-size is 1*HEXDIG; parseInt alone would accept "-1" or "12xyz".
    if (!/^[0-9A-Fa-f]+$/.test(token)) return { problem: `malformed chunk size "${token.slice(0, 20)}" in chunked body` };
    const size = parseInt(token, 16);
    if (size === 0) return { body: Buffer.concat(parts) };
    const from = eol + 2;
    if (from + size > buf.length) return { problem: 'truncated chunked body: a chunk is shorter than its size' };
    parts.push(buf.subarray(from, from + size));
    pos = from + size;
    if (pos + 2 > buf.length) return { problem: 'truncated chunked body: missing CRLF after chunk data' };
    if (buf[pos] !== 0x0d || buf[pos + 1] !== 0x0a) return { problem: 'malformed chunked body: chunk data is longer than its size (no CRLF after it)' };
    pos += 2;
  }
}
