/**
 * The package as a user gets it: `npm pack`, then `npm install -g` into a temporary prefix, once per
 * bench process (start-up, the CLI on a million ids and `serve` all measure this one). The checkout's
 * bin runs the TypeScript sources through tsx, which no installed user pays for.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');

export interface InstalledPackage {
  /** The installed `so-conformance` command. */
  bin: string;
  tarballBytes: number;
}

let installed: InstalledPackage | undefined;

export function installedPackage(log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): InstalledPackage {
  if (installed) return installed;
  const work = mkdtempSync(join(tmpdir(), 'so-conformance-installed-'));
  process.once('exit', () => rmSync(work, { recursive: true, force: true }));
  log('installed package: npm pack + npm install -g into a temporary prefix');
  execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = join(work, readdirSync(work).find((f) => f.endsWith('.tgz'))!);
  const prefix = join(work, 'prefix');
  execFileSync('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--silent', tgz], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  installed = { bin: join(prefix, 'bin', 'so-conformance'), tarballBytes: statSync(tgz).size };
  return installed;
}
