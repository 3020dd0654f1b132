/**
 * scripts/setup-system.mjs, the `pretest` step: it passes only when every listed system package is
 * present, and otherwise stops with the command to run. (Installing is proven on a machine with the
 * packages removed, see docs/readme/suite.md; a test must not apt-get install.)
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './cli-helpers.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'so-setup-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function setup(list: string, env: NodeJS.ProcessEnv = process.env) {
  const file = join(dir, `list-${Math.random().toString(36).slice(2)}.txt`);
  writeFileSync(file, list);
  const r = spawnSync(process.execPath, ['scripts/setup-system.mjs', file], { cwd: REPO, encoding: 'utf8', env });
  return { code: r.status, stderr: r.stderr };
}

describe('the system-package list', () => {
  it('names every package the issue asks for, each with a reason', () => {
    const text = readFileSync(join(REPO, 'scripts/system-packages.txt'), 'utf8');
    const lines = text.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#'));
    const names = lines.map((l) => l.split(/\s+/)[1]);
    for (const p of ['libxml2-utils', 'chromium', 'php8.2-cli', 'php8.2-soap', 'python3-zeep', 'libsoap-lite-perl', 'mono-complete', 'jaxws', 'default-jdk-headless', 'gsoap', 'libkdsoap-bin', 'dotnet']) {
      expect(names).toContain(p);
    }
    for (const l of lines) expect(l).toMatch(/^(deb|cmd) \S+ +\S.*$/);
  });

  it('is satisfied on this machine (what `npm test` checks first)', () => {
    const r = spawnSync(process.execPath, ['scripts/setup-system.mjs'], { cwd: REPO, encoding: 'utf8' });
    expect(r.stderr).toMatch(/^setup-system: ok: \d+ Debian packages and \d+ program\(s\) present\n$/);
    expect(r.status).toBe(0);
  });
});

describe('setup-system stops, never skips', () => {
  it('a missing program fails with its install hint', () => {
    const r = setup('deb chromium  the report tests\ncmd no-such-program-so-conf  install it from the moon\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing program no-such-program-so-conf on PATH: install it from the moon');
  });

  it('a missing Debian package without apt-get fails with the exact command, installing nothing', () => {
    // A PATH holding only dpkg-query (no apt-get): the "elsewhere" case, safe to provoke on any machine.
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(spawnSync('sh', ['-c', 'command -v dpkg-query'], { encoding: 'utf8' }).stdout.trim(), join(bin, 'dpkg-query'));
    const r = setup('deb chromium  the report tests\ndeb no-such-deb-so-conf  a client\n', { PATH: bin });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('missing Debian package no-such-deb-so-conf: a client');
    expect(r.stderr).not.toContain('missing Debian package chromium');
    expect(r.stderr).toMatch(/nothing was installed\. Run:\n\n {2}(sudo )?apt-get update && (sudo )?apt-get install -y no-such-deb-so-conf\n/);
  });

  it('not root: stops with the sudo command, exactly as docs/readme/install.md shows it', () => {
    // As user nobody, with a dpkg-query that reports nothing installed: php8.2-soap is "missing".
    chmodSync(dir, 0o755); // nobody reads the list and runs the fake from here
    const bin = join(dir, 'fake-dpkg');
    mkdirSync(bin);
    writeFileSync(join(bin, 'dpkg-query'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const line = readFileSync(join(REPO, 'scripts/system-packages.txt'), 'utf8').split('\n').find((l) => l.startsWith('deb php8.2-soap '))!;
    const list = join(dir, 'one-line.txt');
    writeFileSync(list, `${line}\n`, { mode: 0o644 });
    const asNobody = process.getuid?.() === 0 ? ['/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath]] as const : [process.execPath, []] as const;
    const r = spawnSync(asNobody[0], [...asNobody[1], join(REPO, 'scripts/setup-system.mjs'), list], { encoding: 'utf8', env: { PATH: bin }, cwd: dir });
    const md = readFileSync(join(REPO, 'docs/readme/install.md'), 'utf8');
    const shown = /anywhere else it stops before any test with the exact command to run, for example:\n\n```text\n([\s\S]*?)```/.exec(md)?.[1];
    expect(shown).toBeDefined();
    expect(r.stderr).toBe(`${shown}\n`);
    expect(r.status).toBe(1);
  });

  it('a malformed line is an error naming the line', () => {
    const r = setup('deb chromium  ok\nbogus\n');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/list-\w+\.txt:2: expected "deb\|cmd NAME reason", got "bogus"/);
  });
});
