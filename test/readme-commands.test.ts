/**
 * Issue 10, findings 8 and 9: every command the README shows runs as written. Each command line of
 * a ```sh block, and each `$ ` line of a ```text block, must be listed here: run (with the output
 * the README prints, where it prints one) or named with the reason it cannot run inside a test. A
 * README command nobody listed fails the test. `npx so-conformance` is the package's bin, run as
 * `node bin/so-conformance.mjs` with the same arguments.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTenant, type RunningTenant } from '../src/tenant/server.ts';
import { captures } from '../scripts/make-captures.ts';
import { REPO } from './cli-helpers.ts';

const README = readFileSync(join(REPO, 'README.md'), 'utf8');

interface Shown {
  command: string;
  /** Output the README prints right after it (a `$ ` line's block, or the ```text block after a ```sh one). */
  output?: string;
}

/** Every command the README shows, with the output it shows, in order. */
function shownCommands(): Shown[] {
  const out: Shown[] = [];
  const blocks = [...README.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, body: m[2]!, end: m.index! + m[0].length }));
  blocks.forEach((b, i) => {
    if (b.lang === 'sh') {
      const lines = b.body.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l && !l.startsWith('#'));
      const next = blocks[i + 1];
      // A ```sh block of one command followed at once by a ```text block shows that command's output.
      const adjacent = next && next.lang === 'text' && README.slice(b.end, README.indexOf('```', b.end)).trim() === '' ? next.body : undefined;
      for (const l of lines) out.push({ command: l, ...(lines.length === 1 && adjacent ? { output: adjacent } : {}) });
    } else if (b.lang === 'text') {
      const lines = b.body.split('\n');
      lines.forEach((l, j) => {
        if (!l.startsWith('$ ')) return;
        const rest = lines.slice(j + 1);
        const stop = rest.findIndex((x) => x.startsWith('$ '));
        out.push({ command: l.slice(2).trim(), output: (stop < 0 ? rest : rest.slice(0, stop)).join('\n') });
      });
    }
  });
  return out;
}

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

