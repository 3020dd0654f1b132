import { afterAll, describe, expect, it } from 'vitest';
import { NS } from '../../src/contract/namespaces.ts';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { buildRequest, type RequestOptions } from '../../src/envelope/request.ts';
import { buildAppErrorResponse, buildFault11, buildFault12, buildSuccessResponse } from '../../src/envelope/response.ts';
import { validate } from '../../src/validate.ts';
import { C, CREDS, IDS, INT, OP, RESP, TICKET, TOKEN, TZ, ids } from './helpers.ts';
import { fragmentsOf, libxmlErrors, removeScratch, xmllintValid } from './fragments.ts';

afterAll(removeScratch);

describe('byte-exact shapes', () => {
  it('the default SOAP 1.1 request, pretty, with two ids', () => {
    const r = buildRequest({ ids: [1, 2] });
    expect(r.body).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        `<soap:Envelope xmlns:soap="${NS.soap11}" xmlns:so="${C.tns}">`,
        '  <soap:Header>',
        `    <so:${TOKEN}>application-token</so:${TOKEN}>`,
        `    <so:${CREDS}>`,
        `      <so:${TICKET}>ticket</so:${TICKET}>`,
        `    </so:${CREDS}>`,
        '  </soap:Header>',
        '  <soap:Body>',
        `    <so:${OP}>`,
        `      <so:${IDS} xmlns:arr="${NS.arrays}">`,
        `        <arr:${INT}>1</arr:${INT}>`,
        `        <arr:${INT}>2</arr:${INT}>`,
        `      </so:${IDS}>`,
        `    </so:${OP}>`,
        '  </soap:Body>',
        '</soap:Envelope>',
        '',
      ].join('\n'),
    );
    expect(r.headers).toEqual({ 'content-type': 'text/xml; charset=utf-8', soapaction: `"${C.soapAction}"` });
    expect(r.method).toBe('POST');
    expect(Buffer.from(r.bytes).toString('utf8')).toBe(r.body);
  });

  it('a compact SOAP 1.2 request: default namespace, nil Ids, a time zone, action in the content type', () => {
    const r = buildRequest({ profile: 'soap12', ids: { kind: 'nil' }, prefixes: { service: null }, pretty: false, timeZone: { id: 5 } });
    const q = (local: string, inner: string) => `<${local} xmlns="${C.tns}">${inner}</${local}>`;
    expect(r.body).toBe(
      `<?xml version="1.0" encoding="utf-8"?><env:Envelope xmlns:env="${NS.soap12}" xmlns:xsi="${NS.xsi}"><env:Header>` +
        q(TOKEN, 'application-token') +
        q(CREDS, `<${TICKET}>ticket</${TICKET}>`) +
        q(TZ, '<SoTimeZoneId>5</SoTimeZoneId>') +
        `</env:Header><env:Body><${OP} xmlns="${C.tns}"><${IDS} xsi:nil="true"/></${OP}></env:Body></env:Envelope>`,
    );
    expect(r.headers).toEqual({ 'content-type': `application/soap+xml; charset=utf-8; action="${C.soapAction}"` });
  });

  it('the WCF-shaped success response', () => {
    const r = buildSuccessResponse();
    const nil = (n: string) => `<${n} i:nil="true" xmlns="${C.tns}" xmlns:i="${NS.xsi}"/>`;
    expect(r).toEqual({
      status: 200,
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body:
        `<s:Envelope xmlns:s="${NS.soap11}"><s:Header>${nil('ExceptionInfo')}${nil('ExtraInfo')}<Succeeded xmlns="${C.tns}">true</Succeeded>${nil('TimeZone')}</s:Header>` +
        `<s:Body><${RESP} xmlns="${C.tns}"/></s:Body></s:Envelope>`,
    });
  });

  it('a SOAP 1.1 Fault, text escaped', () => {
    expect(buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'a <b> & c' }).body).toBe(
      `<s:Envelope xmlns:s="${NS.soap11}"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring xml:lang="en-US">a &lt;b&gt; &amp; c</faultstring></s:Fault></s:Body></s:Envelope>`,
    );
  });

  it('escapes header values', () => {
    expect(buildRequest({ ticket: '7T:a<b>&"c"', pretty: false }).body).toContain(`<so:${TICKET}>7T:a&lt;b&gt;&amp;&quot;c&quot;</so:${TICKET}>`);
  });
});

/** Builder options whose output the contract accepts, across profiles, versions and spellings. */
const conformant: [string, RequestOptions][] = [
  ['defaults', {}],
  ['many ids, compact', { ids: Array.from({ length: 200 }, (_, i) => i * 7919 - 100000), pretty: false }],
  ['int bounds', { ids: [-2147483648, 0, 2147483647] }],
  ['Ids nil', { ids: { kind: 'nil' } }],
  ['Ids empty', { ids: { kind: 'empty' } }],
  ['Ids omitted', { ids: { kind: 'omitted' } }],
  ['default service namespace', { prefixes: { service: null } }],
  ['other prefixes', { prefixes: { envelope: 'S', service: 'ns1', arrays: 'a' } }],
  ['xsi:type everywhere', { xsiType: true }],
  ['time zone with both fields', { timeZone: { id: 3, locationCode: 'Europe/Oslo' } }],
  ['mustUnderstand on the declared blocks', { mustUnderstand: true }],
  ['no token, no ticket', { applicationToken: null, ticket: null }],
  ['a WS-Addressing block', { extraHeaders: ['<wsa:Action xmlns:wsa="http://www.w3.org/2005/08/addressing">x</wsa:Action>'] }],
  ['SOAP 1.2', { profile: 'soap12' }],
  ['SOAP 1.2, default namespace, xsi:type', { profile: 'soap12', prefixes: { service: null }, xsiType: true, ids: [1, 2] }],
  ['Services83', { version: 83 }],
  ['Services88, SOAP 1.2', { version: 88, profile: 'soap12' }],
];

