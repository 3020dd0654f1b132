import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/contract/catalogue.ts';
import { judgeMessage } from '../../src/contract/check.ts';
import { buildRequest } from '../../src/envelope/request.ts';
import { SERVE_ANSWERS } from '../../src/contract/rule.ts';

/**
 * Rules are data that declare what they need, what they stand behind and how serve answers; the
 * engine gates (issue 11 item 2). These tests hold the design in place.
 */
const dir = join(import.meta.dirname, '../../src/contract/rules');
const sources = readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

describe('rules declare their needs; the engine gates', () => {
  it('every HTTP rule needs http, and no rule tests ctx.http itself', () => {
    for (const r of rules.filter((x) => x.family === 'HTTP')) expect(r.needs.some((n) => n === 'http' || n === 'http-problem'), r.id).toBe(true);
    for (const [f, s] of sources) expect(s, f).not.toMatch(/!ctx\.http\b|ctx\.http\?\./);
  });

  it('no backstop tests other rule IDs by hand: each declares what it stands behind', () => {
    for (const r of rules.filter((x) => x.backstop)) expect(r.standsBehind, r.id).toBeDefined();
    for (const [f, s] of sources) expect(s, f).not.toMatch(/ctx\.reported|\.reported\./);
  });

  it('no rule module keeps state keyed by the context', () => {
    for (const [f, s] of sources) expect(s, f).not.toMatch(/WeakMap/);
  });

  it('the answer serve gives comes from what the firing rules declare, strongest first', () => {
    const r = buildRequest({ ids: [1] });
    const http = (headers: Record<string, string>, method = 'POST') => ({ method, headers: { ...headers } });
    const ok = judgeMessage(r.bytes, { kind: 'request', http: http(r.headers) });
    expect(ok.answer).toBeUndefined();
    // Wrong method and wrong media type together: the method is refused first.
    const both = judgeMessage(r.bytes, { kind: 'request', http: http({ ...r.headers, 'content-type': 'application/json' }, 'PUT') });
    expect(both.answer?.kind).toBe('method-not-allowed');
    const media = judgeMessage(r.bytes, { kind: 'request', http: http({ ...r.headers, 'content-type': 'text/xml; charset=iso-8859-1' }) });
    expect(media.answer).toMatchObject({ kind: 'unsupported-media-type', rule: 'HTTP-003' });
    // A charset that is supported but does not match the body is a Fault, not a refusal.
    const mismatch = judgeMessage(r.bytes, { kind: 'request', http: http({ ...r.headers, 'content-type': 'text/xml; charset=utf-16' }) });
    expect(mismatch.answer).toMatchObject({ kind: 'fault', rule: 'HTTP-003' });
    const action = judgeMessage(r.bytes, { kind: 'request', http: http({ ...r.headers, soapaction: '"urn:other"' }) });
    expect(action.answer?.kind).toBe('action-not-supported');
    const broken = judgeMessage('<a>', { kind: 'request', http: http({ ...r.headers, soapaction: '"urn:other"' }) });
    expect(broken.answer).toMatchObject({ kind: 'unreadable', rule: 'XML-001' });
    for (const rule of rules) if (rule.answer) expect(SERVE_ANSWERS).toContain(rule.answer);
  });

  it('without HTTP metadata no rule that needs it runs; an unreadable HTTP message is judged only by the rule about that', () => {
    const r = buildRequest({ ids: [1] });
    const bare = judgeMessage(r.bytes, { kind: 'request' });
    expect(bare.result.violations.filter((v) => v.rule.startsWith('HTTP-'))).toEqual([]);
    const unreadable = judgeMessage(new Uint8Array(0), { kind: 'request', http: { headers: {}, problem: { message: 'no blank line', line: 3 } } });
    const ids = unreadable.result.violations.map((v) => v.rule);
    expect(ids.length).toBe(1);
    expect(rules.find((x) => x.id === ids[0])!.needs).toContain('http-problem');
  });
});
