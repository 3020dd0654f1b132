import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validate, type Verdict } from '../src/validate.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { DEFAULT_LIMITS } from '../src/xml/parse.ts';

/**
 * The worst inputs there are, each through the public `validate()`: every one must come back as a
 * verdict (never an exception) that is non-conformant with a located XML-* violation, in bounded
 * memory. Speed is deliberately not asserted (see bench/).
 */

const MB = 1024 * 1024;
const RSS_BUDGET = 512 * MB;
const enc = new TextEncoder();
const valid = buildRequest({ ids: [1, 2, 3] }).body;

/** Runs validate, checks the memory it took, and returns the verdict. */
function judge(input: Uint8Array | string): Verdict {
  const before = process.memoryUsage().rss;
  let verdict: Verdict | undefined;
  expect(() => {
    verdict = validate(input);
  }).not.toThrow();
  expect(process.memoryUsage().rss - before).toBeLessThan(RSS_BUDGET);
  return verdict!;
}

/** Non-conformant, with the named XML rule among the violations, located at a real position. */
function expectXmlViolation(v: Verdict, rule: string, messagePattern?: RegExp) {
  expect(v.conformant).toBe(false);
  const hit = v.violations.find((x) => x.rule === rule);
  expect(hit, `expected ${rule}, got ${JSON.stringify(v.violations.map((x) => [x.rule, x.message]))}`).toBeDefined();
  expect(hit!.severity).toBe('error');
  expect(hit!.line).toBeGreaterThanOrEqual(1);
  expect(hit!.column).toBeGreaterThanOrEqual(1);
  if (messagePattern) expect(hit!.message).toMatch(messagePattern);
  return hit!;
}

/** The valid envelope with a DOCTYPE put in front of the root element. */
function withDoctype(doctype: string): string {
  return valid.replace(/(<\?xml[^>]*\?>\s*)?/, (decl) => `${decl}${doctype}\n`);
}

describe('DTDs are refused before anything in them is expanded (XML-004)', () => {
  // A local server stands in for an attacker's host: if any entity were resolved, it would be hit.
  let server: Server;
  let hits = 0;
  let base = '';
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('<!ENTITY leak "leaked">');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('billion laughs', () => {
    const lol = ['<!ENTITY lol0 "lol">'];
    for (let i = 1; i <= 9; i++) lol.push(`<!ENTITY lol${i} "${`&lol${i - 1};`.repeat(10)}">`);
    const doc = withDoctype(`<!DOCTYPE soap:Envelope [\n${lol.join('\n')}\n]>`).replace('<arr:int>1</arr:int>', '<arr:int>&lol9;</arr:int>');
    const v = judge(doc);
    const hit = expectXmlViolation(v, 'XML-004', /DOCTYPE/);
    expect(hit.line).toBe(2);
    expect(hit.column).toBe(1);
    expect(JSON.stringify(v)).not.toContain('lollol');
  });

  it('quadratic blow-up (one large entity referenced many times)', () => {
    const big = 'x'.repeat(100_000);
    const doc = withDoctype(`<!DOCTYPE soap:Envelope [<!ENTITY a "${big}">]>`).replace('<arr:int>1</arr:int>', `<arr:int>${'&a;'.repeat(100_000)}</arr:int>`);
    expectXmlViolation(judge(doc), 'XML-004');
  });

  it('external entity to a file (XXE)', () => {
    const doc = withDoctype('<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>').replace('<arr:int>1</arr:int>', '<arr:int>&xxe;</arr:int>');
    const v = judge(doc);
    expectXmlViolation(v, 'XML-004');
    expect(JSON.stringify(v)).not.toMatch(/root:|\/bin\/(ba)?sh/);
  });

  it('external entity to a URL (XXE), and the URL is never fetched', async () => {
    const doc = withDoctype(`<!DOCTYPE soap:Envelope [<!ENTITY xxe SYSTEM "${base}/xxe">]>`).replace('<arr:int>1</arr:int>', '<arr:int>&xxe;</arr:int>');
    const v = judge(doc);
    expectXmlViolation(v, 'XML-004');
    await new Promise((r) => setTimeout(r, 50));
    expect(hits).toBe(0);
    expect(JSON.stringify(v)).not.toContain('leaked');
  });

  it('parameter entities, internal and external', async () => {
    const internal = withDoctype('<!DOCTYPE soap:Envelope [<!ENTITY % p "<!ENTITY q \'boom\'>"> %p;]>');
    expectXmlViolation(judge(internal), 'XML-004');
    const external = withDoctype(`<!DOCTYPE soap:Envelope [<!ENTITY % ext SYSTEM "${base}/pe.dtd"> %ext;]>`);
    expectXmlViolation(judge(external), 'XML-004');
    const publicId = withDoctype(`<!DOCTYPE soap:Envelope PUBLIC "-//X//DTD X//EN" "${base}/x.dtd">`);
    expectXmlViolation(judge(publicId), 'XML-004');
    await new Promise((r) => setTimeout(r, 50));
    expect(hits).toBe(0);
  });
});

