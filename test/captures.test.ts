/**
 * Issue 10, findings 7 and 8: a raw HTTP capture is judged as a file (positions are the file's), a
 * compressed response is decoded within a bound and judged, a compressed request is judged as WCF
 * would read it; and the example captures shipped in examples/captures/ give the verdicts the README
 * promises.
 */
import { describe, expect, it } from 'vitest';
import { gzipSync, deflateRawSync, deflateSync } from 'node:zlib';
import { buildRequest } from '../src/envelope/request.ts';
import { buildSuccessResponse } from '../src/envelope/response.ts';
import { ENCODED_REQUEST_NOTE, MAX_DECODED_BYTES } from '../src/transport/http-message.ts';
import { validate } from '../src/validate.ts';
import { requestCapture } from './cli-helpers.ts';

function responseHead(contentEncoding: string, length: number): string {
  return ['HTTP/1.1 200 OK', 'Content-Type: text/xml; charset=utf-8', `Content-Encoding: ${contentEncoding}`, `Content-Length: ${length}`, '', ''].join('\r\n');
}

function capture(head: string, body: Uint8Array): Uint8Array {
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

describe('finding 7: captures as files', () => {
  it('line and column of a violation in a raw HTTP capture are positions in the file', () => {
    const r = buildRequest({ ids: ['12x'] });
    const text = requestCapture(r);
    const v = validate(text);
    const ids4 = v.violations.find((x) => x.rule === 'IDS-004');
    expect(ids4, JSON.stringify(v.violations)).toBeDefined();
    const fileLines = text.split(/\r?\n/);
    const expectedLine = fileLines.findIndex((l) => l.includes('>12x<')) + 1;
    expect(expectedLine).toBeGreaterThan(5);
    expect(ids4!.line).toBe(expectedLine);
    // The same envelope alone is located at its own line (the head is not counted twice).
    const bare = validate(r.body).violations.find((x) => x.rule === 'IDS-004')!;
    expect(ids4!.line! - bare.line!).toBe(text.split(/\r?\n/).findIndex((l) => l === '') + 1);
    expect(ids4!.column).toBe(bare.column);
  });

  for (const [coding, encode] of [
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['deflate', deflateRawSync],
  ] as const) {
    it(`a response with Content-Encoding ${coding}${encode === deflateRawSync ? ' (raw deflate)' : ''} is decoded and judged, and the verdict says so`, () => {
      const body = Buffer.from(buildSuccessResponse().body);
      const packed = encode(body);
      const v = validate(capture(responseHead(coding, packed.byteLength), packed));
      expect(v.violations.filter((x) => x.severity === 'error'), JSON.stringify(v.violations)).toEqual([]);
      expect(v.conformant).toBe(true);
      expect(v.notes?.join('\n')).toContain(`decoded from Content-Encoding ${coding} (${packed.byteLength} → ${body.byteLength} bytes)`);
    });
  }

  it('a compression bomb stops at the limit with a located HTTP-009, not a crash or a 100 MB buffer', () => {
    const bomb = gzipSync(Buffer.alloc(MAX_DECODED_BYTES * 4, 0x20));
    expect(bomb.byteLength).toBeLessThan(200_000);
    const before = process.memoryUsage().rss;
    const v = validate(capture(responseHead('gzip', bomb.byteLength), bomb));
    expect(v.conformant).toBe(false);
    const h9 = v.violations.find((x) => x.rule === 'HTTP-009');
    expect(h9?.message).toContain(`decodes to more than ${MAX_DECODED_BYTES} bytes`);
    expect(h9?.line).toBe(6);
    // Bounded by the limit (16 MiB), not by the 64 MiB the bomb expands to.
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
  });

  it('a corrupt gzip body and an unknown coding are named', () => {
    const junk = Buffer.from('not gzip at all');
    expect(validate(capture(responseHead('gzip', junk.byteLength), junk)).violations[0]!.message).toMatch(/not valid gzip data/);
    expect(validate(capture(responseHead('compress', junk.byteLength), junk)).violations[0]!.message).toMatch(/unknown Content-Encoding "compress"/);
  });

  it('a request with Content-Encoding is judged as WCF reads it: undecoded, with a note saying why', () => {
    const r = buildRequest({});
    const packed = gzipSync(Buffer.from(r.body));
    const head = [`POST ${r.contract.endpointPath} HTTP/1.1`, 'Host: tenant.example', ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), 'Content-Encoding: gzip', `Content-Length: ${packed.byteLength}`, '', ''].join('\r\n');
    const v = validate(capture(head, packed));
    expect(v.conformant).toBe(false);
    expect(v.notes).toEqual([ENCODED_REQUEST_NOTE]);
    expect(v.violations.map((x) => x.rule)).toContain('XML-003');
  });
});
