/** Given steps that build a request: each one sets one option of buildRequest (src/envelope/request.ts). */
import { Given } from '@cucumber/cucumber';
import { PROFILES } from '../src/contract/profiles.ts';
import { documentationExamples, correctDocumentationRequest } from '../src/envelope/docs-example.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { contractHeaderBlock, headerBlockXml } from '../src/envelope/header-blocks.ts';
import { parseIdsSpec } from './support/ids-spec.ts';
import type { ConformanceWorld } from './support/world.ts';

type W = ConformanceWorld;

Given('the {string} profile', function (this: W, p: string) {
  this.setProfile(p);
});

Given('a conformant DeleteChatSessions request', function (this: W) {
  this.setRequest({});
});

Given("the request's Ids are {}", function (this: W, spec: string) {
  this.setRequest({ ids: parseIdsSpec(spec) });
});

Given('the int items are unqualified', function (this: W) {
  this.setRequest({ itemNamespace: 'none' });
});

Given('the int items are in the service namespace', function (this: W) {
  this.setRequest({ itemNamespace: 'service' });
});

Given('the int items are in namespace {string}', function (this: W, uri: string) {
  this.setRequest({ itemNamespace: { uri } });
});

Given('Ids carries xsi:type {string} and each int carries xsi:type {string}', function (this: W, ids: string, item: string) {
  this.setRequest({ xsiType: { ids, item } });
});

Given('the envelope prefix is {string}', function (this: W, envelope: string) {
  this.setRequest({ prefixes: { ...this.requestOptions.prefixes, envelope } });
});

Given('the service prefix is {string}', function (this: W, service: string) {
  this.setRequest({ prefixes: { ...this.requestOptions.prefixes, service: service === '(default namespace)' ? null : service } });
});

Given('the Arrays prefix is {string}', function (this: W, arrays: string) {
  this.setRequest({ prefixes: { ...this.requestOptions.prefixes, arrays } });
});

Given('the request has no XML declaration and no whitespace between elements', function (this: W) {
  this.setRequest({ xmlDeclaration: false, pretty: false });
});

Given('the envelope is in the SOAP {string} namespace', function (this: W, version: string) {
  const uri = Object.values(PROFILES).find((p) => p.soapVersion === version)?.envelopeNs;
  if (!uri) throw new Error(`no SOAP version ${version}`);
  this.setRequest({ envelopeNamespace: uri });
});

Given('the operation element is in namespace {string}', function (this: W, uri: string) {
  this.setRequest({ operationNamespace: uri });
});

Given('the header blocks are placed directly under Envelope', function (this: W) {
  this.setRequest({ headerPlacement: 'envelope' });
});

Given('the header blocks are placed inside Body', function (this: W) {
  this.setRequest({ headerPlacement: 'body' });
});

Given('the Ticket is placed directly in Header, outside Credentials', function (this: W) {
  this.setRequest({ ticketOutsideCredentials: true });
});

Given("the contract's header blocks carry mustUnderstand={string}", function (this: W, v: string) {
  if (v !== '1') throw new Error('only mustUnderstand="1" is supported by the builder');
  this.setRequest({ mustUnderstand: true });
});

function extraHeader(w: W, local: string, uri: string, mustUnderstand: string | undefined, text = ''): void {
  const env = w.requestOptions.prefixes?.envelope ?? (PROFILES[w.requestOptions.profile ?? w.profile].soapVersion === '1.1' ? 'soap' : 'env');
  const block = headerBlockXml(local, uri, { text, ...(mustUnderstand === undefined ? {} : { mustUnderstand: { envelopePrefix: env, value: mustUnderstand } }) });
  w.setRequest({ extraHeaders: [...(w.requestOptions.extraHeaders ?? []), block] });
}

Given('an extra header block {string} in namespace {string} marked mustUnderstand={string}', function (this: W, local: string, uri: string, mu: string) {
  extraHeader(this, local, uri, mu);
});

Given('an extra header block {string} in namespace {string} without mustUnderstand, holding {string}', function (this: W, local: string, uri: string, text: string) {
  extraHeader(this, local, uri, undefined, text);
});