describe('size and shape limits (XML-006)', () => {
  it('nesting 100,000 deep stops at the depth limit', () => {
    const depth = 100_000;
    const doc = `${'<a>'.repeat(depth)}${'</a>'.repeat(depth)}`;
    const hit = expectXmlViolation(judge(doc), 'XML-006', new RegExp(`deeper than ${DEFAULT_LIMITS.maxDepth}`));
    expect(hit.line).toBe(1);
    expect(hit.column).toBe(DEFAULT_LIMITS.maxDepth * 3 + 1);
  });

  it('nesting 100,000 deep inside the envelope body', () => {
    const deep = `${'<x>'.repeat(100_000)}${'</x>'.repeat(100_000)}`;
    const doc = valid.replace('<arr:int>1</arr:int>', `<arr:int>1</arr:int>${deep}`);
    expectXmlViolation(judge(doc), 'XML-006');
  });

  it('1,000,000 attributes on one element', () => {
    const attrs: string[] = [];
    for (let i = 0; i < 1_000_000; i++) attrs.push(`a${i}="${i}"`);
    const doc = valid.replace('<arr:int>1</arr:int>', `<arr:int ${attrs.join(' ')}>1</arr:int>`);
    expectXmlViolation(judge(doc), 'XML-006', /attributes/);
  });

  it('thousands of elements with the maximum number of attributes each (no quadratic duplicate check)', () => {
    const attrs = Array.from({ length: DEFAULT_LIMITS.maxAttributesPerElement }, (_, i) => `a${i}="1"`).join(' ');
    const many = `<x ${attrs}/>`.repeat(5_000);
    const doc = valid.replace('<arr:int>1</arr:int>', `<arr:int>1</arr:int>${many}`);
    const v = judge(doc);
    // Well-formed, so no XML rule: the extra elements are the contract's business.
    expect(v.violations.filter((x) => x.rule.startsWith('XML-'))).toEqual([]);
    expect(v.conformant).toBe(false);
  });

  it('a duplicate among many attributes is still found', () => {
    const attrs = Array.from({ length: 100 }, (_, i) => `a${i}="1"`).join(' ');
    expectXmlViolation(judge(valid.replace('<arr:int>1</arr:int>', `<arr:int ${attrs} a42="2">1</arr:int>`)), 'XML-001', /a42 appears twice/);
    const ns = Array.from({ length: 20 }, (_, i) => `xmlns:p${i}="urn:same"`).join(' ');
    expectXmlViolation(judge(valid.replace('<arr:int>1</arr:int>', `<arr:int ${ns} p3:x="1" p17:x="2">1</arr:int>`)), 'XML-002', /same expanded name/);
  });

  it('namespace declarations piling up in scope stop at the binding limit', () => {
    const level = Array.from({ length: 200 }, (_, i) => `xmlns:q${i}_L="urn:q${i}"`).join(' ');
    const nested = Array.from({ length: 10 }, (_, d) => `<n${d} ${level.replace(/_L/g, `_${d}`)}>`).join('');
    const doc = valid.replace('<arr:int>1</arr:int>', `<arr:int>1</arr:int>${nested}${Array.from({ length: 10 }, (_, d) => `</n${9 - d}>`).join('')}`);
    expectXmlViolation(judge(doc), 'XML-006', new RegExp(`more than ${DEFAULT_LIMITS.maxNamespaceBindings} namespace bindings`));
  });

  it('a million processing instructions give a bounded verdict (XML-005)', () => {
    const doc = valid.replace('<arr:int>1</arr:int>', `<arr:int>1</arr:int>${'<?x?>'.repeat(1_000_000)}`);
    const v = judge(doc);
    const pis = v.violations.filter((x) => x.rule === 'XML-005');
    expect(pis.length).toBe(51);
    expect(pis.at(-1)!.message).toMatch(/only the first 50/);
    expect(v.conformant).toBe(false);
  });

  it('a 50 MB text node', () => {
    const doc = valid.replace('<arr:int>1</arr:int>', `<arr:int>${'9'.repeat(50 * MB)}</arr:int>`);
    const v = judge(doc);
    expectXmlViolation(v, 'XML-006', /text node/);
    // The verdict quotes positions, not the payload.
    expect(JSON.stringify(v).length).toBeLessThan(100_000);
  });

  it('a 50 MB CDATA section', () => {
    const doc = valid.replace('<arr:int>1</arr:int>', `<arr:int><![CDATA[${'9'.repeat(50 * MB)}]]></arr:int>`);
    expectXmlViolation(judge(doc), 'XML-006', /text node/);
  });

  it('a message over the byte limit is refused before it is decoded', () => {
    const v = validate(enc.encode(valid), { limits: { maxBytes: 100 } });
    expectXmlViolation(v, 'XML-006', /over the limit/);
  });
});

