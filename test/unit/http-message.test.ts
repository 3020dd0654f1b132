import { describe, expect, it } from 'vitest';
import { NS } from '../../src/contract/namespaces.ts';
import { buildRequest } from '../../src/envelope/request.ts';
import { buildAppErrorResponse, buildFault11, buildSuccessResponse } from '../../src/envelope/response.ts';
import { looksLikeHttp, parseRawHttp } from '../../src/transport/http-message.ts';
import { validate } from '../../src/validate.ts';
import { C, httpRequest, httpResponse, ids } from './helpers.ts';
import { chunked } from './rule-cases.ts';

const enc = (s: string) => new TextEncoder().encode(s);

describe('start line detection', () => {
  it('recognises a request line and a status line, not an envelope', () => {
    expect(looksLikeHttp(enc(`POST ${C.endpointPath} HTTP/1.1\r\n`))).toBe(true);
    expect(looksLikeHttp(enc('HTTP/1.1 200 OK\r\n'))).toBe(true);
    expect(looksLikeHttp(enc('HTTP/2 500\n'))).toBe(true);
    expect(looksLikeHttp(enc(buildRequest().body))).toBe(false);
    expect(looksLikeHttp(enc('post / http/1.1\r\n'))).toBe(false);
  });

  it('a raw request is judged as a request with its headers', () => {
    const v = validate(httpRequest(buildRequest()));
    expect(v).toMatchObject({ kind: 'request', conformant: true, violations: [] });
  });

  it('a raw response is judged as a response, whatever its body looks like', () => {
    const v = validate(httpResponse({ status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: buildRequest().body }));
    expect(v.kind).toBe('response');
    expect(ids(v)).toContain('RSP-001');
  });

  it('accepts bare LF line endings and merges repeated headers', () => {
    const r = parseRawHttp(enc('HTTP/1.1 200 OK\nX-A: 1\nx-a: 2\nContent-Type: text/xml\n\n<a/>'));
    expect(r).toMatchObject({ kind: 'response', http: { status: 200, headers: { 'x-a': '1, 2', 'content-type': 'text/xml' } } });
    expect(Buffer.from((r as { body: Uint8Array }).body).toString()).toBe('<a/>');
  });

  it('input: "http" on a bare envelope is HTTP-009; input: "envelope" on an HTTP message is XML-001', () => {
    const r = buildRequest();
    expect(ids(validate(r.body, { input: 'http' }))).toEqual(['HTTP-009']);
    expect(ids(validate(httpRequest(r), { input: 'envelope' }))).toEqual(['XML-001']);
  });

  it('a bad header line is located on its line', () => {
    const text = httpRequest(buildRequest()).replace('host: 127.0.0.1', 'host 127.0.0.1');
    expect(validate(text).violations).toEqual([expect.objectContaining({ rule: 'HTTP-009', line: 2, column: 1 })]);
  });
});

describe('bodies', () => {
  it('de-chunks a chunked body (with chunk extensions) before judging it', () => {
    const text = chunked(buildRequest().body, [1, 17, 256]).replace(/\r\n1\r\n/, '\r\n1;ext=1\r\n');
    expect(validate(text)).toMatchObject({ conformant: true, violations: [] });
  });

  it('a truncated chunked body is exactly HTTP-009, located at the first body line', () => {
    const full = chunked(buildRequest().body, [64]);
    const v = validate(full.slice(0, full.length - 40));
    expect(v.violations).toEqual([expect.objectContaining({ rule: 'HTTP-009', message: expect.stringMatching(/truncated chunked body/) })]);
    expect(v.violations[0]!.line).toBe(full.split('\r\n\r\n')[0]!.split('\r\n').length + 2);
    expect(v.conformant).toBe(false);
  });

  it('a malformed chunk size is HTTP-009', () => {
    const text = chunked(buildRequest().body, [64]).replace(/\r\n\r\n40\r\n/, '\r\n\r\nzz\r\n');
    expect(ids(validate(text))).toEqual(['HTTP-009']);
  });

  it.each([
    ['a negative chunk size', (t: string) => t.replace(/\r\n\r\n40\r\n/, '\r\n\r\n-1\r\n'), /malformed chunk size "-1"/],
    ['hex digits followed by garbage', (t: string) => t.replace(/\r\n\r\n40\r\n/, '\r\n\r\n40zz\r\n'), /malformed chunk size/],
    ['a chunk size one too small', (t: string) => t.replace(/\r\n\r\n40\r\n/, '\r\n\r\n3f\r\n'), /longer than its size/],
  ])('%s is HTTP-009', (_n, mutate, message) => {
    const v = validate(mutate(chunked(buildRequest().body, [64])));
    expect(ids(v)).toEqual(['HTTP-009']);
    expect(v.violations[0]!.message).toMatch(message);
  });

  it('a chunked response is judged too', () => {
    const s = buildSuccessResponse();
    const text = `HTTP/1.1 200 OK\r\ncontent-type: ${s.headers['content-type']}\r\ntransfer-encoding: chunked\r\n\r\n${Buffer.byteLength(s.body).toString(16)}\r\n${s.body}\r\n0\r\n\r\n`;
    expect(validate(text)).toMatchObject({ kind: 'response', conformant: true, outcome: 'success', violations: [] });
  });

  it('Content-Length shorter or longer than the body is HTTP-008', () => {
    const r = buildRequest();
    const n = Buffer.byteLength(r.body);
    for (const cl of [n - 1, n + 10, 0]) {
      const v = validate(httpRequest(r, { contentLength: cl }));
      expect(ids(v)).toEqual(['HTTP-008']);
      expect(v.violations[0]!.message).toContain(`Content-Length is ${cl} but the body has ${n} bytes`);
    }
  });

  it('a UTF-16 body is read after the headers; its charset must say so (HTTP-003)', () => {
    const r = buildRequest();
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(r.body.replace('utf-8', 'utf-16'), 'utf16le')]);
    const frame = (ct: string) =>
      new Uint8Array(Buffer.concat([Buffer.from(`POST ${C.endpointPath} HTTP/1.1\r\ncontent-type: ${ct}\r\nsoapaction: ${r.headers['soapaction']}\r\ncontent-length: ${body.length}\r\n\r\n`), body]));
    expect(validate(frame('text/xml; charset=utf-16')).violations).toEqual([]);
    expect(ids(validate(frame('text/xml; charset=utf-8')))).toEqual(['HTTP-003']);
  });

  it('Content-Length counts bytes, not characters', () => {
    const r = buildRequest({ ticket: 'bjørn-ø' });
    expect(validate(httpRequest(r)).violations).toEqual([]);
  });
});

