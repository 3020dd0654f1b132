#!/usr/bin/env node
/**
 * Runs before `npm test` (the `pretest` script): checks that the system packages listed in
 * scripts/system-packages.txt are present. As root where apt-get exists it installs the missing
 * Debian packages and says so; anywhere else it stops at once with the exact command to run. It
 * never lets the tests start without them, so a missing client is never a skip.
 * Plain node on purpose: it runs before anything else is known to work.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

// The list can be given as an argument (the tests use their own); by default the project's.
const LIST = process.argv[2] ?? new URL('./system-packages.txt', import.meta.url);
const say = (line) => process.stderr.write(`setup-system: ${line}\n`);

/** [{ kind, name, why }] from the data file; a malformed line is an error, not ignored. */
function readList(text) {
  const entries = [];
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^(deb|cmd)\s+(\S+)\s+(.+)$/.exec(line);
    if (!m) throw new Error(`${LIST}:${i + 1}: expected "deb|cmd NAME reason", got "${line}"`);
    entries.push({ kind: m[1], name: m[2], why: m[3] });
  }
  return entries;
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && existsSync(join(dir, cmd)));
}

/** Debian packages among `names` that dpkg does not report as installed ("ii"). */
function missingDebs(names) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...names], { encoding: 'utf8' });
  const installed = new Set(
    r.stdout
      .split('\n')
      .map((l) => l.split(' '))
      .filter(([, status]) => status?.startsWith('ii'))
      .map(([name]) => name),
  );
  return names.filter((n) => !installed.has(n));
}

function run(cmd, args) {
  say(`$ ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

function main() {
  const entries = readList(readFileSync(LIST, 'utf8'));
  const debs = entries.filter((e) => e.kind === 'deb');
  const cmds = entries.filter((e) => e.kind === 'cmd');
  const hasDpkg = onPath('dpkg-query');
  const hasApt = onPath('apt-get');
  const isRoot = process.getuid?.() === 0;
  const installCmd = (names, sudo) => `${sudo ? 'sudo ' : ''}apt-get update && ${sudo ? 'sudo ' : ''}apt-get install -y ${names.join(' ')}`;

  if (!hasDpkg) {
    say(`this is not a Debian system (no dpkg-query); the tests need these Debian packages or their equivalents: ${debs.map((d) => d.name).join(' ')}`);
    say(`on Debian: ${installCmd(debs.map((d) => d.name), true)}`);
    return 1;
  }
  let missing = missingDebs(debs.map((d) => d.name));
  if (missing.length > 0) {
    for (const name of missing) say(`missing Debian package ${name}: ${debs.find((d) => d.name === name).why}`);
    if (!isRoot || !hasApt) {
      say(`${!isRoot ? 'not running as root' : 'apt-get is not available'}, so nothing was installed. Run:\n\n  ${installCmd(missing, !isRoot)}\n`);
      return 1;
    }
    const installing = missing;
    say(`installing ${missing.length} missing Debian package(s): ${missing.join(' ')}`);
    if (!run('apt-get', ['update', '-q']) || !run('apt-get', ['install', '-y', '-q', ...missing])) {
      say(`apt-get failed; run it yourself:\n\n  ${installCmd(missing, false)}\n`);
      return 1;
    }
    missing = missingDebs(missing);
    if (missing.length > 0) {
      say(`still missing after apt-get install: ${missing.join(' ')}`);
      return 1;
    }
    say(`installed ${installing.join(' ')}`);
  }
  const absent = cmds.filter((c) => !onPath(c.name));
  for (const c of absent) say(`missing program ${c.name} on PATH: ${c.why}`);
  if (absent.length > 0) return 1;
  say(`ok: ${debs.length} Debian packages and ${cmds.length} program(s) present`);
  return 0;
}

try {
  process.exitCode = main();
} catch (err) {
  say(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
}