describe('bytes that are not XML', () => {
  it('50 MB of garbage', () => {
    // Deterministic pseudo-random bytes (xorshift), so a failure can be reproduced.
    const bytes = new Uint8Array(50 * MB);
    let x = 0x9e3779b9;
    for (let i = 0; i < bytes.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      bytes[i] = x & 0xff;
    }
    const v = judge(bytes);
    expect(v.conformant).toBe(false);
    const xml = v.violations.filter((x) => x.rule.startsWith('XML-'));
    expect(xml.length).toBeGreaterThan(0);
    expect(xml[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it('50 MB of printable garbage', () => {
    const doc = 'lorem ipsum <<>> &&& '.repeat((50 * MB) / 21);
    expectXmlViolation(judge(doc), 'XML-001');
  });

  it('a NUL byte inside the envelope', () => {
    const doc = valid.replace('<arr:int>2</arr:int>', '<arr:int>2\u0000</arr:int>');
    const hit = expectXmlViolation(judge(enc.encode(doc)), 'XML-001', /U\+0000/);
    const lines = doc.split('\n');
    const line = lines.findIndex((l) => l.includes('\u0000'));
    expect(hit.line).toBe(line + 1);
    expect(hit.column).toBe(lines[line]!.indexOf('\u0000') + 1);
  });

  it('NUL bytes only', () => {
    expectXmlViolation(judge(new Uint8Array(1000)), 'XML-001');
  });

  it('invalid UTF-8 (a lone continuation byte, an overlong form, a truncated sequence)', () => {
    for (const bad of [[0x80], [0xc0, 0xaf], [0xe2, 0x82]]) {
      const [head, tail] = valid.split('<arr:int>2</arr:int>') as [string, string];
      const bytes = new Uint8Array([...enc.encode(`${head}<arr:int>`), ...bad, ...enc.encode(`</arr:int>${tail}`)]);
      const hit = expectXmlViolation(judge(bytes), 'XML-003', /not valid UTF-8/);
      expect(hit.line).toBe(head.split('\n').length);
    }
  });
});

describe('encodings and byte order marks (XML-003 unless the bytes and declaration agree)', () => {
  const utf16 = (s: string, le: boolean, bom: boolean) => {
    const out = new Uint8Array((bom ? 2 : 0) + s.length * 2);
    let o = 0;
    if (bom) {
      out[o++] = le ? 0xff : 0xfe;
      out[o++] = le ? 0xfe : 0xff;
    }
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[o++] = le ? c & 0xff : c >> 8;
      out[o++] = le ? c >> 8 : c & 0xff;
    }
    return out;
  };

  it('a UTF-16 body that declares UTF-8', () => {
    expect(valid).toMatch(/encoding="utf-8"/i);
    expectXmlViolation(judge(utf16(valid, true, true)), 'XML-003', /says utf-8/i);
    expectXmlViolation(judge(utf16(valid, false, true)), 'XML-003', /says utf-8/i);
  });

  it('a UTF-8 body that declares UTF-16', () => {
    const doc = valid.replace(/encoding="utf-8"/i, 'encoding="utf-16"');
    expectXmlViolation(judge(enc.encode(doc)), 'XML-003', /says utf-16 but the bytes are UTF-8/i);
  });

  it('UTF-16 without a byte order mark', () => {
    expectXmlViolation(judge(utf16(valid.replace(/encoding="utf-8"/i, 'encoding="utf-16"'), true, false)), 'XML-003', /byte order mark/);
  });

  it('UTF-16 that agrees with its declaration and BOM is read (control)', () => {
    const v = judge(utf16(valid.replace(/encoding="utf-8"/i, 'encoding="utf-16"'), true, true));
    expect(v.violations.filter((x) => x.rule.startsWith('XML-'))).toEqual([]);
    expect(v.conformant).toBe(true);
  });

  it('a UTF-8 BOM on a valid envelope is allowed (control)', () => {
    const v = judge(new Uint8Array([0xef, 0xbb, 0xbf, ...enc.encode(valid)]));
    expect(v.conformant).toBe(true);
  });

  it('two UTF-8 BOMs: the second is text before the root element', () => {
    const hit = expectXmlViolation(judge(new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...enc.encode(valid)])), 'XML-001');
    expect(hit.line).toBe(1);
    expect(hit.column).toBe(1);
  });

  it('a UTF-16 BOM in front of UTF-8 bytes', () => {
    const v = judge(new Uint8Array([0xff, 0xfe, ...enc.encode(valid)]));
    expect(v.conformant).toBe(false);
    expect(v.violations.some((x) => x.rule.startsWith('XML-') && x.line !== null)).toBe(true);
  });

  it('a BOM in the middle of the document', () => {
    const doc = valid.replace('<soap:Envelope', '\ufeff<soap:Envelope');
    expectXmlViolation(judge(enc.encode(doc)), 'XML-001', /before the root/);
  });

  it('an encoding the binding does not support', () => {
    expectXmlViolation(judge(enc.encode(valid.replace(/encoding="utf-8"/i, 'encoding="ISO-8859-1"'))), 'XML-003', /not supported/);
  });
});

describe('empty and truncated input', () => {
  it('empty input (XML-007)', () => {
    expectXmlViolation(judge(new Uint8Array(0)), 'XML-007');
    expectXmlViolation(judge('   \n\t '), 'XML-007');
  });

  it('only an XML declaration and a comment (XML-007)', () => {
    expectXmlViolation(judge('<?xml version="1.0" encoding="utf-8"?><!-- nothing -->'), 'XML-007');
  });

  it('a document cut off at every point of its first 600 bytes', () => {
    const bytes = enc.encode(valid);
    for (let cut = 1; cut < Math.min(600, bytes.length - 1); cut += 7) {
      const v = judge(bytes.subarray(0, cut));
      expect(v.conformant, `cut at ${cut}`).toBe(false);
      expect(v.violations.some((x) => x.rule.startsWith('XML-') && x.line !== null), `cut at ${cut}`).toBe(true);
    }
  });

  it('a document cut off in the middle of a million-id array', () => {
    const big = enc.encode(buildRequest({ ids: Array.from({ length: 1_000_000 }, (_, i) => i + 1), pretty: false }).body);
    const hit = expectXmlViolation(judge(big.subarray(0, Math.floor(big.length / 2))), 'XML-001', /the document ends/);
    expect(hit.line).toBe(1);
  });
});