Given('the ApplicationToken header block is sent twice', function (this: W) {
  const block = contractHeaderBlock(this.contract, 'applicationToken', { text: this.target.credentials.applicationToken });
  this.setRequest({ extraHeaders: [...(this.requestOptions.extraHeaders ?? []), block] });
});

Given('an extra header block {string} in the service namespace', function (this: W, local: string) {
  extraHeader(this, local, this.request.contract.tns, undefined);
});

Given('Credentials and its Ticket are in namespace {string}', function (this: W, uri: string) {
  const block = contractHeaderBlock(this.contract, 'credentials', { namespace: uri, fields: [this.target.credentials.ticket] });
  this.setRequest({ ticket: null, extraHeaders: [...(this.requestOptions.extraHeaders ?? []), block] });
});

Given('an extra header block {string} in no namespace', function (this: W, local: string) {
  this.setRequest({ extraHeaders: [...(this.requestOptions.extraHeaders ?? []), headerBlockXml(local, '', { text: 'x' })] });
});

Given('a TimeZone header whose SoTimeZoneId is {string}', function (this: W, value: string) {
  // buildRequest types the time zone id as a number; a wrong lexical value goes in as an extra block.
  const block = contractHeaderBlock(this.contract, 'timeZone', { fields: [value] });
  this.setRequest({ timeZone: null, extraHeaders: [...(this.requestOptions.extraHeaders ?? []), block] });
});

Given("the request's Content-Length header says {int} bytes", function (this: W, length: number) {
  this.extraHttpHeaders = { ...this.extraHttpHeaders, 'content-length': String(length) };
});

Given('the request is a captured HTTP message with a header line that has no colon', function (this: W) {
  const r = this.request;
  const head = [`POST ${r.contract.endpointPath} HTTP/1.1`, ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`), 'this line has no colon'].join('\r\n');
  this.requestText = { kind: 'request', label: 'captured HTTP request', bytes: new TextEncoder().encode(`${head}\r\n\r\n${r.body}`) };
});

Given('Ids is unqualified', function (this: W) {
  this.setRequest({ idsNamespace: 'none' });
});

Given('a TimeZone header with SoTimeZoneId {int}', function (this: W, id: number) {
  this.setRequest({ timeZone: { id } });
});

Given('the request carries no ticket', function (this: W) {
  this.setRequest({ ticket: null });
});

Given('the request carries no ApplicationToken', function (this: W) {
  this.setRequest({ applicationToken: null });
});

Given('the request carries an invalid ticket', function (this: W) {
  this.setRequest({ ticket: this.target.credentials.invalidTicket });
});

Given('the request carries a ticket the server fails on', function (this: W) {
  const t = this.target.credentials.serverErrorTicket;
  if (!t) return 'skipped';
  this.setRequest({ ticket: t });
  return undefined;
});

Given('the SOAPAction header is not quoted', function (this: W) {
  this.setRequest({ quoteSoapAction: false });
});

Given('the SOAPAction header is {string}', function (this: W, action: string) {
  this.setRequest({ soapAction: action });
});

Given('the action parameter of the Content-Type is {string}', function (this: W, action: string) {
  this.setRequest({ soapAction: action });
});

Given('the request has no SOAPAction header', function (this: W) {
  this.setRequest({ soapAction: null });
});

Given('the Content-Type is {string}', function (this: W, contentType: string) {
  this.setRequest({ contentType });
});

Given('the request example from the documentation page', function (this: W) {
  const text = documentationExamples().request;
  this.requestText = { kind: 'request', label: 'documentation request example', bytes: new TextEncoder().encode(text) };
  this.focus = 'request';
});

Given('the request example from the documentation page, corrected for the {string} profile', function (this: W, p: string) {
  this.setProfile(p);
  const text = correctDocumentationRequest(documentationExamples().request, this.profile);
  // Sent the way a client of this profile sends it: the binding's own HTTP headers, from the builder.
  const { headers } = buildRequest({ profile: this.profile });
  this.requestText = { kind: 'request', label: 'corrected documentation request example', bytes: new TextEncoder().encode(text), http: { method: 'POST', headers } };
  this.focus = 'request';
});

