/**
 * Bad input of every kind reaches `validate` and comes back as a located XML-* violation, never an
 * exception (issue 3: "Bad input anywhere … gives a located violation and a non-zero verdict").
 */
import { describe, expect, it } from 'vitest';
import { decodeXml } from '../../src/xml/decode.ts';
import { parseXml } from '../../src/xml/parse.ts';
import { validate } from '../../src/validate.ts';
import { buildRequest } from '../../src/envelope/request.ts';
import { ids } from './helpers.ts';

const body = buildRequest().body;
const noDecl = body.replace(/^<\?xml[^>]*\?>\n/, '');
const withDecl = (enc: string) => body.replace('encoding="utf-8"', `encoding="${enc}"`);
const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);
const le = (s: string, bom = true) => Buffer.concat([bom ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(s, 'utf16le')]);
const be = (s: string, bom = true) => {
  const b = Buffer.from(s, 'utf16le');
  b.swap16();
  return Buffer.concat([bom ? Buffer.from([0xfe, 0xff]) : Buffer.alloc(0), b]);
};

describe('encodings', () => {
  it.each([
    ['UTF-8 without BOM', Buffer.from(body)],
    ['UTF-8 with BOM', Buffer.concat([BOM8, Buffer.from(body)])],
    ['UTF-8 with BOM, no declaration', Buffer.concat([BOM8, Buffer.from(noDecl)])],
    ['UTF-16LE with BOM and declaration', le(withDecl('utf-16'))],
    ['UTF-16LE with BOM, no declaration', le(noDecl)],
    ['UTF-16BE with BOM and declaration', be(withDecl('UTF-16'))],
    ['UTF-16BE with BOM, declared utf-16be', be(withDecl('utf-16be'))],
  ])('%s is read and conformant', (_n, bytes) => {
    const v = validate(new Uint8Array(bytes));
    expect(v.violations).toEqual([]);
    expect(v.conformant).toBe(true);
  });

  it.each([
    ['UTF-16LE without BOM', le(withDecl('utf-16'), false), /without a byte order mark/],
    ['UTF-16BE without BOM', be(withDecl('utf-16'), false), /without a byte order mark/],
    ['a UTF-8 BOM with encoding="utf-16"', Buffer.concat([BOM8, Buffer.from(withDecl('utf-16'))]), /declaration says utf-16 but the bytes are UTF-8/],
    ['a UTF-16LE BOM with encoding="utf-8"', le(body), /declaration says utf-8 but the bytes are UTF-16LE/],
    ['an unsupported declared encoding', Buffer.from(withDecl('ISO-8859-1')), /"ISO-8859-1" is not supported/],
    ['a UTF-16 body with an odd byte count', le(withDecl('utf-16')).subarray(0, 101), /not valid UTF-16LE/],
    ['a lone UTF-16 surrogate', Buffer.concat([le(withDecl('utf-16')).subarray(0, 80), Buffer.from([0x00, 0xd8, 0x41, 0x00]), le(withDecl('utf-16')).subarray(82)]), /not valid UTF-16LE/],
  ])('%s is XML-003', (_n, bytes, message) => {
    const v = validate(new Uint8Array(bytes));
    expect(ids(v)).toEqual(['XML-003']);
    expect(v.conformant).toBe(false);
    expect(v.violations[0]!.message).toMatch(message);
    expect(v.violations[0]!.line).toBeGreaterThanOrEqual(1);
  });

  it('the declaration mismatch is located at the declared name', () => {
    const v = validate(new Uint8Array(le(body)));
    expect(v.violations[0]).toMatchObject({ line: 1, column: body.indexOf('utf-8') + 1 });
  });

  it('invalid UTF-8 names the byte offset and its line and column', () => {
    const head = Buffer.from(noDecl.slice(0, noDecl.indexOf('application-token')));
    const bytes = Buffer.concat([head, Buffer.from([0xc3, 0x28]), Buffer.from('rest</so:ApplicationToken>')]);
    const v = validate(new Uint8Array(bytes));
    expect(ids(v)).toEqual(['XML-003']);
    const lines = head.toString().split('\n');
    expect(v.violations[0]).toMatchObject({ line: lines.length, column: lines.at(-1)!.length + 1 });
    expect(v.violations[0]!.message).toContain(`byte ${head.length} is not valid UTF-8`);
  });

  it.each([
    ['an overlong encoding', [0xc0, 0xaf]],
    ['a UTF-8-encoded surrogate', [0xed, 0xa0, 0x80]],
    ['a code point beyond U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated sequence at the end', [0xe2, 0x82]],
  ])('%s is XML-003 with the offset of its first byte', (_n, bad) => {
    const bytes = Buffer.concat([Buffer.from('<a>'), Buffer.from(bad), Buffer.from(bad.length === 2 && bad[0] === 0xe2 ? '' : '</a>')]);
    const d = decodeXml(new Uint8Array(bytes));
    expect(d).toMatchObject({ kind: 'encoding', line: 1, column: 4 });
    expect((d as { message: string }).message).toContain('byte 3 ');
  });

  it('decodeXml reports what it decided', () => {
    expect(decodeXml(new Uint8Array(be(withDecl('utf-16'))))).toMatchObject({ encoding: 'utf-16be', bom: true, declared: 'utf-16' });
    expect(decodeXml(new Uint8Array(Buffer.from(noDecl)))).toMatchObject({ encoding: 'utf-8', bom: false, declared: undefined });
  });
});

