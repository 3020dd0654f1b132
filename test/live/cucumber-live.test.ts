import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTenant } from '../../src/tenant/server.ts';
import { fileURLToPath } from 'node:url';
import { scanPaths } from '../../src/live/record.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cucumber = fileURLToPath(new URL('../../node_modules/@cucumber/cucumber/bin/cucumber.js', import.meta.url));

/** Async on purpose: the tenant these runs talk to lives in this process and must keep answering. */
function cucumberAsync(profile: string, env: NodeJS.ProcessEnv): Promise<{ status: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cucumber, '--config', 'cucumber-live.mjs', '--profile', profile, '--format', 'summary'], { cwd: root, env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (status) => resolve({ status, out }));
  });
}

// Runs first: its reports (reports/live.*) come from the emulated tenant posing as a staging tenant,
// so they are removed afterwards, and the local run below leaves the final observations.json.
describe('cucumber-js --config cucumber-live.mjs --profile live', () => {
  afterAll(() => {
    for (const f of ['live.html', 'live.json', 'live.ndjson', 'junit-live.xml']) rmSync(`${root}reports/${f}`, { force: true });
  });
  const base = { ...process.env };
  delete base['SO_CONFORMANCE_CONFIG'];
  delete base['SO_CONFORMANCE_ALLOW_DESTRUCTIVE'];
  delete base['SO_CONFORMANCE_ALLOW_PRODUCTION'];

  it('refuses to start without SO_CONFORMANCE_CONFIG', async () => {
    const r = await cucumberAsync('live', base);
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('SO_CONFORMANCE_CONFIG');
  }, 120_000);

  it('refuses a config whose secrets are missing from the environment, naming the variable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-live-cfg-'));
    const cfg = join(dir, 'target.json');
    writeFileSync(cfg, JSON.stringify({ baseUrl: 'https://sod.superoffice.com/Cust12345', userName: 'x' }));
    const r = await cucumberAsync('live', { ...base, SO_CONFORMANCE_CONFIG: cfg, SO_APPLICATION_TOKEN: '', SO_PASSWORD: '', SO_TICKET: '' });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('SO_APPLICATION_TOKEN');
  }, 120_000);

  it('stops before any scenario when GetSystemInfo fails, naming the cause', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-live-cfg-'));
    const cfg = join(dir, 'target.json');
    writeFileSync(cfg, JSON.stringify({ baseUrl: 'http://no-such-tenant.invalid/Cust1', userName: 'x' }));
    const r = await cucumberAsync('live', { ...base, SO_CONFORMANCE_CONFIG: cfg, SO_PASSWORD: 'pw-unused-1234' });
    expect(r.status).not.toBe(0);
    expect(r.out).toContain('is not usable: DNS lookup failed for no-such-tenant.invalid');
  }, 120_000);

  it('runs against a tenant named by a config file: destructive only with the second consent', async () => {
    // Random, like real credentials: the secret scan flags any 8-character fragment, so a value made
    // of words the report also uses ("-profile") would be found in it.
    const token = `tok-${randomBytes(12).toString('hex')}`;
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const tenant = await startTenant({ applicationToken: token, users: [{ userName: 'staging.bot', password, associateId: 9 }] });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'so-live-cfg-'));
      const cfg = join(dir, 'target.json');
      writeFileSync(cfg, JSON.stringify({ baseUrl: tenant.url, userName: 'staging.bot', allowDestructive: true, timeouts: { requestMs: 5000, pollMs: 2000 } }));
      const env = { ...base, SO_CONFORMANCE_CONFIG: cfg, SO_APPLICATION_TOKEN: token, SO_PASSWORD: password };

      const without = await cucumberAsync('live', env);
      expect(without.status, without.out).toBe(0);
      expect(without.out).toMatch(/\d+ scenarios \(2 skipped, \d+ passed\)/);
      expect(tenant.state.deleteRequests.every((ids) => ids.length === 0)).toBe(true);

      const withConsent = await cucumberAsync('live', { ...env, SO_CONFORMANCE_ALLOW_DESTRUCTIVE: '1' });
      expect(withConsent.status, withConsent.out).toBe(0);
      const m = /(\d+) scenarios \((\d+) passed\)/.exec(withConsent.out);
      expect(m, withConsent.out).not.toBeNull();
      expect(m![1]).toBe(m![2]);
      expect(tenant.state.deleteRequests.some((ids) => ids.length === 2)).toBe(true);
      // Cleanup left nothing behind on the tenant.
      expect(tenant.state.topics.size).toBe(0);
      expect(tenant.state.sessions.size).toBe(0);
      const files = ['live.html', 'live.json', 'junit-live.xml', 'observations.json'].map((f) => `${root}reports/${f}`);
      expect(scanPaths(files, [{ name: 'password', value: password }, { name: 'ApplicationToken', value: token }])).toEqual([]);
    } finally {
      await tenant.close();
    }
  }, 300_000);
});

// The whole live suite against the emulated tenant, @destructive included, as CI runs it.
describe('cucumber-js --config cucumber-live.mjs --profile local', () => {
  const secrets = { SO_CONFORMANCE_LOCAL_PASSWORD: `pw-vitest-${process.pid}-secret`, SO_CONFORMANCE_LOCAL_APPLICATION_TOKEN: `tok-vitest-${process.pid}-secret` };
  const run = () =>
    spawnSync(process.execPath, [cucumber, '--config', 'cucumber-live.mjs', '--profile', 'local', '--format', 'summary'], {
      cwd: root,
      env: { ...process.env, ...secrets },
      encoding: 'utf8',
      timeout: 240_000,
    });

  it('passes every @live scenario and writes the reports, with no secret in them', () => {
    const r = run();
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(0);
    const m = /(\d+) scenarios? \((\d+) passed\)/.exec(out);
    expect(m, out).not.toBeNull();
    expect(m![1]).toBe(m![2]);
    expect(Number(m![1])).toBeGreaterThanOrEqual(20);
    const obs = JSON.parse(readFileSync(`${root}reports/observations.json`, 'utf8')) as { target: string; observations: { label: string }[] };
    expect(obs.target).toBe('local');
    expect(obs.observations.map((o) => o.label)).toEqual(expect.arrayContaining(['DeleteChatSessions own ids', 'DeleteChatSessions invalid ticket', 'DeleteChatSessions as SOAP 1.2']));
    const html = readFileSync(`${root}reports/live-local.html`, 'utf8');
    expect(html).toContain('Observations (what the tenant did)');
    const files = ['live-local.html', 'live-local.json', 'live-local.ndjson', 'junit-live-local.xml', 'observations.json'].map((f) => `${root}reports/${f}`);
    // Tickets the emulated tenant issues look like 7T:<32 base64url chars>; none may reach a report.
    for (const f of files) expect(readFileSync(f, 'utf8'), f).not.toMatch(/7T:[A-Za-z0-9_-]{32}/);
    expect(
      scanPaths(files, [
        { name: 'password', value: secrets.SO_CONFORMANCE_LOCAL_PASSWORD },
        { name: 'ApplicationToken', value: secrets.SO_CONFORMANCE_LOCAL_APPLICATION_TOKEN },
      ]),
    ).toEqual([]);
  }, 300_000);
});
