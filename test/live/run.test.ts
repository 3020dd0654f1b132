import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseTargetConfig, type TargetConfig } from '../../src/config/target-config.ts';
import { startLocalTarget, type LocalTarget } from '../../src/live/local-target.ts';
import { LiveRun } from '../../src/live/run.ts';
import { LiveError } from '../../src/live/transport.ts';

let lt: LocalTarget;
beforeAll(async () => {
  lt = await startLocalTarget();
});
afterAll(async () => {
  await lt.tenant.close();
});

async function refused(p: Promise<unknown>): Promise<LiveError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LiveError);
    expect((e as LiveError).kind).toBe('refused-by-suite');
    return e as LiveError;
  }
  throw new Error('expected a refusal');
}

function config(over: Record<string, unknown>, env: NodeJS.ProcessEnv = { SO_TICKET: 'given-ticket-value', SO_APPLICATION_TOKEN: 'tok-value' }): TargetConfig {
  const r = parseTargetConfig({ baseUrl: 'https://sod.superoffice.com/Cust12345', ...over }, env);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.config;
}

describe('the destructive round trip on the emulated tenant', () => {
  it('creates two sessions, deletes exactly those, verifies they are gone and cleans up', async () => {
    const run = new LiveRun(lt.config, lt.flags, lt.env);
    await run.reach();
    const ids = await run.createThrowAwaySessions(2);
    expect(ids).toHaveLength(2);
    expect(await run.listedSessions()).toEqual(expect.arrayContaining(ids));
    const r = await run.deleteOwnSessions(ids);
    expect(r.succeeded).toBe(true);
    expect(r.exceptionInfo).toBeNull();
    expect(lt.tenant.state.deleteRequests.at(-1)).toEqual(ids);
    const v = await run.verifyGone(ids);
    expect(v).toMatchObject({ gone: true, stillListed: [], stillFound: [] });
    expect(await run.cleanup()).toEqual([]);
    expect(lt.tenant.state.topics.size).toBe(0);
  });

  it('cleanup removes sessions and the topic when the run failed before deleting', async () => {
    const run = new LiveRun(lt.config, lt.flags, lt.env);
    const ids = await run.createThrowAwaySessions(2);
    expect(ids.every((id) => lt.tenant.state.sessions.has(id))).toBe(true);
    expect(await run.cleanup()).toEqual([]);
    expect(ids.some((id) => lt.tenant.state.sessions.has(id))).toBe(false);
    expect(lt.tenant.state.topics.size).toBe(0);
  });

  it('verification polls within pollMs and reports sessions that did not go away', async () => {
    const run = new LiveRun({ ...lt.config, timeouts: { requestMs: 3000, pollMs: 600 } }, lt.flags, lt.env);
    const ids = await run.createThrowAwaySessions(1);
    const v = await run.verifyGone(ids, 150);
    expect(v.gone).toBe(false);
    expect(v.stillListed).toEqual(ids);
    expect(v.stillFound).toEqual(ids);
    expect(v.attempts).toBeGreaterThan(1);
    await run.cleanup();
  });
});

describe('only ids created by this run reach DeleteChatSessions', () => {
  it('a foreign id, alone or mixed with own ids, is refused before anything is sent', async () => {
    const other = lt.tenant.state.addSession(lt.tenant.state.addTopic('someone else').id, 'not ours');
    const run = new LiveRun(lt.config, lt.flags, lt.env);
    const ids = await run.createThrowAwaySessions(1);
    const sentBefore = run.exchanges.length;
    const deletesBefore = lt.tenant.state.deleteRequests.length;
    const e1 = await refused(run.deleteOwnSessions([other.id]));
    expect(e1.message).toContain(String(other.id));
    await refused(run.deleteOwnSessions([...ids, other.id]));
    expect(run.exchanges.length).toBe(sentBefore);
    expect(lt.tenant.state.deleteRequests.length).toBe(deletesBefore);
    expect(lt.tenant.state.sessions.has(other.id)).toBe(true);
    await run.cleanup();
  });

  it('another run\'s ids are foreign too', async () => {
    const a = new LiveRun(lt.config, lt.flags, lt.env);
    const b = new LiveRun(lt.config, lt.flags, lt.env);
    const idsA = await a.createThrowAwaySessions(1);
    await refused(b.deleteOwnSessions(idsA));
    await a.cleanup();
  });

  it('the read-only door cannot carry ids', () => {
    const run = new LiveRun(lt.config, lt.flags, lt.env);
    expect(run.ownIdsGuard([1])).toMatch(/not created by this run/);
    expect(run.ownIdsGuard(['1'])).toMatch(/not created by this run/);
  });
});

describe('refusal: production and destructive need consent twice', () => {
  it('a production host is refused before any request unless config AND flag allow it', async () => {
    const prod = config({ baseUrl: 'https://online.superoffice.com/Cust12345' });
    for (const [cfg, flag] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      const run = new LiveRun({ ...prod, allowProduction: cfg }, { allowProductionFlag: flag, allowDestructiveFlag: false });
      const e = await refused(run.reach());
      expect(e.message).toContain('production host');
      expect(run.exchanges).toEqual([]);
    }
    const allowed = new LiveRun({ ...prod, allowProduction: true }, { allowProductionFlag: true, allowDestructiveFlag: false });
    expect(allowed.refusal(false)).toBeUndefined();
  });

  it('destructive steps are refused unless config AND flag allow them', async () => {
    for (const [cfg, flag] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      const run = new LiveRun({ ...lt.config, allowDestructive: cfg }, { allowDestructiveFlag: flag, allowProductionFlag: false }, lt.env);
      const e = await refused(run.createThrowAwaySessions(1));
      expect(e.message).toContain('allowDestructive');
      expect(run.exchanges).toEqual([]);
    }
  });

  it('a given ticket without a known associate id cannot run the round trip (no agent to add)', async () => {
    const run = new LiveRun({ ...lt.config, secrets: { ...lt.config.secrets, ticket: 'given' } }, lt.flags, {});
    const e = await refused(run.createThrowAwaySessions(1));
    expect(e.message).toContain('SO_CONFORMANCE_ASSOCIATE_ID');
  });

  it('secrets() lists every configured secret and the obtained ticket', async () => {
    const run = new LiveRun(lt.config, lt.flags, lt.env);
    await run.login();
    const names = run.secrets().map((s) => s.name).sort();
    expect(names).toEqual(['ApplicationToken', 'password', 'ticket']);
  });
});

describe('services versions: namespaces and actions follow the configured version', () => {
  it.each([83, 88] as const)('Services%s: reach, login, round trip, read-only variants', async (version) => {
    const t = await startLocalTarget({ version });
    try {
      const run = new LiveRun(t.config, t.flags, t.env);
      await run.reach();
      expect(run.exchanges[0]!.request.url).toContain(`/Remote/Services${version}/SoPrincipal.svc`);
      const ids = await run.createThrowAwaySessions(2);
      const r = await run.deleteOwnSessions(ids);
      expect(r.exchange.request.url).toContain(`/Remote/Services${version}/CustomerService.svc`);
      expect(new TextDecoder().decode(r.exchange.request.bytes)).toContain(`NetServer/Services${version}`);
      expect(r.succeeded).toBe(true);
      expect((await run.verifyGone(ids)).gone).toBe(true);
      expect((await run.deleteWithoutIds({ kind: 'nil' })).succeeded).toBe(true);
      expect(await run.cleanup()).toEqual([]);
    } finally {
      await t.tenant.close();
    }
  });
});