describe('DTDs are refused, never expanded', () => {
  const laughs =
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n' +
    Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('\n') +
    `\n]>\n<lolz>&lol9;</lolz>`;
  const cases: [string, string, number][] = [
    ['an internal subset', `<!DOCTYPE s:Envelope [<!ENTITY t "ticket">]>\n${noDecl}`, 1],
    ['billion laughs', laughs, 2],
    ['an external entity (XXE)', `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<x>&xxe;</x>`, 2],
    ['an external DTD', `<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd">\n<x/>`, 1],
    ['a parameter entity', `<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY % p SYSTEM "http://127.0.0.1:9/p"> %p;]>\n<x/>`, 2],
  ];
  it.each(cases)('%s is exactly XML-004 at the DOCTYPE', (_n, text, line) => {
    const v = validate(text);
    expect(ids(v)).toEqual(['XML-004']);
    expect(v.violations[0]).toMatchObject({ line, column: 1 });
    expect(v.violations[0]!.message).toMatch(/refused before any entity was expanded/);
    expect(JSON.stringify(v)).not.toMatch(/lollol|root:/);
  });

  it('the parser stops at the DOCTYPE: no tree is built', () => {
    const r = parseXml(laughs);
    expect(r.ok).toBe(false);
  });
});

describe('processing instructions, empty and broken documents', () => {
  it('a PI inside Body is XML-005 at its position, and the rest is still checked', () => {
    const text = body.replace('<soap:Body>', '<soap:Body><?trace on?>').replace('>1</arr:int>', '>x</arr:int>');
    const v = validate(text);
    expect(ids(v)).toEqual(['IDS-004', 'XML-005']);
    const pi = v.violations.find((x) => x.rule === 'XML-005')!;
    expect(pi.line).toBe(text.slice(0, text.indexOf('<?trace')).split('\n').length);
    expect(pi.message).toContain('<?trace?>');
  });

  it.each([
    ['empty string', ''],
    ['empty bytes', new Uint8Array(0)],
    ['a UTF-8 BOM only', new Uint8Array(BOM8)],
    ['whitespace only', '\n  \n'],
    ['a declaration only', '<?xml version="1.0" encoding="utf-8"?>\n'],
  ])('%s is XML-007', (_n, input) => {
    const v = validate(input);
    expect(ids(v)).toEqual(['XML-007']);
    expect(v.violations[0]).toMatchObject({ line: 1, column: 1 });
    expect(v.conformant).toBe(false);
  });

  it('an XML 1.1 declaration is XML-001 at the version', () => {
    const text = body.replace('version="1.0"', 'version="1.1"');
    expect(validate(text).violations).toEqual([expect.objectContaining({ rule: 'XML-001', line: 1, column: text.indexOf('1.1') + 1 })]);
  });

  it('plain text is XML-001', () => {
    expect(ids(validate('hello'))).toEqual(['XML-001']);
  });

  it('every truncation of a request is a located XML-* error, never an exception', () => {
    const text = buildRequest({ ids: [1, 2], timeZone: { id: 3 } }).body.trimEnd();
    for (let n = 1; n < text.length; n++) {
      const v = validate(text.slice(0, n));
      expect(v.conformant, `prefix of ${n} chars`).toBe(false);
      const xml = v.violations.filter((x) => x.rule.startsWith('XML-'));
      expect(xml.length, `prefix of ${n} chars: ${ids(v).join(',')}`).toBeGreaterThan(0);
      for (const x of xml) expect(x.line).toBeGreaterThanOrEqual(1);
    }
  });

  it('random bytes never throw', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 300; i++) {
      const bytes = new Uint8Array(Math.floor(rnd() * 64)).map(() => Math.floor(rnd() * 256));
      if (i % 3 === 0) bytes[0] = 0x3c;
      const v = validate(bytes);
      expect(v.conformant).toBe(false);
    }
  });
});

describe('namespaces', () => {
  it('an unbound element prefix is XML-002, located', () => {
    const text = body.replace('<so:Ids', '<q:Ids').replace('</so:Ids>', '</q:Ids>');
    const v = validate(text);
    expect(ids(v)).toEqual(['XML-002']);
    expect(v.violations[0]!.line).toBe(text.slice(0, text.indexOf('<q:Ids')).split('\n').length);
    expect(v.violations[0]!.message).toMatch(/q/);
  });

  it('an unbound attribute prefix is XML-002', () => {
    expect(ids(validate(body.replace('<so:Ids', '<so:Ids q:x="1"')))).toEqual(['XML-002']);
  });

  it('re-binding the xmlns prefix is XML-002', () => {
    expect(ids(validate(body.replace('<so:Ids', '<so:Ids xmlns:xmlns="urn:x"')))).toEqual(['XML-002']);
  });
});

describe('encodings the binding does not read are named, not mistaken for bad UTF-8', () => {
  const rule = (bytes: Uint8Array) => validate(bytes).violations.map((v) => `${v.rule} ${v.message}`);
  it('a Latin-1 body declared ISO-8859-1', () => {
    const bytes = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?>'), Buffer.from([0x3c, 0x61, 0x3e, 0xe9, 0x3c, 0x2f, 0x61, 0x3e])]);
    expect(rule(bytes)).toEqual(['XML-003 encoding "ISO-8859-1" is not supported by the binding\'s text encoder (only UTF-8 and UTF-16)']);
  });
  it('UTF-32 with and without a byte order mark', () => {
    const utf32le = (s: string) => Buffer.concat([...s].map((ch) => Buffer.from([ch.charCodeAt(0), 0, 0, 0])));
    expect(rule(Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), utf32le('<a/>')]))).toEqual([
      "XML-003 the document is UTF-32 (byte order mark); the binding's text encoder reads only UTF-8 and UTF-16",
    ]);
    expect(rule(utf32le('<a/>'))).toEqual(["XML-003 the document is UTF-32; the binding's text encoder reads only UTF-8 and UTF-16"]);
  });
});
