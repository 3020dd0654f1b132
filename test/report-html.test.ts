/**
 * The HTML report as a reader sees it: cucumber runs a small feature over the real steps and the
 * fixtures target into a temporary directory, then headless Chromium opens the HTML and we look for
 * the scenario names, an attached envelope and how a failure reads. Every report file is also scanned for the credential
 * values the suite uses: none may appear.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { FIXTURE_CREDENTIALS } from '../src/targets/fixture-set.ts';
import { REDACTED } from '../src/report/redact.ts';
import { NS } from '../src/contract/namespaces.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SCENARIOS = {
  success: 'A conformant request is answered with success',
  appError: 'An invalid ticket is reported as an application error',
  docs: 'The documentation example breaks the SOAP 1.1 binding',
  failing: 'A deliberately failing XPath assertion',
};

const FEATURE = `Feature: Report smoke test
  Scenario: ${SCENARIOS.success}
    Given a conformant DeleteChatSessions request
    And the request's Ids are 101, 102
    When the request is sent to the target
    Then the call succeeded

  Scenario: ${SCENARIOS.appError}
    Given a conformant DeleteChatSessions request
    And the request carries an invalid ticket
    When the request is sent to the target
    Then the call is reported as an application error

  Scenario: ${SCENARIOS.docs}
    Given the request example from the documentation page
    When it is checked under the "wsdl" profile
    Then it violates exactly ENV-001, HDR-001 ×2

  @RSP-003
  Scenario: ${SCENARIOS.failing}
    Given a conformant DeleteChatSessions request
    When the request is sent to the target
    Then in the response Header, "so:Succeeded" is "false"
`;

let dir: string;
let run: { status: number | null; stdout: string; stderr: string };
let browser: Browser | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'so-conformance-report-'));
  writeFileSync(join(dir, 'smoke.feature'), FEATURE);
  const rel = (f: string) => relative(ROOT, join(dir, f));
  // A config of its own, so the project's cucumber.mjs (all features, reports/) is not used.
  writeFileSync(
    join(dir, 'cucumber.mjs'),
    `export default ${JSON.stringify({
      import: ['tsx-register.mjs', 'steps/support/*.ts', 'steps/*.steps.ts'],
      paths: [rel('smoke.feature')],
      format: [`html:${rel('cucumber.html')}`, `json:${rel('cucumber.json')}`, `junit:${rel('junit.xml')}`, `message:${rel('cucumber.ndjson')}`],
      worldParameters: { target: 'fixtures', profile: 'wsdl' },
      strict: true,
    })};\n`,
  );
  run = spawnSync(process.execPath, [join(ROOT, 'node_modules/@cucumber/cucumber/bin/cucumber.js'), '--config', rel('cucumber.mjs')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
}, 150_000);

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the HTML report', () => {
  it('is written by a run with one deliberate failure, which sets the exit status', () => {
    expect(run.stderr + run.stdout).toMatch(/4 scenarios \(1 failed, 3 passed\)/);
    expect(run.status).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['cucumber.html', 'cucumber.json', 'cucumber.mjs', 'cucumber.ndjson', 'junit.xml', 'smoke.feature']);
  });

  it('shows the scenario names and the attached envelopes in headless Chromium', async () => {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const page = await browser.newPage();
    await page.goto(`file://${join(dir, 'cucumber.html')}`);
    // The report opens with features collapsed and attachments in <details>: open everything, as a reader would.
    await page.locator('button[aria-expanded]').first().waitFor({ timeout: 20_000 });
    for (const b of await page.locator('button[aria-expanded="false"]').all()) await b.click();
    await page.getByText(SCENARIOS.success).first().waitFor({ state: 'visible', timeout: 20_000 });
    await page.locator('details').evaluateAll((ds) => ds.forEach((d) => d.setAttribute('open', '')));
    const text = await page.locator('body').innerText();
    for (const name of Object.values(SCENARIOS)) expect(text).toContain(name);
    // The request envelope attached as text/xml, shown inline: its elements and values are readable.
    expect(text).toContain('<so:DeleteChatSessions>');
    expect(text).toContain('<arr:int>101</arr:int>');
    expect(text).toContain(`<so:Ticket>${REDACTED}</so:Ticket>`);
    // The response, and the verdict with rule statements for the documentation example.
    expect(text).toContain('DeleteChatSessionsResponse');
    expect(text).toMatch(/HDR-001 \[error\] Declared header blocks are children of Envelope\/Header/);
    // The failure: XPath, expected vs actual, the rule under test, the namespace bindings.
    expect(text).toContain('XPath:    /s11:Envelope/s11:Header/so:Succeeded');
    expect(text).toContain('expected: "false"');
    expect(text).toContain('actual:   "true"');
    expect(text).toMatch(/rule: +RSP-003 /);
    expect(text).toContain(`s11 = ${NS.soap11}`);
    expect(text).toContain(`so = ${deleteChatSessionsContract().tns}`);
  }, 60_000);

  it('contains no credential the suite used, in any report file (base64 attachments decoded too)', () => {
    const secrets = Object.values(FIXTURE_CREDENTIALS);
    const files = readdirSync(dir).filter((f) => /^(cucumber\.(html|json|ndjson)|junit\.xml)$/.test(f));
    expect(files).toHaveLength(4);
    let decoded = 0;
    for (const f of files) {
      const raw = readFileSync(join(dir, f), 'utf8');
      // The JSON formatter base64-encodes attachments ("embeddings"); a plain search would miss them.
      const texts = [raw];
      for (const m of raw.matchAll(/"data":\s*"([A-Za-z0-9+/=]{16,})"/g)) texts.push(Buffer.from(m[1]!, 'base64').toString('utf8'));
      decoded += texts.length - 1;
      for (const t of texts) for (const s of secrets) expect(t.includes(s), `${s} found in ${f}`).toBe(false);
      if (f !== 'junit.xml') expect(texts.some((t) => t.includes(REDACTED)), `${f} shows no redaction marker`).toBe(true);
    }
    expect(decoded).toBeGreaterThan(0);
  });
});

describe('so-conformance run (arguments)', () => {
  it('defaults to the fixtures target and the wsdl profile, and reads --tags', async () => {
    const { parseRunArgs } = await import('../src/cli/run.ts');
    const defaults = { target: 'fixtures', profile: 'wsdl', tags: undefined, recording: undefined, reports: 'reports', allowEmpty: false };
    expect(parseRunArgs([])).toEqual(defaults);
    expect(parseRunArgs(['--profile', 'soap12', '--tags=@IDS-004'])).toEqual({ ...defaults, profile: 'soap12', tags: '@IDS-004' });
    expect(parseRunArgs(['--profile', 'soap13'])).toMatchObject({ usage: expect.stringMatching(/--profile must be wsdl or soap12, not soap13/) });
    expect(parseRunArgs(['--bogus'])).toMatchObject({ usage: expect.stringMatching(/unknown argument --bogus/) });
  });

  // --target local/live refusals are covered in test/cli-run.test.ts.
  it('exits 2 with a clear message for usage errors', () => {
    for (const [args, message] of [
      [['--profile'], /--profile must be wsdl or soap12/],
      [['--target'], /--target must be fixtures, live, local, replay/],
    ] as const) {
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/so-conformance.mjs'), 'run', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
