import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { scanPaths } from '../../src/live/record.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cucumber = fileURLToPath(new URL('../../node_modules/@cucumber/cucumber/bin/cucumber.js', import.meta.url));

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
    expect(
      scanPaths(files, [
        { name: 'password', value: secrets.SO_CONFORMANCE_LOCAL_PASSWORD },
        { name: 'ApplicationToken', value: secrets.SO_CONFORMANCE_LOCAL_APPLICATION_TOKEN },
      ]),
    ).toEqual([]);
  }, 300_000);
});
