/**
 * One row per (rule, input): an input that passes the rule and one that violates it, for every rule
 * of the catalogue. `exactly` pins the whole verdict (sorted rule ids, warnings included), so a
 * violating input is also proof that no unrelated rule speaks.
 */
import { NS } from '../../src/contract/namespaces.ts';
import { buildRequest, type RequestOptions } from '../../src/envelope/request.ts';
import { buildAppErrorResponse, buildFault11, buildFault12, buildSuccessResponse } from '../../src/envelope/response.ts';
import type { ValidateOptions } from '../../src/validate.ts';
import { serviceOperation } from '../../src/contract/services.ts';
import {
  C,
  CREDS,
  EXCEPTION_INFO,
  IDS,
  INT,
  OP,
  RESP,
  SUCCEEDED,
  TICKET,
  TOKEN,
  TZ,
  envelope,
  headerBlocks,
  httpRequest,
  httpResponse,
  item,
  items,
  operation,
  responseEnvelope,
} from './helpers.ts';

export interface RuleCase {
  rule: string;
  title: string;
  input: string | Uint8Array;
  options?: ValidateOptions;
  violates: boolean;
  /** The whole verdict, as sorted rule ids; omitted when only the rule itself matters. */
  exactly?: string[];
  /** How many findings of the rule itself. */
  count?: number;
}

const req = (o: RequestOptions = {}) => buildRequest(o).body;
const reqHttp = (o: RequestOptions = {}, h: Parameters<typeof httpRequest>[1] = {}) => httpRequest(buildRequest(o), h);
const u16le = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
const success = buildSuccessResponse();
/** Another operation, whose response type declares a child: the generic rules read that from its contract. */
const systemInfo = serviceOperation('SoPrincipal', 'GetSystemInfo');
const fault11 = buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'bad request' });
const fault12 = buildFault12({ code: 'Sender', reason: 'bad request' });
const s11fault = (inner: string) => `<s:Envelope xmlns:s="${NS.soap11}"><s:Body><s:Fault>${inner}</s:Fault></s:Body></s:Envelope>`;
const s12fault = (inner: string) => `<e:Envelope xmlns:e="${NS.soap12}"><e:Body><e:Fault>${inner}</e:Fault></e:Body></e:Envelope>`;
const tns = (local: string, inner = '', attrs = '') => `<${local} xmlns="${C.tns}"${attrs}>${inner}</${local}>`;
const nilHeader = (local: string) => `<${local} xsi:nil="true" xmlns="${C.tns}"/>`;
const responseHeadersWith = (succeeded: string, info: string) =>
  C.responseHeaders
    .map((h) => (h.element.local === SUCCEEDED ? succeeded : h.element.local === EXCEPTION_INFO ? info : nilHeader(h.element.local)))
    .join('');
const pass = (rule: string, title: string, input: string | Uint8Array, options?: ValidateOptions, exactly: string[] = []): RuleCase => ({ rule, title, input, options, violates: false, exactly });
const fail = (rule: string, title: string, input: string | Uint8Array, exactly?: string[], options?: ValidateOptions, count?: number): RuleCase => ({
  rule,
  title,
  input,
  options,
  violates: true,
  exactly,
  count,
});