function sh(argv: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; until?: RegExp }): Promise<Result> {
  return new Promise((resolve) => {
    const base: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    for (const k of ['SO_CONFORMANCE_CONFIG', 'SO_CONFORMANCE_ALLOW_DESTRUCTIVE', 'SO_PASSWORD', 'SO_TICKET', 'SO_APPLICATION_TOKEN']) delete base[k];
    const child = spawn(process.execPath, [join(REPO, 'bin/so-conformance.mjs'), ...argv], { cwd: opts.cwd, env: { ...base, ...opts.env } });
    let stdout = '';
    let stderr = '';
    let stopping = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // A server: once it says it listens, it has started as documented; stop it like Ctrl-C.
      if (opts.until?.test(stdout) && !stopping) {
        stopping = true;
        setTimeout(() => child.kill('SIGINT'), 500);
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `npx so-conformance a b "c d"` → ['a', 'b', 'c d'] (the README quotes with double quotes only). */
function args(command: string): string[] {
  return [...command.replace(/^npx so-conformance\s+/, '').matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

const NOT_RUN: Record<string, string> = {
  'npm test': 'the command that runs this very test',
  'npm install': 'the setup every test already needs',
  'npm run bench': 'benchmarks measure; they are run by hand, never in tests (see the guide)',
  'npm run fuzz': 'a long fuzzing run; the fuzz test runs a bounded one (test/fuzz.test.ts)',
  'npm run load': 'a 30 s load run against serve; run by hand (bench/)',
  'npm run stress': 'a stress run that measures time and memory at 1x/2x/4x; run by hand (bench/stress.ts), never in tests',
  'npm pack': 'run by test/package.test.ts, which packs and installs into a temporary prefix',
  'npm install -g ./so-conformance-0.1.0.tgz': 'run by test/package.test.ts (into a temporary prefix, not the machine\'s)',
  'npx depcruise src steps --config .dependency-cruiser.cjs': 'run by test/architecture.test.ts with the same configuration',
};

describe('every command the README shows runs as written', () => {
  const work = mkdtempSync(join(tmpdir(), 'so-readme-'));
  let tenant: RunningTenant;
  const password = `pw-readme-${process.pid}-x`;
  const token = `tok-readme-${process.pid}-x`;
  beforeAll(async () => {
    tenant = await startTenant({ applicationToken: token, users: [{ userName: 'conformance.bot', password, associateId: 7 }] });
    // The README's staging.json, pointed at an emulated tenant on loopback.
    writeFileSync(join(work, 'staging.json'), JSON.stringify({ baseUrl: tenant.url, servicesVersion: 86, userName: 'conformance.bot', timeouts: { requestMs: 30000, pollMs: 10000 }, allowDestructive: true, allowProduction: false }));
  });
  afterAll(async () => {
    await tenant?.close();
  });

  const shown = shownCommands();
  const liveEnv = () => ({ SO_CONFORMANCE_CONFIG: 'staging.json', SO_APPLICATION_TOKEN: token, SO_PASSWORD: password });

  /** How each command runs: in the checkout (reads its files) or in a scratch directory (writes reports). */
  const RUN: Record<string, () => Promise<void>> = {
    'npm install && npm run conformance': async () => RUN['npm run conformance']!(),
    'npm run conformance': async () => {
      const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
      expect(pkg.scripts['conformance']).toBe('node bin/so-conformance.mjs run --target fixtures');
      const r = await sh(['run', '--target', 'fixtures'], { cwd: work });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('reports: reports/cucumber.html, reports/junit.xml, reports/cucumber.json, reports/coverage.json');
    },
    'so-conformance --version': async () => {
      const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
      const r = await sh(['--version'], { cwd: work });
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(pkg.version);
    },
    'so-conformance example request > request.xml && so-conformance validate request.xml': async () => {
      const e = await sh(['example', 'request'], { cwd: work });
      expect(e.code, e.stderr).toBe(0);
      writeFileSync(join(work, 'request.xml'), e.stdout);
      const v = await sh(['validate', 'request.xml'], { cwd: work });
      expect(v.code, v.stdout).toBe(0);
    },
    'export SO_CONFORMANCE_CONFIG=staging.json': async () => undefined,
    'export SO_APPLICATION_TOKEN=…': async () => undefined,
    'export SO_PASSWORD=…': async () => undefined,
    'npx so-conformance run --target live': async () => {
      const r = await sh(['run', '--target', 'live'], { cwd: work, env: liveEnv() });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    },
    'npx so-conformance record --target live --config staging.json --out fixtures/recorded --allow-destructive': async () => {
      const r = await sh(args('npx so-conformance record --target live --config staging.json --out fixtures/recorded --allow-destructive'), { cwd: work, env: { SO_APPLICATION_TOKEN: token, SO_PASSWORD: password } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('secret scan: clean');
    },
    'npx so-conformance run --target replay --recording fixtures/recorded': async () => {
      const r = await sh(['run', '--target', 'replay', '--recording', 'fixtures/recorded'], { cwd: work });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    },
  };

  it('lists every command it finds (so a new README command cannot go untested)', () => {
    expect(shown.length).toBeGreaterThan(15);
    const unknown = shown.filter((s) => !(s.command in NOT_RUN) && !(s.command in RUN) && !s.command.startsWith('npx so-conformance ') && !s.command.startsWith('npx tsx '));
    expect(unknown.map((s) => s.command)).toEqual([]);
  });

  it('examples/captures/ holds exactly what scripts/make-captures.ts builds', () => {
    for (const [name, text] of Object.entries(captures())) expect(readFileSync(join(REPO, 'examples/captures', name), 'utf8'), name).toBe(text);
  });

  it('runs each one, in the order shown, with the output the README prints', async () => {
    const ran: string[] = [];
    for (const s of shown) {
      if (s.command in NOT_RUN) continue;
      const special = RUN[s.command];
      if (special) await special();
      else if (s.command.startsWith('npx tsx ')) {
        // tsx's own bin, as npx would find it.
        const r = await new Promise<Result>((resolve) => {
          const child = spawn(process.execPath, [join(REPO, 'node_modules/tsx/dist/cli.mjs'), ...s.command.slice('npx tsx '.length).split(' ')], { cwd: REPO });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('close', (code) => resolve({ code, stdout, stderr }));
        });
        expect(r.code, r.stderr).toBe(0);
        if (s.output !== undefined) expect(r.stdout.trimEnd(), s.command).toBe(s.output.trimEnd());
      }
      else {
        const a = args(s.command);
        const server = a[0] === 'serve';
        // Commands that read files run in the checkout; the ones that write reports in a scratch dir.
        const cwd = a[0] === 'validate' || a[0] === 'rules' ? REPO : work;
        const r = await sh(a, { cwd, ...(server ? { until: /^listening http:\/\/127\.0\.0\.1:\d+\n/ } : {}) });
        if (server) {
          expect(r.stdout, s.command).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+\n/);
          expect(r.code, s.command).toBe(0);
        } else if (s.output !== undefined) {
          expect(r.stdout.trimEnd(), s.command).toBe(s.output.trimEnd());
          expect([0, 1], s.command).toContain(r.code);
        } else expect(r.code, `${s.command}\n${r.stdout}\n${r.stderr}`).toBe(0);
      }
      ran.push(s.command);
    }
    expect(ran).toContain('npx so-conformance validate examples/captures/conformant-request.xml examples/captures/docs-example-request.xml');
    expect(ran).toContain('npx so-conformance run --target local');
  }, 600_000);
});
