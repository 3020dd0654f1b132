import { describe, expect, it } from 'vitest';
import { parseMediaType, unquoteSoapAction } from '../../src/transport/media-type.ts';
import { isXmlBlank, xmlTrim } from '../../src/xml/text.ts';

describe('parseMediaType', () => {
  it.each([
    ['text/xml; charset=utf-8', { type: 'text/xml', params: { charset: 'utf-8' } }],
    [' TEXT/XML ; CharSet = "UTF-8" ;; a=b;c', { type: 'text/xml', params: { charset: 'UTF-8', a: 'b' } }],
    ['application/soap+xml; charset=utf-8; action="urn:x"', { type: 'application/soap+xml', params: { charset: 'utf-8', action: 'urn:x' } }],
    ['x;b="', { type: 'x', params: { b: '"' } }],
    ['x;b=""', { type: 'x', params: { b: '' } }],
    ['x;=1;a==b', { type: 'x', params: { '': '1', a: '=b' } }],
    // A quoted value with a line break inside is kept as sent: it is no quoted-string.
    ['x;b="1\n2"', { type: 'x', params: { b: '"1\n2"' } }],
  ])('%j', (value, want) => expect(parseMediaType(value)).toEqual(want));

  it('is undefined for no header', () => {
    expect(parseMediaType(undefined)).toBeUndefined();
    expect(parseMediaType('')).toBeUndefined();
  });

  it('unquotes a SOAPAction only when quoted at both ends', () => {
    expect(unquoteSoapAction(' "urn:a" ')).toBe('urn:a');
    expect(unquoteSoapAction('"urn:a')).toBe('"urn:a');
    expect(unquoteSoapAction('"')).toBe('"');
    expect(unquoteSoapAction('""')).toBe('');
  });
});

describe('XML white space on long strings (the regex path) agrees with the short one', () => {
  const pad = '\n      '.repeat(20);
  it.each([
    [pad, '', true],
    [`${pad}x${pad}`, 'x', false],
    [`${pad}\u00a0`, '\u00a0', false],
    [`x${pad}`, 'x', false],
    [`${pad} a b `, 'a b', false],
  ])('%#', (s, trimmed, blank) => {
    expect(s.length).toBeGreaterThan(64);
    expect(xmlTrim(s)).toBe(trimmed);
    expect(isXmlBlank(s)).toBe(blank);
  });
});

describe('an element text of many chunks (runs of one indentation joined by repeat)', () => {
  it('is the concatenation of every chunk, in order, whatever the runs', async () => {
    const { parseXml } = await import('../../src/xml/parse.ts');
    const chunks: string[] = [];
    let xml = '<r>';
    for (let i = 0; i < 300; i++) {
      // Runs of the same indentation, broken by other white space, text, a reference and CDATA.
      const chunk = i % 37 === 0 ? `t${i}&amp;` : i % 53 === 0 ? '<![CDATA[<c>]]>' : i % 11 === 0 ? '\n\t' : '\n  ';
      xml += `${chunk}<i/>`;
      chunks.push(chunk.replace('&amp;', '&').replace('<![CDATA[<c>]]>', '<c>'));
    }
    xml += '\n</r>';
    chunks.push('\n');
    const p = parseXml(xml);
    expect(p.ok).toBe(true);
    if (p.ok) expect(p.doc.root.text).toBe(chunks.join(''));
  });
});
