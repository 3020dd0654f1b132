/**
 * Issue 10, findings 1-3: a failed run leaves complete artifacts, no selection goes green by
 * accident, and what `record` writes replays offline. Each test runs the real CLI as CI does.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTenant, type RunningTenant } from '../src/tenant/server.ts';
import { parseXml } from '../src/xml/parse.ts';
import { REPO, cliChild, type CliRun } from './cli-helpers.ts';

const cli = cliChild;
type Result = CliRun;

const tmp = () => mkdtempSync(join(tmpdir(), 'so-run-trust-'));

function config(baseUrl: string, extra: object = {}): string {
  const file = join(tmp(), 'target.json');
  writeFileSync(file, JSON.stringify({ baseUrl, userName: 'so-conformance', timeouts: { requestMs: 60_000, pollMs: 2000 }, ...extra }));
  return file;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

/** What every run must leave: the final line names exactly the files written, each complete. */
function expectCompleteArtifacts(r: Result, dir: string, cause: RegExp): void {
  const lines = r.stdout.trimEnd().split('\n');
  const last = lines.at(-1)!;
  // The live targets also write the observations they made (none, when the tenant was unreachable).
  const names = ['cucumber.html', 'junit.xml', 'cucumber.json', 'coverage.json', 'observations.json'];
  expect(last).toBe(`reports: ${names.map((n) => join(dir, n)).join(', ')}`);
  expect(() => JSON.parse(readFileSync(join(dir, 'observations.json'), 'utf8'))).not.toThrow();
  for (const n of names) expect(statSync(join(dir, n)).size, n).toBeGreaterThan(50);
  // JUnit parses and holds a failed test case naming the cause.
  const junit = readFileSync(join(dir, 'junit.xml'), 'utf8');
  const doc = parseXml(junit);
  expect(doc.ok).toBe(true);
  expect(junit).toMatch(/<failure[^>]*>/);
  expect(junit).toMatch(cause);
  // JSON parses; the HTML page is whole and carries the cause.
  expect(() => JSON.parse(readFileSync(join(dir, 'cucumber.json'), 'utf8'))).not.toThrow();
  expect(() => JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8'))).not.toThrow();
  const html = readFileSync(join(dir, 'cucumber.html'), 'utf8');
  expect(html).toMatch(/<\/html>\s*$/);
  expect(html).toMatch(cause);
  // One line of cause on stderr, no stack trace; exit 1.
  expect(r.code).toBe(1);
  const err = r.stderr.trim().split('\n');
  expect(err, r.stderr).toHaveLength(1);
  expect(err[0]).toMatch(/^so-conformance run: FAILED: /);
  expect(err[0]).toMatch(cause);
  expect(r.stderr + r.stdout).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
}

describe('finding 1: a failed run still leaves complete, valid artifacts', () => {
  const tenants: RunningTenant[] = [];
  afterAll(async () => {
    for (const t of tenants) await t.close();
  });

  it('an unreachable tenant: every scenario fails with "connection refused", reports complete', async () => {
    const dir = tmp();
    const port = await closedPort();
    const r = await cli(['run', '--target', 'live', '--reports', dir], { SO_CONFORMANCE_CONFIG: config(`http://127.0.0.1:${port}/Cust1`), SO_PASSWORD: 'pw-unused-1234' });
    expectCompleteArtifacts(r, dir, /connection refused by 127\.0\.0\.1/);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toMatch(/<testcase [^>]*name="The tenant answers GetSystemInfo"/);
  }, 120_000);

  it('a failed login: the scenarios that need a ticket fail naming it, reports complete', async () => {
    const t = await startTenant({ users: [{ userName: 'so-conformance', password: 'the-right-password', associateId: 5 }] });
    tenants.push(t);
    const dir = tmp();
    const r = await cli(['run', '--target', 'live', '--reports', dir], { SO_CONFORMANCE_CONFIG: config(t.url), SO_PASSWORD: 'a-wrong-password' });
    expectCompleteArtifacts(r, dir, /login failed for user &quot;so-conformance&quot;|login failed for user "so-conformance"|login failed for user \\"so-conformance\\"/);
  }, 120_000);

  it('SIGTERM during a call: the call is abandoned, every report is written, the cause is the signal', async () => {
    const t = await startTenant({ users: [{ userName: 'so-conformance', password: 'pw-sigterm-1234', associateId: 5 }], faults: { latencyMs: 50_000 } });
    tenants.push(t);
    const dir = tmp();
    let sent = false;
    const started = Date.now();
    const r = await cli(['run', '--target', 'live', '--reports', dir], { SO_CONFORMANCE_CONFIG: config(t.url), SO_PASSWORD: 'pw-sigterm-1234' }, (out, kill) => {
      if (!sent && out.includes('scenario(s)')) {
        sent = true;
        setTimeout(() => kill('SIGTERM'), 300);
      }
    });
    expect(sent).toBe(true);
    expect(Date.now() - started).toBeLessThan(45_000);
    expectCompleteArtifacts(r, dir, /run interrupted by SIGTERM/);
  }, 120_000);
});

describe('finding 2: no accidental green', () => {
  it('a tag no scenario has exits 2 with "no scenario matches", and 0 with --allow-empty', async () => {
    const dir = tmp();
    const r = await cli(['run', '--tags', '@NOPE', '--reports', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no scenario matches --tags "@NOPE"');
    expect(existsSync(join(dir, 'junit.xml'))).toBe(false);
    const allowed = await cli(['run', '--tags', '@NOPE', '--allow-empty', '--reports', dir]);
    expect(allowed.code, allowed.stderr).toBe(0);
  }, 120_000);

  it('a rule tag in the wrong case names the rule it resembles; an unknown rule is an error', async () => {
    const wrongCase = await cli(['run', '--tags', '@ids-004']);
    expect(wrongCase.code).toBe(2);
    expect(wrongCase.stderr).toContain('@ids-004 names no rule of the catalogue (did you mean @IDS-004?)');
    const unknown = await cli(['run', '--tags', 'not @IDS-099']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('@IDS-099 names no rule of the catalogue');
  }, 60_000);

  it('a syntax error exits 2 with its position and no stack trace', async () => {
    const r = await cli(['run', '--tags', '@IDS and']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--tags "@IDS and": expected a tag or "(" at the end (column 9)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const paren = await cli(['run', '--tags', '(@IDS or @HDR']);
    expect(paren.code).toBe(2);
    expect(paren.stderr).toContain('expected ")" at the end');
  }, 60_000);

  it('npm run conformance -- --tags @NOPE exits 2 too', async () => {
    const r = await new Promise<Result>((resolve) => {
      const child = spawn('npm', ['run', '--silent', 'conformance', '--', '--tags', '@NOPE'], { cwd: REPO });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no scenario matches --tags "@NOPE"');
  }, 120_000);
});

describe('finding 3: what record writes replays offline', () => {
  const out = tmp();
  const file = join(out, 'emulated.json');

  it('record --target local runs the @live features and writes a recording with a replay section', async () => {
    const r = await cli(['record', '--target', 'local', '--out', out, '--name', 'emulated', '--reports', tmp()]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain('secret scan: clean');
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { replay: { runId: string; selection: string }; interceptors: unknown[]; provenance: { origin: string } };
    expect(rec.provenance.origin).toBe('recorded');
    expect(rec.replay.selection).toBe('@live and not @emulated');
    expect(rec.interceptors.length).toBeGreaterThan(20);
  }, 180_000);

  it('run --target replay passes offline with the provenance in the report', async () => {
    const dir = tmp();
    const r = await cli(['run', '--target', 'replay', '--recording', out, '--reports', dir]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\d+ scenarios \((\d+) passed\)/);
    expect(readFileSync(join(dir, 'cucumber.html'), 'utf8')).toContain(`replayed offline from ${file}: recorded`);
  }, 180_000);

  it('a request that no longer matches the recording fails with what was sent vs recorded', async () => {
    const rec = JSON.parse(readFileSync(file, 'utf8')) as { interceptors: { label: string; requestBody: string }[] };
    const nil = rec.interceptors.find((i) => i.requestBody.includes('<so:Ids xsi:nil="true"/>'))!;
    nil.requestBody = nil.requestBody.replace('xsi:nil="true"', 'xsi:nil="1"');
    const changed = join(tmp(), 'changed.json');
    writeFileSync(changed, JSON.stringify(rec));
    const dir = tmp();
    const r = await cli(['run', '--target', 'replay', '--recording', changed, '--reports', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Ids nil is accepted and answered in the contract\'s shape: the request no longer matches recorded exchange');
    expect(r.stdout).toContain('sent:     …');
    expect(r.stdout).toMatch(/recorded: ….*xsi:nil=\\"1\\"/);
    // Only the scenario whose request changed fails: the exchanges after it still line up.
    expect(r.stdout).toMatch(/\d+ scenarios \(1 failed, \d+ passed\)/);
  }, 180_000);

  it('a recording that is not of the features is refused before the run', async () => {
    const old = join(tmp(), 'old.json');
    writeFileSync(old, JSON.stringify({ provenance: { origin: 'recorded' }, verdicts: [], interceptors: [] }));
    const r = await cli(['run', '--target', 'replay', '--recording', old]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('this recording was not made from the features');
  }, 60_000);
});

describe('finding 4: every report ends with rule coverage', () => {
  it('coverage.json and the HTML report list each rule with the scenarios that exercised it, untouched ones too', async () => {
    const dir = tmp();
    const r = await cli(['run', '--tags', '@IDS-004', '--reports', dir]);
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')) as { rules: { rule: string; result: string; scenarios: { name: string; status: string }[] }[]; untouched: string[] };
    const ids4 = c.rules.find((x) => x.rule === 'IDS-004')!;
    expect(ids4.result).toBe('passed');
    expect(ids4.scenarios.length).toBeGreaterThan(3);
    expect(ids4.scenarios.every((s) => s.status === 'passed')).toBe(true);
    expect(c.untouched).toContain('XML-001');
    expect(c.rules.find((x) => x.rule === 'XML-001')!.scenarios).toEqual([]);
    const html = readFileSync(join(dir, 'cucumber.html'), 'utf8');
    expect(html).toContain('<section id="so-conformance-rule-coverage"');
    expect(html).toMatch(/<code>XML-001<\/code><\/td><td[^>]*>untouched<\/td>/);
    expect(html).toMatch(/<\/section>\s*<\/body>\s*<\/html>\s*$/);
  }, 120_000);
});