export const ruleCases: RuleCase[] = [
  // XML
  pass('XML-001', 'a built request', req()),
  fail('XML-001', 'a mismatched end tag', `<s:Envelope xmlns:s="${NS.soap11}"><s:Body></s:Envelope>`, ['XML-001']),
  pass('XML-002', 'every prefix bound', envelope()),
  fail('XML-002', 'an unbound element prefix', `<s:Envelope xmlns:s="${NS.soap11}"><s:Body><q:x/></s:Body></s:Envelope>`, ['XML-002']),
  pass('XML-003', 'UTF-16LE with BOM and a matching declaration', u16le(envelope().replace('utf-8', 'utf-16'))),
  fail('XML-003', 'a byte that is not UTF-8', Buffer.concat([Buffer.from(envelope().slice(0, 60)), Buffer.from([0xff]), Buffer.from(envelope().slice(60))]), ['XML-003']),
  pass('XML-004', 'no DOCTYPE', envelope()),
  fail('XML-004', 'an internal DTD subset', `<!DOCTYPE s:Envelope [<!ENTITY a "b">]>${envelope().replace(/^<\?xml[^>]*>\n/, '')}`, ['XML-004']),
  pass('XML-005', 'the XML declaration is not a PI', envelope()),
  fail('XML-005', 'a processing instruction after the declaration', envelope().replace('?>\n', '?>\n<?xml-stylesheet href="a"?>'), ['XML-005']),
  pass('XML-006', 'a normal envelope within tight limits', envelope(), { limits: { maxDepth: 8, maxElements: 20 } }),
  fail('XML-006', 'nested deeper than the limit', envelope(), ['XML-006'], { limits: { maxDepth: 3 } }),
  fail('XML-006', 'more elements than the limit', req({ ids: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }), ['XML-006'], { limits: { maxElements: 12 } }),
  pass('XML-007', 'a document element', envelope()),
  fail('XML-007', 'an empty input', '', ['XML-007']),
  fail('XML-007', 'whitespace only', ' \n\t', ['XML-007']),

  // ENV
  pass('ENV-001', 'SOAP 1.1 under profile wsdl', req()),
  pass('ENV-001', 'SOAP 1.2 under profile soap12', req({ profile: 'soap12' }), { profile: 'soap12' }),
  fail('ENV-001', 'SOAP 1.2 envelope under profile wsdl', req({ envelopeNamespace: NS.soap12 }), ['ENV-001']),
  fail('ENV-001', 'SOAP 1.1 envelope under profile soap12', req(), ['ENV-001'], { profile: 'soap12' }),
  fail('ENV-001', 'a bare operation element, no envelope', operation().replace(`<so:${OP}>`, `<so:${OP} xmlns:so="${C.tns}" xmlns:arr="${NS.arrays}">`), ['ENV-001']),
  pass('ENV-002', 'one Body', envelope()),
  fail('ENV-002', 'no Body', `<s:Envelope xmlns:s="${NS.soap11}" xmlns:so="${C.tns}"><s:Header>${headerBlocks()}</s:Header></s:Envelope>`, ['ENV-002']),
  fail('ENV-002', 'two Bodies', envelope({ after: '<s:Body/>' }), ['ENV-002']),
  pass('ENV-003', 'Header first', envelope()),
  fail('ENV-003', 'Header after Body', envelope({ header: null, after: `<s:Header>${headerBlocks()}</s:Header>` }), ['ENV-003']),
  fail('ENV-003', 'two Headers', envelope({ inside: `<s:Header/>` }), ['ENV-003']),
  pass('ENV-004', 'only Header and Body', envelope()),
  fail('ENV-004', 'an element after Body', envelope({ after: '<x:Trailer xmlns:x="urn:example"/>' }), ['ENV-004']),
  fail('ENV-004', 'text directly in Envelope', envelope({ inside: 'stray' }), ['ENV-004']),
  fail('ENV-004', 'a header-named element of another namespace under Envelope (not a contract block)', envelope({ after: `<x:${TOKEN} xmlns:x="urn:example">a</x:${TOKEN}>` }), ['ENV-004']),
  fail('ENV-003', 'Header after a misplaced block and Body is still out of order, once', envelope({ header: null, inside: headerBlocks(true, false), after: `<s:Header>${headerBlocks(false, true)}</s:Header>` }), ['ENV-003', 'HDR-001']),
  pass('ENV-003', 'a misplaced block before Header is HDR-001 alone', envelope({ header: headerBlocks(false, true), inside: headerBlocks(true, false) }), undefined, ['HDR-001']),
  pass('ENV-005', 'an undeclared block of another namespace without mustUnderstand', envelope({ header: headerBlocks() + '<wsa:Action xmlns:wsa="http://www.w3.org/2005/08/addressing">x</wsa:Action>' })),
  pass('ENV-005', 'mustUnderstand="1" on the declared blocks', req({ mustUnderstand: true })),
  fail('ENV-005', 'an undeclared block with mustUnderstand="1"', req({ extraHeaders: ['<x:Trace xmlns:x="urn:example" soap:mustUnderstand="1"/>'] }), ['ENV-005']),
  fail('ENV-005', 'an undeclared block with mustUnderstand="true" in SOAP 1.2', req({ profile: 'soap12', extraHeaders: ['<x:Trace xmlns:x="urn:example" env:mustUnderstand="true"/>'] }), ['ENV-005'], { profile: 'soap12' }),
  pass('ENV-006', 'mustUnderstand="true" is fine in SOAP 1.2', req({ profile: 'soap12', mustUnderstand: true }).replaceAll('mustUnderstand="1"', 'mustUnderstand="true"'), { profile: 'soap12' }),
  fail('ENV-006', 'mustUnderstand="true" in SOAP 1.1', req({ mustUnderstand: true }).replaceAll('mustUnderstand="1"', 'mustUnderstand="true"'), ['ENV-006', 'ENV-006']),
  pass('ENV-007', 'no encodingStyle', envelope()),
  fail('ENV-007', 'encodingStyle on Envelope', envelope().replace('<s:Envelope ', `<s:Envelope s:encodingStyle="${NS.soap11enc}" `), ['ENV-007']),
  fail('ENV-007', 'encodingStyle on the operation element', envelope({ body: operation().replace(`<so:${OP}>`, `<so:${OP} s:encodingStyle="${NS.soap11enc}">`) }), ['ENV-007']),
  fail('ENV-007', 'encodingStyle on Ids (a Body grandchild, BP R1007)', envelope({ body: operation(items(1), ` s:encodingStyle="${NS.soap11enc}"`) }), ['ENV-007']),
  pass('ENV-008', 'Header and Body hold elements and whitespace only', envelope({ body: `\n  ${operation()}\n` })),
  fail('ENV-008', 'text in Body', envelope({ body: `${operation()}junk` }), ['ENV-008']),
  fail('ENV-008', 'text in Header', envelope({ header: `${headerBlocks()}junk` }), ['ENV-008']),
  pass('ENV-009', 'qualified blocks', envelope()),
  fail('ENV-009', 'an unqualified extra header block', envelope({ header: `${headerBlocks()}<Trace/>` }), ['ENV-009']),

  // HDR
  pass('HDR-001', 'blocks inside Header', req()),
  fail('HDR-001', 'blocks directly under Envelope', req({ headerPlacement: 'envelope' }), ['HDR-001', 'HDR-001'], undefined, 2),
  pass('HDR-002', 'blocks inside Header', req()),
  fail('HDR-002', 'blocks inside Body, before the operation', req({ headerPlacement: 'body' }), ['HDR-002', 'HDR-002'], undefined, 2),
  fail('HDR-002', 'a block inside the operation element', envelope({ header: headerBlocks(true, false), body: `<so:${OP}>${headerBlocks(false, true)}<so:${IDS}>${items(1)}</so:${IDS}></so:${OP}>` }), ['HDR-002']),
  pass('HDR-003', 'each block once', req({ timeZone: { id: 1 } })),
  fail('HDR-003', 'ApplicationToken twice', envelope({ header: headerBlocks() + headerBlocks(true, false) }), ['HDR-003']),
  pass('HDR-004', 'a WS-Addressing block', envelope({ header: headerBlocks() + '<wsa:To xmlns:wsa="http://www.w3.org/2005/08/addressing">x</wsa:To>' })),
  fail('HDR-004', 'an undeclared block in the service namespace', envelope({ header: `${headerBlocks()}<so:Session>x</so:Session>` }), ['HDR-004']),
  pass('HDR-005', 'blocks in the service namespace, default-namespace style', req({ prefixes: { service: null } })),
  fail('HDR-005', 'ApplicationToken in another namespace', envelope({ header: `<x:${TOKEN} xmlns:x="urn:wrong">a</x:${TOKEN}>` + headerBlocks(false, true) }), ['HDR-005']),
  fail('HDR-005', 'Ticket in no namespace inside Credentials', envelope({ header: `<so:${CREDS}><${TICKET}>t</${TICKET}></so:${CREDS}>` + headerBlocks(true, false) }), ['HDR-005']),
  fail('HDR-005', 'unqualified ApplicationToken (HDR-005 alone: ENV-009 leaves contract names to it)', envelope({ header: `<${TOKEN}>a</${TOKEN}>` + headerBlocks(false, true) }), ['HDR-005']),
  pass('HDR-005', 'a same-named block of another vocabulary next to the contract one', envelope({ header: `${headerBlocks()}<x:${TOKEN} xmlns:x="urn:vendor">v</x:${TOKEN}>` })),
  pass('HDR-006', 'Ticket inside Credentials', req()),
  fail('HDR-006', 'Ticket directly in Header', req({ ticketOutsideCredentials: true }), ['HDR-006']),
  fail('HDR-006', 'a time zone field directly in Header', envelope({ header: `${headerBlocks()}<so:SoTimeZoneId>1</so:SoTimeZoneId>` }), ['HDR-006']),
  pass('HDR-007', 'a full TimeZone block', req({ timeZone: { id: 1, locationCode: 'UTC' } })),
  fail('HDR-007', 'a non-integer SoTimeZoneId', req({ timeZone: { id: 1 } }).replace('>1</so:SoTimeZoneId>', '>one</so:SoTimeZoneId>'), ['HDR-007']),
  fail('HDR-007', 'an unknown child in Credentials', envelope({ header: `<so:${CREDS}><so:${TICKET}>t</so:${TICKET}><so:Password>p</so:Password></so:${CREDS}>` + headerBlocks(true, false) }), ['HDR-007']),
  pass('HDR-008', 'a ticket', req()),
  fail('HDR-008', 'no Credentials (warning: the request stays conformant)', req({ ticket: null }), ['HDR-008']),
  pass('HDR-009', 'an ApplicationToken', req()),
  fail('HDR-009', 'no ApplicationToken (warning)', req({ applicationToken: null }), ['HDR-009']),

  // OP
  pass('OP-001', 'one operation element', req()),
  fail('OP-001', 'an empty Body', envelope({ body: '' }), ['OP-001']),
  fail('OP-001', 'two operation elements', envelope({ body: operation() + operation() }), ['OP-001']),
  pass('OP-002', 'the request element', req()),
  fail('OP-002', 'the Services88 namespace on a Services86 endpoint', req({ operationNamespace: C.tns.replace('Services86', 'Services88') }), ['OP-002']),
  fail('OP-002', 'another operation', envelope({ body: `<so:DeleteChatTopics/>` }), ['OP-002']),
  fail('OP-002', 'a Services86 request judged against the Services88 contract (with HDR-005 for both blocks)', req(), ['HDR-005', 'HDR-005', 'OP-002'], { version: 88 }),
  pass('OP-002', 'a Services88 request against the Services88 contract', req({ version: 88 }), { version: 88 }),
  pass('OP-003', 'only Ids inside', req()),
  fail('OP-003', 'an undeclared child', envelope({ body: `<so:${OP}><so:${IDS}>${items(1)}</so:${IDS}><so:Force>true</so:Force></so:${OP}>` }), ['OP-003']),
  fail('OP-003', 'Ids twice', envelope({ body: `<so:${OP}><so:${IDS}>${items(1)}</so:${IDS}><so:${IDS}>${items(2)}</so:${IDS}></so:${OP}>` }), ['OP-003']),
  fail('OP-003', 'text in the operation element', envelope({ body: `<so:${OP}>42<so:${IDS}>${items(1)}</so:${IDS}></so:${OP}>` }), ['OP-003']),
  pass('OP-004', 'a schema-valid operation element', req({ ids: [1, 2] })),
  fail('OP-004', 'an undeclared attribute on the operation element', envelope({ body: operation().replace(`<so:${OP}>`, `<so:${OP} force="true">`) }), ['OP-004']),

  // IDS
  pass('IDS-001', 'qualified Ids', req()),
  fail('IDS-001', 'unqualified Ids', req({ idsNamespace: 'none' }), ['IDS-001']),
  pass('IDS-002', 'a nil Ids (warning IDS-010 only)', req({ ids: { kind: 'nil' } }), undefined, ['IDS-010']),
  fail('IDS-002', 'a nil Ids with items', envelope({ body: operation(items(1), ' xsi:nil="true"') }), ['IDS-002']),
  fail('IDS-002', 'xsi:nil that is not a boolean', envelope({ body: operation(items(1), ' xsi:nil="yes"') }), ['IDS-002']),
  pass('IDS-003', 'items in the Arrays namespace', req({ ids: [1, 2, 3] })),
  fail('IDS-003', 'items in the service namespace', req({ itemNamespace: 'service' }), ['IDS-003']),
  fail('IDS-003', 'unqualified items', req({ itemNamespace: 'none' }), ['IDS-003']),
  fail('IDS-003', 'a long instead of an int', envelope({ body: operation('<arr:long>1</arr:long>') }), ['IDS-003']),
  pass('IDS-004', 'signs, leading zeros and surrounding whitespace', req({ ids: ['+1', ' 2 ', '-3', '007', '\n9\t'] })),
  fail('IDS-004', 'a word', req({ ids: ['abc'] }), ['IDS-004']),
  fail('IDS-004', 'a decimal', req({ ids: ['1.5'] }), ['IDS-004']),
  fail('IDS-004', 'an empty item', req({ ids: [''] }), ['IDS-004']),
  fail('IDS-004', 'inner whitespace', req({ ids: ['1 2'] }), ['IDS-004']),
  fail('IDS-004', 'a no-break space around the digits (not XML whitespace)', req({ ids: ['\u00a02'] }), ['IDS-004']),
  fail('IDS-004', 'a nil item', envelope({ body: operation(item('', ' xsi:nil="true"')) }), ['IDS-004']),
  pass('IDS-005', 'the xs:int bounds', req({ ids: [2147483647, -2147483648] })),
  fail('IDS-005', 'overflow', req({ ids: ['2147483648'] }), ['IDS-005']),
  fail('IDS-005', 'underflow', req({ ids: ['-2147483649'] }), ['IDS-005']),
  fail('IDS-005', 'far beyond 2^53', req({ ids: ['123456789012345678901234567890'] }), ['IDS-005']),
  pass('IDS-006', 'xsi:type resolving to ArrayOfint', req({ xsiType: true })),
  fail('IDS-006', 'xsi:type of another type', req({ xsiType: { ids: 'xsd:string' } }), ['IDS-006']),
  fail('IDS-006', 'xsi:type with an unbound prefix', req({ xsiType: { ids: 'q:ArrayOfint' } }), ['IDS-006']),
  pass('IDS-007', 'xsi:type="xsd:int" on items', req({ xsiType: true, ids: [1, 2] })),
  fail('IDS-007', 'xsi:type="xsd:long" on an item', req({ xsiType: { item: 'xsd:long' } }), ['IDS-007']),
  pass('IDS-008', 'element-only Ids', req({ ids: [1, 2] })),
  fail('IDS-008', 'text between items', envelope({ body: operation(`${items(1)}, ${items(2)}`) }), ['IDS-008']),
  pass('IDS-009', 'distinct ids', req({ ids: [1, 2, 3] })),
  fail('IDS-009', 'a repeated id (warning)', req({ ids: [7, 8, 7] }), ['IDS-009']),
  fail('IDS-009', 'the same value written differently (warning)', req({ ids: ['5', '+5', '005'] }), ['IDS-009', 'IDS-009'], undefined, 2),
  pass('IDS-010', 'one id', req()),
  fail('IDS-010', 'Ids omitted (warning)', req({ ids: { kind: 'omitted' } }), ['IDS-010']),
  fail('IDS-010', 'Ids nil (warning)', req({ ids: { kind: 'nil' } }), ['IDS-010']),
  fail('IDS-010', 'Ids empty (warning)', req({ ids: { kind: 'empty' } }), ['IDS-010']),

  // HTTP
  pass('HTTP-001', 'POST', reqHttp()),
  fail('HTTP-001', 'GET', reqHttp({}, { method: 'GET' }), ['HTTP-001']),
  pass('HTTP-002', 'text/xml; charset=utf-8', reqHttp()),
  pass('HTTP-002', 'application/soap+xml under soap12', reqHttp({ profile: 'soap12' }), { profile: 'soap12' }),
  fail('HTTP-002', 'a SOAP 1.2 media type under wsdl', reqHttp({ contentType: 'application/soap+xml; charset=utf-8' }), ['HTTP-002']),
  fail('HTTP-002', 'no Content-Type', reqHttp({}, { headers: { 'content-type': null } }), ['HTTP-002']),
  pass('HTTP-003', 'charset=UTF-8 (case-insensitive)', reqHttp({ contentType: 'text/xml; charset=UTF-8' })),
  fail('HTTP-003', 'an unsupported charset', reqHttp({ contentType: 'text/xml; charset=iso-8859-1' }), ['HTTP-003']),
  fail('HTTP-003', 'charset=utf-16 over UTF-8 bytes', reqHttp({ contentType: 'text/xml; charset=utf-16' }), ['HTTP-003']),
  pass('HTTP-004', 'the binding soapAction', reqHttp()),
  fail('HTTP-004', 'no SOAPAction', reqHttp({ soapAction: null }), ['HTTP-004']),
  fail('HTTP-004', 'another action', reqHttp({ soapAction: C.soapAction.replace('DeleteChatSessions', 'DeleteChatTopics') }), ['HTTP-004']),
  pass('HTTP-005', 'a quoted SOAPAction', reqHttp()),
  fail('HTTP-005', 'an unquoted SOAPAction', reqHttp({ quoteSoapAction: false }), ['HTTP-005']),
  pass('HTTP-006', 'the action parameter', reqHttp({ profile: 'soap12' }), { profile: 'soap12' }),
  fail('HTTP-006', 'no action parameter', reqHttp({ profile: 'soap12', soapAction: null }), ['HTTP-006'], { profile: 'soap12' }),
  fail('HTTP-006', 'a wrong action parameter', reqHttp({ profile: 'soap12', soapAction: 'urn:other' }), ['HTTP-006'], { profile: 'soap12' }),
  pass('HTTP-007', 'a response with 200', httpResponse(success)),
  pass('HTTP-007', 'a Fault with 500', httpResponse(fault11)),
  fail('HTTP-007', 'a Fault with 200', httpResponse({ ...fault11, status: 200 }), ['HTTP-007']),
  fail('HTTP-007', 'a response with 500', httpResponse({ ...success, status: 500 }), ['HTTP-007']),
  pass('HTTP-008', 'the right Content-Length', reqHttp()),
  fail('HTTP-008', 'a Content-Length one too large', reqHttp({}, { contentLength: Buffer.byteLength(req()) + 1 }), ['HTTP-008']),
  pass('HTTP-009', 'a complete chunked body', chunked(req(), [100, 1000])),
  fail('HTTP-009', 'a truncated chunked body', chunked(req(), [100, 1000]).slice(0, 300), ['HTTP-009']),
  fail('HTTP-009', 'a header line without a colon', reqHttp().replace('host: 127.0.0.1', 'host 127.0.0.1'), ['HTTP-009']),

  // RSP
  pass('RSP-001', 'the response element', success.body),
  pass('RSP-001', 'a Fault', fault11.body),
  fail('RSP-001', 'an empty Body (a request-looking message, judged as a response)', responseEnvelope({ body: '' }), ['RSP-001'], { kind: 'response' }),
  fail('RSP-001', 'the response element in another namespace', responseEnvelope({ body: `<${RESP} xmlns="urn:wrong"/>` }), ['RSP-001']),
  fail('RSP-001', 'a second element after the response', responseEnvelope({ body: `${tns(RESP)}${tns(RESP)}` }), ['RSP-001']),
  pass('RSP-002', 'an empty response element', success.body),
  fail('RSP-002', 'a response with content', buildSuccessResponse({ responseContent: `<${IDS}/>` }).body, ['RSP-002']),
  fail('RSP-002', 'a response with text', responseEnvelope({ body: tns(RESP, 'done') }), ['RSP-002']),
  pass('RSP-002', "another operation's declared child (GetSystemInfoResponse/SystemInfo)", buildSuccessResponse({ contract: systemInfo, responseContent: `<SystemInfo i:nil="true" xmlns:i="${NS.xsi}"/>` }).body, { contract: systemInfo }),
  fail('RSP-002', "an undeclared child in another operation's response", buildSuccessResponse({ contract: systemInfo, responseContent: '<Bogus/>' }).body, ['RSP-002'], { contract: systemInfo }),
  pass('RSP-003', 'all four response headers', success.body),
  fail('RSP-003', 'no Succeeded header', responseEnvelope({ headers: responseHeadersWith('', nilHeader(EXCEPTION_INFO)) }), ['RSP-003']),
  fail('RSP-003', 'no headers at all (the documentation example response)', responseEnvelope({ headers: '' }), ['RSP-003', 'RSP-003', 'RSP-003', 'RSP-003'], undefined, 4),

  // ERR
  pass('ERR-001', 'a WCF-shaped SOAP 1.1 Fault', fault11.body),
  fail('ERR-001', 'no faultstring', s11fault('<faultcode>s:Client</faultcode>'), ['ERR-001']),
  fail('ERR-001', 'an unqualified faultcode', s11fault('<faultcode>Client</faultcode><faultstring>x</faultstring>'), ['ERR-001']),
  fail('ERR-001', 'a faultcode not in the SOAP list', s11fault('<faultcode>s:Oops</faultcode><faultstring>x</faultstring>'), ['ERR-001']),
  fail('ERR-001', 'faultstring before faultcode', s11fault('<faultstring>x</faultstring><faultcode>s:Client</faultcode>'), ['ERR-001']),
  pass('ERR-002', 'a SOAP 1.2 Fault under soap12', fault12.body, { profile: 'soap12' }),
  fail('ERR-002', 'Reason/Text without xml:lang', s12fault('<e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason><e:Text>x</e:Text></e:Reason>'), ['ERR-002'], { profile: 'soap12' }),
  fail('ERR-002', 'no Reason', s12fault('<e:Code><e:Value>e:Sender</e:Value></e:Code>'), ['ERR-002'], { profile: 'soap12' }),
  fail('ERR-002', 'a SOAP 1.1 code name in SOAP 1.2', s12fault('<e:Code><e:Value>e:Client</e:Value></e:Code><e:Reason><e:Text xml:lang="en">x</e:Text></e:Reason>'), ['ERR-002'], { profile: 'soap12' }),
  pass('ERR-003', 'an application error', buildAppErrorResponse({ message: 'Invalid ticket', exceptionType: 'SoSecurityException' }).body),
  pass('ERR-003', 'a success', success.body),
  pass('ERR-003', 'a Succeeded that is not a boolean is the schema backstop\'s finding', responseEnvelope({ headers: responseHeadersWith(tns(SUCCEEDED, 'yes'), nilHeader(EXCEPTION_INFO)) }), undefined, ['HDR-007']),
  fail('ERR-003', 'Succeeded=false with a nil ExceptionInfo', responseEnvelope({ headers: responseHeadersWith(tns(SUCCEEDED, 'false'), nilHeader(EXCEPTION_INFO)) }), ['ERR-003']),
  fail('ERR-003', 'Succeeded=true with a filled ExceptionInfo', responseEnvelope({ headers: responseHeadersWith(tns(SUCCEEDED, 'true'), tns(EXCEPTION_INFO, '<Message>m</Message>')) }), ['ERR-003']),
];

/** A raw HTTP request with its body sent in chunks of the given sizes (the rest in one last chunk). */
export function chunked(body: string, sizes: number[]): string {
  const built = buildRequest();
  const bytes = Buffer.from(body);
  const parts: Buffer[] = [];
  let at = 0;
  for (const n of [...sizes, bytes.length]) {
    if (at >= bytes.length) break;
    const chunk = bytes.subarray(at, at + n);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
    at += chunk.length;
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  const head = Object.entries({ host: '127.0.0.1', ...built.headers, 'transfer-encoding': 'chunked' })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return `POST ${C.endpointPath} HTTP/1.1\r\n${head}\r\n\r\n` + Buffer.concat(parts).toString('utf8');
}

export { TZ, INT };
