import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../src/xml/parse.ts';
import { caseInput, describeParse, type ParseSnapshot } from '../fixtures/parse-describe.ts';

/**
 * The safe reader, compared output for output with what it produced before it was made faster: the
 * snapshot (test/fixtures/parse-snapshot.json, written by test/fixtures/make-parse-snapshot.ts from
 * the reader as it was) holds each input and the whole tree or every problem, with messages and
 * positions. Any change of behaviour, however small, fails here with the case's name.
 */
const snapshot = JSON.parse(readFileSync(new URL('../fixtures/parse-snapshot.json', import.meta.url), 'utf8')) as ParseSnapshot;

describe('the safe XML reader behaves exactly as recorded', () => {
  it('the corpus is the recorded one: envelopes, fixtures, rule cases, fuzz mutations, attack families and edge cases', () => {
    const kinds = new Set(snapshot.cases.map((c) => c.name.split(/[ #:]/)[0]));
    for (const k of ['examples/captures/docs-example-request.xml', 'docs', 'docsRotation', 'ruleCases', 'family', 'fuzz', 'edge']) expect(kinds).toContain(k);
    expect(snapshot.cases.length).toBeGreaterThan(900);
    // Both outcomes are well represented: a reader that refused everything would not pass below.
    const ok = snapshot.cases.filter((c) => (c.result as { ok: boolean }).ok).length;
    expect(ok).toBeGreaterThan(300);
    expect(snapshot.cases.length - ok).toBeGreaterThan(300);
  });

  // One test per part of the corpus (not a thousand tests); the failing case is named in the assertion.
  const groups = new Map<string, ParseSnapshot['cases']>();
  for (const c of snapshot.cases) {
    const group = c.name.split(/[ #:]/)[0]!.replace(/^(examples|fixtures)\/.*/, '$1');
    groups.set(group, [...(groups.get(group) ?? []), c]);
  }
  it.each([...groups].map(([group, cases]) => [group, cases.length, cases] as const))('%s (%i cases)', (_group, _n, cases) => {
    for (const c of cases) expect(describeParse(parseXml(caseInput(c), c.limits)), c.name).toEqual(c.result);
  });

  it('a reader fed the same input twice gives the same output (no state leaks between documents)', () => {
    const cases = snapshot.cases.filter((_, i) => i % 7 === 0);
    for (const c of cases) parseXml(caseInput(c), c.limits);
    for (const c of cases) expect(describeParse(parseXml(caseInput(c), c.limits)), c.name).toEqual(c.result);
  });
});
