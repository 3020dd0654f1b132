import { describe, expect, it } from 'vitest';
import { XmlQuery as Q, XPathError, queryXml as query, type Bindings } from '../src/xml/xpath.ts';
import { namespaceBindings } from '../src/contract/xpath-bindings.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { buildSuccessResponse } from '../src/envelope/response.ts';
import { NS } from '../src/contract/namespaces.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';

const bindings: Bindings = namespaceBindings(deleteChatSessionsContract());
const queryXml = (input: string) => query(input, { bindings });
const XmlQuery = { parse: (input: string) => Q.parse(input, { bindings }) };

const IDS = '/s11:Envelope/s11:Body/so:DeleteChatSessions/so:Ids/arr:int';

describe('namespace-bound XPath', () => {
  it('binds the fixed registry, with so = the service namespace of the version', () => {
    const b = namespaceBindings(deleteChatSessionsContract(87));
    expect(b.so).toBe(deleteChatSessionsContract(87).tns);
    expect(b.so).not.toBe(namespaceBindings(deleteChatSessionsContract(86)).so);
    expect(Object.keys(b).sort()).toEqual(['arr', 's11', 's12', 'so', 'xs', 'xsi']);
    expect(b.arr).toBe(NS.arrays);
  });

  it('selects by namespace whatever prefixes the document uses', () => {
    for (const prefixes of [{}, { envelope: 'SOAP-ENV', service: 'cs', arrays: 'q1' }, { service: null }]) {
      const q = queryXml(buildRequest({ ids: [4, 5, 6], prefixes }).body);
      expect(q.count(IDS)).toBe(3);
      expect(q.string(`${IDS}[2]`)).toBe('5');
    }
  });

  it('evaluates string, number and boolean expressions', () => {
    const q = queryXml(buildSuccessResponse().body);
    expect(q.string('string(/s11:Envelope/s11:Header/so:Succeeded)')).toBe('true');
    expect(q.evaluate('count(/s11:Envelope/s11:Header/*)')).toBe(4);
    expect(q.boolean('/s11:Envelope/s11:Header/so:ExceptionInfo/@xsi:nil = "true"')).toBe(true);
    expect(q.boolean('/s12:Envelope')).toBe(false);
  });

  it('suggests the namespace actually used when a name test selects nothing', () => {
    const q = queryXml(buildRequest({ ids: [1], itemNamespace: 'service' }).body);
    let err: unknown;
    try {
      q.some(IDS);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(XPathError);
    const x = err as XPathError;
    expect(x.kind).toBe('no-match');
    expect(x.suggestions.join('\n')).toContain(`did you mean \`{${deleteChatSessionsContract().tns}}int\`?`);
    expect(x.message).toContain(IDS);
    expect(x.message).toContain(`arr = ${NS.arrays}`);
  });

  it('suggests {…/Serialization/Arrays}int when the expression asks for the wrong namespace', () => {
    const q = queryXml(buildRequest({ ids: [1] }).body);
    const e = q.noMatch('//so:int');
    expect(e.suggestions).toEqual([`no element {${deleteChatSessionsContract().tns}}int in the document; did you mean \`{${NS.arrays}}int\`?`]);
  });

  it('says when a name exists in no namespace at all and when a prefix is unknown', () => {
    const q = queryXml(buildRequest().body);
    expect(q.noMatch('//so:Nothing').suggestions).toEqual(['no element named Nothing in any namespace']);
    expect(q.noMatch('//foo:Ids').suggestions[0]).toMatch(/prefix "foo" is not in the registry/);
  });

  it('ignores attributes, functions and string literals when suggesting', () => {
    const q = queryXml(buildRequest().body);
    expect(q.noMatch('count(//so:Ids[@xsi:nil = "int"])').suggestions).toEqual([]);
  });

  it('one() refuses several nodes and an invalid expression is a typed error', () => {
    const q = queryXml(buildRequest({ ids: [1, 2] }).body);
    expect(() => q.one(IDS)).toThrow(/expected one node, selected 2/);
    expect(() => q.nodes('//so:[')).toThrow(XPathError);
    expect(() => q.nodes('count(//so:Ids)')).toThrow(/yields a number/);
  });

  it('returns a not-xml error value for a DTD, malformed or empty input, before xmldom sees it', () => {
    const dtd = XmlQuery.parse('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>');
    expect(dtd).toBeInstanceOf(XPathError);
    expect((dtd as XPathError).kind).toBe('not-xml');
    expect((dtd as XPathError).message).toMatch(/DOCTYPE/);
    expect(XmlQuery.parse('<a><b></a>')).toBeInstanceOf(XPathError);
    expect((XmlQuery.parse('') as XPathError).message).toMatch(/empty/);
  });
});