describe.each(conformant)('a conformant builder output (%s)', (_name, options) => {
  const r = buildRequest(options);
  const fragments = fragmentsOf(r.body, r.contract);

  it('is conformant for validate()', () => {
    const v = validate(r.bytes, { profile: options.profile, version: options.version });
    expect(v.violations.filter((x) => x.severity === 'error')).toEqual([]);
    expect(v.conformant).toBe(true);
  });

  it('has its Body child and each declared header block valid for the WSDL schemas, in-process and by xmllint', () => {
    expect(fragments.map((f) => f.name)).toContain(OP);
    expect(fragments.length).toBeGreaterThan(options.applicationToken === null ? 0 : 1);
    expect(libxmlErrors(fragments, r.contract)).toEqual(fragments.map(() => []));
    expect(xmllintValid(fragments, r.contract)).toEqual(fragments.map(() => true));
  });
});

describe('response builders validate against the schemas too', () => {
  const c = deleteChatSessionsContract();
  it.each([
    ['success', buildSuccessResponse().body],
    ['application error', buildAppErrorResponse({ message: 'Invalid ticket', exceptionType: 'SoSecurityException', friendlyText: 'Log in again' }).body],
  ])('%s', (_n, body) => {
    const fragments = fragmentsOf(body, c);
    expect(fragments.map((f) => f.name)).toEqual([...c.responseHeaders.map((h) => h.element.local), RESP]);
    expect(libxmlErrors(fragments, c)).toEqual(fragments.map(() => []));
    expect(xmllintValid(fragments, c)).toEqual(fragments.map(() => true));
    expect(validate(body).conformant).toBe(true);
  });

  it('Faults are conformant responses with outcome fault', () => {
    const f11 = buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'x', detail: '<rules>OP-002</rules>' });
    const f12 = buildFault12({ code: 'Sender', subcode: { ns: NS.wcfAddressingNone, local: 'ActionNotSupported' }, reason: 'x' });
    expect(validate(f11.body)).toMatchObject({ kind: 'response', conformant: true, outcome: 'fault', violations: [] });
    expect(validate(f12.body, { profile: 'soap12' })).toMatchObject({ kind: 'response', conformant: true, outcome: 'fault', violations: [] });
    expect(f11.status).toBe(500);
    expect(f12.headers['content-type']).toMatch(/^application\/soap\+xml/);
  });
});

/** Deliberately broken outputs the schemas must reject, with the rule validate() names. */
const broken: [string, RequestOptions, string[]][] = [
  ['a non-numeric id', { ids: ['x'] }, ['IDS-004']],
  ['an overflowing id', { ids: ['2147483648'] }, ['IDS-005']],
  ['items in the service namespace', { itemNamespace: 'service' }, ['IDS-003']],
  ['unqualified items', { itemNamespace: 'none' }, ['IDS-003']],
  ['unqualified Ids', { idsNamespace: 'none' }, ['IDS-001']],
  ['xsi:type xsd:string on Ids', { xsiType: { ids: 'xsd:string' } }, ['IDS-006']],
  ['a non-numeric time zone id', { timeZone: { id: 'x' as unknown as number } }, ['HDR-007']],
];

describe.each(broken)('a broken builder output (%s)', (_name, options, rulesExpected) => {
  const r = buildRequest(options);
  const fragments = fragmentsOf(r.body, r.contract);

  it('fails the in-process schema check and xmllint alike', () => {
    const lib = libxmlErrors(fragments, r.contract).map((e) => e.length === 0);
    const native = xmllintValid(fragments, r.contract);
    expect(lib).toContain(false);
    expect(native).toEqual(lib);
  });

  it(`is reported by validate() as ${rulesExpected.join(', ')}`, () => {
    const v = validate(r.bytes);
    expect(v.conformant).toBe(false);
    expect(ids(v)).toEqual(rulesExpected);
  });
});

describe('a broken response builder output', () => {
  it('content in the response element fails both schema engines and RSP-002', () => {
    const c = deleteChatSessionsContract();
    const body = buildSuccessResponse({ responseContent: `<${IDS}/>` }).body;
    const fragments = fragmentsOf(body, c);
    const last = fragments.length - 1;
    expect(libxmlErrors(fragments, c)[last]).not.toEqual([]);
    expect(xmllintValid(fragments, c)[last]).toBe(false);
    expect(ids(validate(body))).toEqual(['RSP-002']);
  });
});
