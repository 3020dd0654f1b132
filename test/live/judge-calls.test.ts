/**
 * The contract is a parameter: every call of the live flow is judged by the one engine against the
 * WSDL operation it called (SoPrincipal, CustomerService.ChatSessionsForUser, the Chat.svc entity
 * calls, DeleteChatSessions), and a planted mistake in any of them is found by the generic rules.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalTarget, type LocalTarget } from '../../src/live/local-target.ts';
import { LiveRun } from '../../src/live/run.ts';
import type { Exchange } from '../../src/live/soap-client.ts';
import { callVerdictAttachments, judgeExchange, type CallVerdict } from '../../src/live/judge-calls.ts';

let lt: LocalTarget;
let run: LiveRun;
let verdicts: CallVerdict[];

beforeAll(async () => {
  lt = await startLocalTarget();
  run = new LiveRun(lt.config, lt.flags, lt.env);
  await run.reach();
  const ids = await run.createThrowAwaySessions(2);
  expect(await run.listedSessions()).toEqual(expect.arrayContaining(ids));
  await run.deleteOwnSessions(ids);
  expect(await run.cleanup()).toEqual([]);
  verdicts = run.exchanges.flatMap((x) => judgeExchange(x, run.config.servicesVersion));
}, 60_000);
afterAll(async () => {
  await lt.tenant.close();
});

const find = (operation: string): Exchange => {
  const x = run.exchanges.find((e) => e.operation === operation);
  if (!x) throw new Error(`the flow made no ${operation} call (made: ${run.exchanges.map((e) => e.operation).join(', ')})`);
  return x;
};
const rules = (v: CallVerdict[]) => [...new Set(v.flatMap((x) => x.violations.filter((y) => y.severity === 'error').map((y) => y.rule)))].sort();
const body = (x: Exchange) => new TextDecoder().decode(x.request.bytes);
/** The exchange's request alone (judged without an answer), optionally with another body or headers. */
const requestOnly = (x: Exchange, change: { body?: string; headers?: Record<string, string> } = {}): Exchange => ({
  ...x,
  ok: false,
  request: { ...x.request, ...(change.headers ? { headers: change.headers } : {}), ...(change.body !== undefined ? { bytes: new TextEncoder().encode(change.body) } : {}) },
  failure: { kind: 'network', message: 'judged without its answer' },
  durationMs: 0,
});

describe('every call of the live flow, judged against its own operation', () => {
  it('covers SoPrincipal, CustomerService and Chat operations, requests and responses', () => {
    const ops = new Set(verdicts.map((v) => `${v.service}.${v.operation}`));
    for (const op of ['SoPrincipal.GetSystemInfo', 'SoPrincipal.AuthenticateUsernamePassword', 'CustomerService.ChatSessionsForUser', 'CustomerService.DeleteChatSessions', 'Chat.SaveChatSessionEntity', 'Chat.DeleteChatTopicEntity']) {
      expect(ops, op).toContain(op);
    }
    expect(verdicts.filter((v) => v.kind === 'response').length).toBe(verdicts.filter((v) => v.kind === 'request').length);
  });

  it('finds the suite\'s own requests and the emulated tenant\'s answers conformant', () => {
    const bad = verdicts.filter((v) => !v.conformant).map((v) => `${v.service}.${v.operation} ${v.kind}: ${rules([v]).join(', ')}`);
    expect(bad).toEqual([]);
  });

  it('a wrong SOAPAction on a SoPrincipal call fails the HTTP rules', () => {
    const x = find('GetSystemInfo');
    const v = judgeExchange(requestOnly(x, { headers: { ...x.request.headers, soapaction: '"urn:wrong"' } }), run.config.servicesVersion);
    expect(rules(v).some((r) => r.startsWith('HTTP-'))).toBe(true);
  });

  it('an undeclared child in a Chat entity call fails the operation rules, and no IDS rule speaks', () => {
    const x = find('AddChatTopicUserAgent');
    const changed = body(x).replace(/(<AddChatTopicUserAgent[^>]*>)/, '$1<Bogus>1</Bogus>');
    expect(changed).not.toBe(body(x));
    const r = rules(judgeExchange(requestOnly(x, { body: changed }), run.config.servicesVersion));
    expect(r.some((id) => id.startsWith('OP-'))).toBe(true);
    expect(r.some((id) => id.startsWith('IDS-'))).toBe(false);
  });

  it('an undeclared element in a CustomerService response fails RSP-002', () => {
    const x = find('ChatSessionsForUser');
    if (!x.ok) throw new Error('ChatSessionsForUser got no answer');
    const text = new TextDecoder().decode(x.response.bytes).replace(/(<ChatSessionsForUserResponse[^>]*>)/, '$1<Bogus/>');
    const v = judgeExchange({ ...x, request: { ...x.request, bytes: new Uint8Array() }, response: { ...x.response, bytes: new TextEncoder().encode(text) } }, run.config.servicesVersion);
    expect(rules(v)).toContain('RSP-002');
  });

  it('a DeleteChatSessions call keeps its own rules: a bad item fails the IDS family', () => {
    const x = find('DeleteChatSessions');
    const changed = body(x).replace(/>(\d+)</, '>not-a-number<');
    expect(changed).not.toBe(body(x));
    expect(rules(judgeExchange(requestOnly(x, { body: changed }), run.config.servicesVersion)).some((id) => id.startsWith('IDS-'))).toBe(true);
  });

  it('reports the verdicts as attachments, secrets redacted even where a violation quotes them', () => {
    const x = find('GetSystemInfo');
    const ticket = run.ticket!;
    expect(ticket.length).toBeGreaterThan(4);
    const leaky = requestOnly(x, { headers: { ...x.request.headers, soapaction: `"${ticket}"` } });
    const [text, json] = callVerdictAttachments([...run.exchanges, leaky], run.config.servicesVersion, run.secrets());
    expect(text!.mediaType).toBe('text/plain');
    expect(text!.body).toMatch(/^Envelope verdicts .*: \d+ conformant, 1 not/);
    expect(text!.body).toContain('NOT conformant SoPrincipal.GetSystemInfo request');
    expect(JSON.parse(json!.body)).toHaveLength(verdicts.length + 1);
    for (const s of run.secrets()) {
      expect(text!.body).not.toContain(s.value);
      expect(json!.body).not.toContain(s.value);
    }
    expect(callVerdictAttachments([], run.config.servicesVersion, [])).toEqual([]);
  });
});