describe('SOAPAction and the SOAP 1.2 action parameter', () => {
  it('missing, unquoted, wrong and empty SOAPAction', () => {
    expect(ids(validate(httpRequest(buildRequest({ soapAction: null }))))).toEqual(['HTTP-004']);
    expect(ids(validate(httpRequest(buildRequest({ quoteSoapAction: false }))))).toEqual(['HTTP-005']);
    const wrong = validate(httpRequest(buildRequest({ soapAction: C.soapAction.replace('Services86', 'Services88') })));
    expect(ids(wrong)).toEqual(['HTTP-004']);
    expect(wrong.violations[0]!.message).toContain(C.soapAction);
    expect(ids(validate(httpRequest(buildRequest({ soapAction: '' }))))).toEqual(['HTTP-004']);
  });

  it('header names are case-insensitive', () => {
    const r = buildRequest();
    const text = httpRequest({ body: r.body, headers: { 'Content-Type': r.headers['content-type']!, SOAPAction: r.headers['soapaction']! } });
    expect(validate(text).violations).toEqual([]);
  });

  it('SOAP 1.2: the action parameter is checked and SOAPAction is not required', () => {
    expect(validate(httpRequest(buildRequest({ profile: 'soap12' })), { profile: 'soap12' }).violations).toEqual([]);
    expect(ids(validate(httpRequest(buildRequest({ profile: 'soap12', soapAction: null })), { profile: 'soap12' }))).toEqual(['HTTP-006']);
    expect(ids(validate(httpRequest(buildRequest({ profile: 'soap12', soapAction: 'urn:x' })), { profile: 'soap12' }))).toEqual(['HTTP-006']);
  });

  it('a SOAP 1.2 request sent to the SOAP 1.1 binding breaks the envelope, media type and action rules', () => {
    const v = validate(httpRequest(buildRequest({ profile: 'soap12' })), { profile: 'wsdl' });
    expect(ids(v)).toEqual(['ENV-001', 'HTTP-002']);
    expect(v.violations.find((x) => x.rule === 'HTTP-002')!.message).toMatch(/415/);
  });
});

describe('responses', () => {
  it('a 415 with an empty body is conformant, outcome not-soap (no envelope, so no Fault either)', () => {
    const v = validate('HTTP/1.1 415 Unsupported Media Type\r\ncontent-length: 0\r\n\r\n');
    expect(v).toMatchObject({ kind: 'response', conformant: true, outcome: 'not-soap', violations: [] });
  });

  it('a 500 HTML error page is HTTP-007 plus XML-001', () => {
    const html = '<html><head><title>Runtime Error</title></head><body><h1>Server Error</h1><br></body></html>';
    const v = validate(httpResponse({ status: 500, headers: { 'content-type': 'text/html' }, body: html }, 'Internal Server Error'));
    // errors.feature: an HTML error page is neither a response nor a Fault.
    expect(v.outcome).toBe('not-soap');
    expect(v.conformant).toBe(false);
    // text/html is also the wrong media type; the same page labelled text/xml is HTTP-007 + XML-001 alone.
    expect(ids(v)).toEqual(['HTTP-002', 'HTTP-007', 'XML-001']);
    expect(ids(validate(httpResponse({ status: 500, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: html })))).toEqual(['HTTP-007', 'XML-001']);
  });

  it('a 500 HTML page with a DOCTYPE is refused as XML-004, never parsed further', () => {
    const html = '<!DOCTYPE html>\n<html><body>Server Error</body></html>';
    expect(ids(validate(httpResponse({ status: 500, headers: { 'content-type': 'text/xml' }, body: html })))).toEqual(['HTTP-007', 'XML-004']);
  });

  it('an HTTP 200 application error is conformant with outcome app-error', () => {
    const v = validate(httpResponse(buildAppErrorResponse({ message: 'Invalid ticket', exceptionType: 'SoSecurityException' })));
    expect(v).toMatchObject({ kind: 'response', conformant: true, outcome: 'app-error', violations: [] });
  });

  it('success and Fault outcomes', () => {
    expect(validate(httpResponse(buildSuccessResponse()))).toMatchObject({ outcome: 'success', conformant: true });
    expect(validate(httpResponse(buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'x' })))).toMatchObject({ outcome: 'fault', conformant: true });
  });

  it('a Fault sent with 200 is HTTP-007 and still a fault', () => {
    const f = buildFault11({ code: { ns: NS.soap11, local: 'Server' }, faultString: 'x', status: 200 });
    const v = validate(httpResponse(f));
    expect(ids(v)).toEqual(['HTTP-007']);
    expect(v.outcome).toBe('fault');
  });
});
