import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/envelope/request.ts';
import { ITEM_REPORT_LIMIT } from '../../src/contract/rules/ids.ts';
import { validate } from '../../src/validate.ts';
import { NS } from '../../src/contract/namespaces.ts';
import { FINDINGS_PER_RULE } from '../../src/contract/check.ts';
import { IDS, INT, OP, TICKET, TOKEN, TZ, ids } from './helpers.ts';

/** 1-based line and column of the n-th (0-based) occurrence of `needle`. */
function where(text: string, needle: string, nth = 0): { line: number; column: number } {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(needle, i + 1);
  if (i < 0) throw new Error(`"${needle}" #${nth} not found`);
  const before = text.slice(0, i);
  return { line: before.split('\n').length, column: i - before.lastIndexOf('\n') };
}

const P = (...parts: string[]) => parts.join(' › ');

describe('violations carry rule id, severity, line, column and path', () => {
  it('IDS-004 points at the bad item with its index', () => {
    const { body } = buildRequest({ ids: [1, 'x', 3] });
    const v = validate(body);
    expect(v.violations).toEqual([
      expect.objectContaining({ rule: 'IDS-004', severity: 'error', ...where(body, `<arr:${INT}>`, 1), path: P('Envelope', 'Body', OP, IDS, `${INT}[2]`) }),
    ]);
  });

  it('IDS-009 (a warning) points at each repeat, and the request stays conformant', () => {
    const { body } = buildRequest({ ids: [7, 8, 7, 8] });
    const v = validate(body);
    expect(v.conformant).toBe(true);
    expect(v.violations.map((x) => [x.rule, x.severity, x.line, x.column, x.path])).toEqual([
      ['IDS-009', 'warning', where(body, `<arr:${INT}>`, 2).line, where(body, `<arr:${INT}>`, 2).column, P('Envelope', 'Body', OP, IDS, `${INT}[3]`)],
      ['IDS-009', 'warning', where(body, `<arr:${INT}>`, 3).line, where(body, `<arr:${INT}>`, 3).column, P('Envelope', 'Body', OP, IDS, `${INT}[4]`)],
    ]);
  });

  it('HDR-006 points at the stray Ticket', () => {
    const { body } = buildRequest({ ticketOutsideCredentials: true });
    expect(validate(body).violations).toEqual([
      expect.objectContaining({ rule: 'HDR-006', severity: 'error', ...where(body, `<so:${TICKET}>`), path: P('Envelope', 'Header', TICKET) }),
    ]);
  });

  it('HDR-002 points at each block misplaced in Body', () => {
    const { body } = buildRequest({ headerPlacement: 'body' });
    expect(validate(body).violations.map((x) => [x.rule, x.line, x.column, x.path])).toEqual([
      ['HDR-002', where(body, `<so:${TOKEN}>`).line, where(body, `<so:${TOKEN}>`).column, P('Envelope', 'Body', TOKEN)],
      ['HDR-002', where(body, '<so:Credentials>').line, where(body, '<so:Credentials>').column, P('Envelope', 'Body', 'Credentials')],
    ]);
  });

  it('HDR-007 (schema backstop) points at the invalid field, with the schema message', () => {
    const body = buildRequest({ timeZone: { id: 1 } }).body.replace('>1</so:SoTimeZoneId>', '>one</so:SoTimeZoneId>');
    const [x, ...rest] = validate(body).violations;
    expect(rest).toEqual([]);
    expect(x).toMatchObject({ rule: 'HDR-007', severity: 'error', line: where(body, '<so:SoTimeZoneId>').line });
    expect(x!.path).toMatch(new RegExp(`^${P('Envelope', 'Header', TZ)}`));
    expect(x!.message).toMatch(/^schema: .*'one'.*xs:int/);
  });

  it('XML-001 is located at the broken tag', () => {
    const v = validate('<a>\n  <b>\n</a>');
    expect(v.violations).toEqual([expect.objectContaining({ rule: 'XML-001', severity: 'error', line: 3, path: null })]);
  });

  it('HTTP rules have no XML location', () => {
    const r = buildRequest({ quoteSoapAction: false });
    const http = `POST /x HTTP/1.1\r\ncontent-type: ${r.headers['content-type']}\r\nsoapaction: ${r.headers['soapaction']}\r\n\r\n${r.body}`;
    expect(validate(http).violations).toEqual([expect.objectContaining({ rule: 'HTTP-005', line: null, column: null, path: null })]);
  });

  it('caps the findings of one item rule at the report limit, with a count of the rest', () => {
    const n = ITEM_REPORT_LIMIT + 20;
    const v = validate(buildRequest({ ids: Array.from({ length: n }, () => 'x'), pretty: false }).body);
    expect(ids(v)).toEqual(Array(ITEM_REPORT_LIMIT + 1).fill('IDS-004'));
    expect(v.violations.at(-1)!.message).toContain(`and 20 more`);
  });

  it('caps every rule at the same limit: 1000 stray header blocks give 50 findings and a count', () => {
    const v = validate(buildRequest({ pretty: false, extraHeaders: ['<so:Stray/>'.repeat(1000)] }).body);
    expect(ids(v)).toEqual(Array(FINDINGS_PER_RULE + 1).fill('HDR-004'));
    expect(v.violations.at(-1)!.message).toBe(`…and ${1000 - FINDINGS_PER_RULE} more like this (first ${FINDINGS_PER_RULE} listed)`);
    expect(v.violations.at(-1)!.path).toBe(P('Envelope', 'Header', `Stray[${FINDINGS_PER_RULE + 1}]`));
  });

  it('a name in the wrong namespace gets a "did you mean" hint with the expected namespace', () => {
    const { body } = buildRequest({ itemNamespace: 'service' });
    const [x] = validate(body).violations;
    expect(x).toMatchObject({ rule: 'IDS-003', path: P('Envelope', 'Body', OP, IDS, INT) });
    expect(x!.hint).toBe(`did you mean {${NS.arrays}}${INT}? bind its prefix to ${NS.arrays}`);
    const unqualified = validate(buildRequest({ itemNamespace: 'none' }).body).violations[0]!;
    expect(unqualified.hint).toContain(`xmlns:p="${NS.arrays}" and <p:${INT}>`);
  });
});
