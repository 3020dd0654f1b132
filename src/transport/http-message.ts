import type { HttpInfo } from './http-info.ts';

/** A raw HTTP message as captured by a proxy: start line, headers, blank line, body. */
export interface RawHttpMessage {
  kind: 'request' | 'response';
  http: HttpInfo;
  body: Uint8Array;
}

/** A message that could not be read; `kind` is known once the start line was recognised. */
export type RawHttpProblem = { problem: string; line: number; kind?: 'request' | 'response' };

const REQUEST_LINE = /^([A-Z]+) (\S+) HTTP\/\d(?:\.\d)?$/;
const STATUS_LINE = /^HTTP\/\d(?:\.\d)? (\d{3})(?: .*)?$/;

/** True when the input starts like an HTTP message rather than an XML document. */
export function looksLikeHttp(bytes: Uint8Array): boolean {
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
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
    const d = dechunk(Buffer.from(body));
    if ('problem' in d) return { problem: d.problem, line: lines.length + 2, kind: req ? 'request' : 'response' };
    body = d.body;
  }
  const http: HttpInfo = req ? { method: req[1]!, target: req[2]!, headers } : { status: Number(res![1]), headers };
  return { kind: req ? 'request' : 'response', http, body };
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
