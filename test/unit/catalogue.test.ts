import { describe, expect, it } from 'vitest';
import { catalogueData, ruleById, rules } from '../../src/contract/catalogue.ts';
import { checkMessage } from '../../src/contract/check.ts';
import { buildRequest } from '../../src/envelope/request.ts';
import { buildSuccessResponse } from '../../src/envelope/response.ts';
import { validate } from '../../src/validate.ts';
import { ids } from './helpers.ts';

describe('the catalogue as data', () => {
  it('has stable, unique ids whose prefix is the family', () => {
    const seen = new Set<string>();
    for (const r of rules) {
      expect(r.id).toMatch(/^(XML|ENV|HDR|OP|IDS|HTTP|RSP|ERR)-\d{3}$/);
      expect(r.id.split('-')[0]).toBe(r.family);
      expect(seen.has(r.id)).toBe(false);
      seen.add(r.id);
    }
    expect(rules.length).toBeGreaterThanOrEqual(50);
  });

  it('gives every rule a one-line statement, a source and a hint', () => {
    for (const d of catalogueData()) {
      expect(Object.keys(d).sort()).toEqual(['appliesTo', 'consequence', 'family', 'hint', 'id', 'severity', 'source', 'statement']);
      for (const f of [d.statement, d.source, d.hint]) {
        expect(f.trim().length, d.id).toBeGreaterThan(5);
        expect(f, d.id).not.toContain('\n');
      }
      expect(['error', 'warning']).toContain(d.severity);
      expect(['request', 'response', 'both']).toContain(d.appliesTo);
    }
  });

  it('is JSON-serialisable as published (rules --json)', () => {
    expect(JSON.parse(JSON.stringify(catalogueData()))).toEqual(catalogueData());
  });

  it('ruleById finds each rule and refuses an unknown id', () => {
    for (const r of rules) expect(ruleById(r.id)).toBe(r);
    expect(() => ruleById('XML-999')).toThrow(/unknown rule/);
  });

  it('marks exactly the schema checks as backstops', () => {
    expect(rules.filter((r) => r.backstop).map((r) => r.id).sort()).toEqual(['HDR-007', 'OP-004']);
  });
});

describe('checkMessage options', () => {
  it('detects the kind from the Body and honours an explicit kind', () => {
    const req = buildRequest().body;
    expect(checkMessage(req).kind).toBe('request');
    expect(checkMessage(buildSuccessResponse().body).kind).toBe('response');
    const forced = checkMessage(req, { kind: 'response' });
    expect(forced.kind).toBe('response');
    // Request header blocks are not response blocks (HDR-004); the body is no response (RSP-001); headers are missing (RSP-003).
    expect(ids(forced)).toEqual(['HDR-004', 'HDR-004', 'RSP-001', 'RSP-003', 'RSP-003', 'RSP-003', 'RSP-003']);
  });

  it('never reports a rule on the wrong kind of message', () => {
    const kinds = new Map(rules.map((r) => [r.id, r.appliesTo]));
    const onRequest = validate(buildRequest({ ids: ['x', 'x'], ticket: null, headerPlacement: 'body' }).body);
    for (const v of onRequest.violations) expect(kinds.get(v.rule)).not.toBe('response');
    const onResponse = validate(buildSuccessResponse({ responseContent: '<x/>' }).body);
    for (const v of onResponse.violations) expect(kinds.get(v.rule)).not.toBe('request');
  });

  it('reports only results for the message given: accepts strings and bytes alike', () => {
    const r = buildRequest({ ids: [1, 1] });
    expect(checkMessage(r.body)).toEqual(checkMessage(r.bytes));
  });

  it('passes limits through to the parser', () => {
    const body = buildRequest({ ids: [1, 2, 3] }).body;
    expect(ids(checkMessage(body, { limits: { maxBytes: 100 } }))).toEqual(['XML-006']);
    expect(checkMessage(body, { limits: { maxBytes: 100_000 } }).conformant).toBe(true);
  });

  it('the verdict shape is the §6 promise (plus an additive hint)', () => {
    const v = validate(buildRequest({ ids: ['x'] }).body);
    expect(Object.keys(v).sort()).toEqual(['conformant', 'kind', 'profile', 'violations']);
    expect(Object.keys(v.violations[0]!).sort()).toEqual(['column', 'hint', 'line', 'message', 'path', 'rule', 'severity']);
    const r = validate(buildSuccessResponse().body);
    expect(Object.keys(r).sort()).toEqual(['conformant', 'kind', 'outcome', 'profile', 'violations']);
  });
});
