/**
 * The IDS rules take shortcuts for big arrays (one scan, typed values, an ascending fast path for
 * duplicates). These tests pin the answers the shortcuts must not change. No timing is asserted.
 */
import { describe, expect, it } from 'vitest';
import { buildRequest } from '../../src/envelope/request.ts';
import { validate } from '../../src/validate.ts';
import { IDS, INT, OP, ids } from './helpers.ts';

const N = 100_000;
const run = (values: (number | string)[]) => validate(buildRequest({ ids: values, pretty: false }).bytes);
const itemPath = (i: number) => `Envelope › Body › ${OP} › ${IDS} › ${INT}[${i}]`;

describe('large and tricky Ids arrays', () => {
  it(`${N} ascending ids: conformant, no findings`, () => {
    expect(run(Array.from({ length: N }, (_, i) => i - N / 2)).violations).toEqual([]);
  });

  it(`${N} descending ids: no duplicate reported (sorted path)`, () => {
    expect(run(Array.from({ length: N }, (_, i) => N - i)).violations).toEqual([]);
  });

  it('one repeat at the end of an ascending run is found and located', () => {
    const v = run([...Array.from({ length: N }, (_, i) => i + 1), 1]);
    expect(v.violations).toEqual([expect.objectContaining({ rule: 'IDS-009', severity: 'warning', path: itemPath(N + 1), message: 'id 1 is listed more than once' })]);
  });

  it('0 and -0 are the same id', () => {
    expect(ids(run([0, '-0']))).toEqual(['IDS-009']);
  });

  it('values beyond 2^53 compare exactly', () => {
    expect(ids(run(['9007199254740993', '9007199254740992']))).toEqual(['IDS-005', 'IDS-005']);
    expect(ids(run(['9007199254740993', '+9007199254740993']))).toEqual(['IDS-005', 'IDS-005', 'IDS-009']);
    expect(ids(run(['0000000000000000000042', '42']))).toEqual(['IDS-009']);
  });

  it('non-numeric items do not hide duplicates around them', () => {
    const v = run([3, 'x', 1, 'y', 3]);
    expect(v.violations.map((x) => [x.rule, x.path])).toEqual([
      ['IDS-004', itemPath(2)],
      ['IDS-004', itemPath(4)],
      ['IDS-009', itemPath(5)],
    ]);
  });

  it('a misnamed item among many is reported once, with its index', () => {
    const body = buildRequest({ ids: Array.from({ length: 1000 }, (_, i) => i), pretty: false }).body.replace(`<arr:${INT}>500</arr:${INT}>`, '<arr:long>500</arr:long>');
    const v = validate(body);
    expect(v.violations).toEqual([expect.objectContaining({ rule: 'IDS-003', path: `Envelope › Body › ${OP} › ${IDS} › long` })]);
  });
});
