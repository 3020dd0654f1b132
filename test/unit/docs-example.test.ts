import { describe, expect, it } from 'vitest';
import { NS } from '../../src/contract/namespaces.ts';
import { validate } from '../../src/validate.ts';
import { C, CREDS, TOKEN, docsExamples, errorIds, ids } from './helpers.ts';

const { request, response } = docsExamples();

/** 1-based line and column of the first occurrence of `needle` in `text`. */
function where(text: string, needle: string): { line: number; column: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`"${needle}" not in the example`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

/** The example's header blocks, moved into a Header element: the documented fix for HDR-001. */
function withHeader(text: string): string {
  const start = text.indexOf(`<CustomerService:${TOKEN}>`);
  const endTag = `</CustomerService:${CREDS}>`;
  const end = text.indexOf(endTag) + endTag.length;
  return `${text.slice(0, start)}<SOAP-ENV:Header>${text.slice(start, end)}</SOAP-ENV:Header>${text.slice(end)}`;
}

describe('the documentation example request', () => {
  it('is read from the docs page, not retyped', () => {
    expect(request).toContain(NS.soap12);
    expect(request).toContain(C.tns);
  });

  it('under profile wsdl breaks exactly ENV-001 and HDR-001 twice, located', () => {
    const v = validate(request, { profile: 'wsdl' });
    expect(v.kind).toBe('request');
    expect(v.conformant).toBe(false);
    expect(ids(v)).toEqual(['ENV-001', 'HDR-001', 'HDR-001']);
    const env = v.violations.find((x) => x.rule === 'ENV-001')!;
    expect(env).toMatchObject({ severity: 'error', ...where(request, '<SOAP-ENV:Envelope'), path: 'Envelope' });
    expect(env.message).toContain(NS.soap12);
    const [token, creds] = v.violations.filter((x) => x.rule === 'HDR-001');
    expect(token).toMatchObject({ severity: 'error', ...where(request, `<CustomerService:${TOKEN}>`), path: `Envelope › ${TOKEN}` });
    expect(creds).toMatchObject({ severity: 'error', ...where(request, `<CustomerService:${CREDS}>`), path: `Envelope › ${CREDS}` });
  });

  it('under profile soap12 breaks exactly HDR-001 twice', () => {
    const v = validate(request, { profile: 'soap12' });
    expect(ids(v)).toEqual(['HDR-001', 'HDR-001']);
  });

  it('passes both checks once corrected (SOAP 1.1 namespace for wsdl, blocks inside Header)', () => {
    expect(validate(withHeader(request), { profile: 'soap12' }).violations).toEqual([]);
    const v = validate(withHeader(request).replace(NS.soap12, NS.soap11), { profile: 'wsdl' });
    expect(v.violations).toEqual([]);
    expect(v.conformant).toBe(true);
  });
});

describe('the documentation example response', () => {
  it('under profile wsdl breaks ENV-001 and misses the four response headers (RSP-003)', () => {
    const v = validate(response, { profile: 'wsdl' });
    expect(v.kind).toBe('response');
    expect(errorIds(v)).toEqual(['ENV-001', 'RSP-003', 'RSP-003', 'RSP-003', 'RSP-003']);
    expect(v.violations.filter((x) => x.rule === 'RSP-003').map((x) => x.message)).toEqual(C.responseHeaders.map((h) => expect.stringContaining(h.element.local)));
  });

  it('under profile soap12 misses the four response headers only', () => {
    const v = validate(response, { profile: 'soap12' });
    expect(ids(v)).toEqual(['RSP-003', 'RSP-003', 'RSP-003', 'RSP-003']);
    // Its response element holds only whitespace: that is empty (RSP-002 stays quiet). Without a
    // Succeeded header block nothing confirms success.
    expect(v.outcome).toBe('unconfirmed');
  });
});
