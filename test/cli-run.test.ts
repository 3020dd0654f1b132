import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseRunArgs } from '../src/cli/run.ts';

// `run` routing and refusals. The suites themselves run in npm test (cucumber default and clients
// profiles, and the live suite through test/live/cucumber-live.test.ts).
function run(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, ['bin/so-conformance.mjs', 'run', ...args], { env, encoding: 'utf8' });
}

describe('so-conformance run', () => {
  it('parses targets, profiles and tags', () => {
    const defaults = { target: 'fixtures', profile: 'wsdl', tags: undefined, recording: undefined, reports: 'reports', allowEmpty: false };
    expect(parseRunArgs([])).toEqual(defaults);
    expect(parseRunArgs(['--target=local', '--tags', '@destructive'])).toEqual({ ...defaults, target: 'local', tags: '@destructive' });
    expect(parseRunArgs(['--target', 'replay', '--recording', 'fixtures/recorded', '--allow-empty'])).toEqual({ ...defaults, target: 'replay', recording: 'fixtures/recorded', allowEmpty: true });
    expect(parseRunArgs(['--target', 'staging'])).toMatchObject({ usage: expect.stringContaining('--target must be fixtures, live, local, replay') });
    expect(parseRunArgs(['--target', 'replay'])).toMatchObject({ usage: expect.stringContaining('--target replay needs --recording') });
  });

  it('refuses --target live without a configuration, naming the variable, before cucumber starts', () => {
    const env = { ...process.env };
    delete env['SO_CONFORMANCE_CONFIG'];
    const r = run(['--target', 'live'], env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('SO_CONFORMANCE_CONFIG');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports each bad field of the configuration and never echoes a secret from it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc-run-'));
    const file = join(dir, 'target.json');
    writeFileSync(file, JSON.stringify({ baseUrl: 'https://sod.superoffice.com/Cust1', password: 'hunter2-secret', servicesVersion: 99 }));
    const r = run(['--target', 'live'], { ...process.env, SO_CONFORMANCE_CONFIG: file });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/password: secrets are not allowed in the config file');
    expect(r.stderr).toContain('/servicesVersion: must be <= 88');
    expect(r.stderr + r.stdout).not.toContain('hunter2-secret');
  });

  it('keeps the SOAP 1.2 profile to the fixtures target', () => {
    const r = run(['--target', 'local', '--profile', 'soap12'], process.env);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('applies to --target fixtures only');
  });
});
