/**
 * The catalogue's consequences are measured: every rule's violating cases go to the WCF reference
 * (Mono, built by the test) and each rule's entry in src/contract/consequences.ts must be exactly what
 * came back. A missing Mono fails with the package name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rules, catalogueData } from '../../src/contract/catalogue.ts';
import { CONSEQUENCES, consequenceOf, describeOutcome } from '../../src/contract/consequences.ts';
import { startReference, type RunningReference } from './reference.ts';
import { casesFor, consequencesFrom, measureRules, type Measured } from './measure.ts';

let results: Measured[] = [];
let closeLast: () => Promise<void> = async () => {};

beforeAll(async () => {
  const m = await measureRules(() => startReference(), rules.map((r) => r.id));
  results = m.results;
  closeLast = m.close;
}, 300_000);
afterAll(() => closeLast());

describe('consequences on a WCF server, measured', () => {
  it('every rule has a consequence, and only rules have one', () => {
    expect(Object.keys(CONSEQUENCES).sort()).toEqual(rules.map((r) => r.id).sort());
    for (const e of catalogueData()) expect(e.consequence.summary.length, e.id).toBeGreaterThan(10);
  });

  it('every rule that applies to requests has at least one case sent', () => {
    for (const r of rules) if (r.appliesTo !== 'response') expect(casesFor(r.id).length, r.id).toBeGreaterThan(0);
  });

  for (const r of rules) {
    it(`${r.id}: ${CONSEQUENCES[r.id] ? describeOutcome(CONSEQUENCES[r.id]!) : '(none)'}`, () => {
      const measured = consequencesFrom([r.id], results)[r.id];
      expect(CONSEQUENCES[r.id], `src/contract/consequences.ts is stale for ${r.id}: run node --import tsx test/wcf/write-consequences.ts`).toEqual(measured);
    });
  }

  it('the unqualified Ids is the silent one: read as null, answered Succeeded=true', () => {
    const ids = results.find((m) => m.rule === 'IDS-001')!;
    expect(ids.observed).toMatchObject({ kind: 'silently-ignored', status: 200, lost: ['Ids'] });
    expect(ids.observed.read?.ids).toBeNull();
    expect(consequenceOf('IDS-001').summary).toMatch(/silently ignored.*read as null: nothing is deleted/);
  });

  it('a conformant request is read as sent (the classification can tell the two apart)', async () => {
    const { buildRequest } = await import('../../src/envelope/request.ts');
    const { sendRaw, wireBytes, classify } = await import('./measure.ts');
    const ref: RunningReference = await startReference();
    try {
      const port = Number(new URL(ref.url).port);
      const b = buildRequest({ ids: [4, 5] });
      const o = classify(b.body, await sendRaw(port, wireBytes(b.body, port)));
      expect(o.kind).toBe('accepted');
      expect(o.read?.ids).toEqual([4, 5]);
    } finally {
      await ref.close();
    }
  }, 120_000);
});
