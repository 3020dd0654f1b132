/**
 * `proxy --record`: the live flow run through the proxy in front of the emulated tenant is written as
 * the interceptors `record` writes for the same exchanges (record.ts's toInterceptor and writer), with
 * no secret in it; a secret the scrubbing cannot see fails the scan and leaves no file behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalTarget, type LocalTarget } from '../src/live/local-target.ts';
import { LiveRun } from '../src/live/run.ts';
import { toInterceptor, type Recording } from '../src/live/record.ts';
import type { FeatureRecording } from '../src/live/replay.ts';
import { startProxy, type RunningProxy } from '../src/proxy/index.ts';
import { startRecorder, type Recorder } from '../src/proxy/record.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { cliChild } from './cli-helpers.ts';


// No 8 characters of it may be a word every recording holds (the scan's fragment rule would fire on
// the replay section's "password" key): 'proxy-record-password-…' did.
const PASSWORD = 'prx-rec-pw-5e5e7c91';

const cli = cliChild;
const TOKEN = 'proxy-record-token-a1a1a1';

describe('proxy --record', () => {
  let local: LocalTarget;
  let proxy: RunningProxy;
  let recorder: Recorder;
  let dir: string;
  let run: LiveRun;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'proxy-record-'));
    local = await startLocalTarget({ secrets: { password: PASSWORD, applicationToken: TOKEN } });
    recorder = startRecorder({ dir, upstream: local.tenant.origin, version: 86, name: 'session', warn: () => undefined });
    proxy = await startProxy({ upstream: local.tenant.origin, onExchange: recorder.add });
    // The live flow's client, pointed at the proxy instead of the tenant.
    run = new LiveRun({ ...local.config, baseUrl: new URL(`${proxy.url}/Cust12345`) }, local.flags, local.env);
    await run.reach();
    await run.login();
    await run.deleteWithoutIds({ kind: 'empty' });
    await run.deleteWithoutIds({ kind: 'nil' }, { soapAction: 'urn:wrong' });
  });
  afterAll(async () => {
    await proxy?.close();
    await local?.tenant.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes what record writes for the same exchanges, scrubbed, and keeps no secret', () => {
    expect(recorder.close()).toBe(true);
    const file = join(dir, 'session.json');
    const text = readFileSync(file, 'utf8');
    const recording = JSON.parse(text) as Recording;
    // What `record` makes of the client's own view of the same exchanges.
    const expected = run.exchanges.map((x) => toInterceptor(x, 'Cust12345', [])).filter((x) => x !== undefined);
    expect(recording.interceptors).toHaveLength(expected.length);
    expect(expected.length).toBe(4);
    recording.interceptors.forEach((got, i) => {
      const want = expected[i]!;
      expect(got.label).toBe(want.label);
      expect(got.method).toBe(want.method);
      expect(got.path).toBe(want.path);
      expect(got.requestBody).toBe(want.requestBody);
      expect(got.status).toBe(want.status);
      expect(got.body).toBe(want.body);
      expect(got.headers).toEqual(want.headers);
      // The wire carries more headers than the client set (user-agent, accept…); the ones a SOAP server dispatches on are the same.
      expect(got.reqheaders['soapaction']).toBe(want.reqheaders['soapaction']);
      expect(got.reqheaders['content-type']).toBe(want.reqheaders['content-type']);
      expect(got.reqheaders['host']).toBeUndefined();
      // Recorded against the upstream, as `record` pointed straight at the tenant would have.
      expect(got.scope).toBe(local.tenant.origin);
    });
    expect(recording.provenance).toMatchObject({ origin: 'recorded', servicesVersion: 86, source: 'proxy' });
    expect(recording.verdicts.map((v) => v.outcome)).toEqual(['success', 'success', 'success', 'fault']);
    for (const secret of [PASSWORD, TOKEN, run.ticket!, 'Cust12345']) expect(text).not.toContain(secret);
    expect(text).toContain('__PASSWORD__');
    expect(text).toContain('__TICKET__');
  });

  it('fails closed: a secret the scrubbing cannot see deletes the recording and stops it', async () => {
    const d2 = mkdtempSync(join(tmpdir(), 'proxy-record-leak-'));
    const warnings: string[] = [];
    const rec = startRecorder({ dir: d2, upstream: local.tenant.origin, version: 86, name: 'leak', warn: (l) => warnings.push(l) });
    const p2 = await startProxy({ upstream: local.tenant.origin, onExchange: rec.add });
    try {
      const r = buildRequest({ ids: [1], ticket: '7T:leaky-ticket-0042', applicationToken: TOKEN });
      // The token also travels base64-encoded in a header of its own: the scrub redacts the forms a
      // message quotes (raw, escaped), the scan looks for every form, so this one must fail closed.
      await fetch(`${p2.url}/Cust12345${r.contract.endpointPath}`, { method: 'POST', headers: { ...r.headers, 'x-debug-token': Buffer.from(TOKEN).toString('base64') }, body: Buffer.from(r.bytes) });
      expect(rec.close()).toBe(false);
      expect(readdirSync(d2)).toEqual([]);
      expect(existsSync(join(d2, 'leak.json'))).toBe(false);
      expect(warnings.join('\n')).toMatch(/SECRET FOUND: .* \(base64\)/);
      expect(warnings.join('\n')).not.toContain(TOKEN);
    } finally {
      await p2.close();
      rmSync(d2, { recursive: true, force: true });
    }
  });
});

describe('proxy --record of the @live features replays green', () => {
  let local: LocalTarget;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'proxy-record-run-'));
    local = await startLocalTarget({ secrets: { password: PASSWORD, applicationToken: TOKEN } });
  });
  afterAll(async () => {
    await local?.tenant.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('run --target live through the proxy, then run --target replay on what the proxy wrote: exit 0', async () => {
    const out = join(dir, 'recordings');
    const recorder = startRecorder({ dir: out, upstream: local.tenant.origin, version: 86, name: 'through-proxy', warn: () => undefined });
    const proxy = await startProxy({ upstream: local.tenant.origin, onExchange: recorder.add });
    const config = join(dir, 'target.json');
    // The user's staging configuration, its base URL pointed at the proxy; destructive with both consents.
    writeFileSync(config, JSON.stringify({ baseUrl: `${proxy.url}/Cust12345`, servicesVersion: 86, userName: 'so-conformance', timeouts: { requestMs: 60_000, pollMs: 2000 }, allowDestructive: true, allowProduction: false }));
    let live;
    try {
      live = await cli(['run', '--target', 'live', '--reports', join(dir, 'live-reports')], { SO_CONFORMANCE_CONFIG: config, SO_CONFORMANCE_ALLOW_DESTRUCTIVE: '1', SO_PASSWORD: PASSWORD, SO_APPLICATION_TOKEN: TOKEN });
    } finally {
      await proxy.close();
    }
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(recorder.close()).toBe(true);
    const file = join(out, 'through-proxy.json');
    const text = readFileSync(file, 'utf8');
    const recording = JSON.parse(text) as FeatureRecording;
    // Inferred from the traffic: recorded against the upstream, the customer id hidden, the run id the topic names carry.
    expect(recording.replay).toMatchObject({
      baseUrl: `${local.tenant.origin}/__CUSTOMER_ID__`,
      servicesVersion: 86,
      userName: 'so-conformance',
      secrets: { applicationToken: true, password: true, ticket: false },
      destructive: true,
    });
    expect(text).toContain(`so-conformance-${recording.replay.runId}-`);
    for (const secret of [PASSWORD, TOKEN, 'Cust12345']) expect(text).not.toContain(secret);

    const replayed = await cli(['run', '--target', 'replay', '--recording', out, '--reports', join(dir, 'replay-reports')]);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(readFileSync(join(dir, 'replay-reports', 'cucumber.html'), 'utf8')).toContain(`replayed offline from ${file}: recorded`);

    // The inferred run id is what makes the bytes match: another one fails the replay, located.
    const wrong = join(dir, 'wrong-run-id.json');
    writeFileSync(wrong, JSON.stringify({ ...recording, replay: { ...recording.replay, runId: '20000101T000000000Z-aaaaaa' } }));
    const refused = await cli(['run', '--target', 'replay', '--recording', wrong, '--reports', join(dir, 'wrong-reports')]);
    expect(refused.code).toBe(1);
    expect(refused.stdout + refused.stderr).toContain('the request no longer matches recorded exchange');
  }, 240_000);
});
