/**
 * Start-up: `so-conformance validate` of a 1 KB envelope, from the installed package (npm pack, then
 * npm install -g into a temporary prefix) and from this checkout (TypeScript through tsx), against
 * `node -e 0` in the same run. Runs interleaved round by round, so load on a shared machine hits all
 * three alike; each round validates a different envelope (a rotation of distinct messages).
 * Target: installed validate within 3x the wall time of `node -e 0`.
 *
 * Part of `npm run bench`; alone: `npm run bench:startup`. BENCH_STARTUP_ROUNDS (default 15).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildRequest } from '../src/envelope/request.ts';
import { validate } from '../src/validate.ts';
import { measureProcess, type ProcessMeasure } from './peers.ts';
import { installedPackage } from './installed.ts';

const root = resolve(import.meta.dirname, '..');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

/** Distinct conformant requests of about 1 KB: different ids and tickets each. */
export function oneKilobyteEnvelopes(n: number): Uint8Array[] {
  return Array.from({ length: n }, (_, i) => {
    let ids = 10;
    let r = buildRequest({ ids: Array.from({ length: ids }, (_, k) => 1000 * i + k + 1), ticket: `7T:bench-${i}` });
    while (r.bytes.byteLength < 1024) {
      ids++;
      r = buildRequest({ ids: Array.from({ length: ids }, (_, k) => 1000 * i + k + 1), ticket: `7T:bench-${i}` });
    }
    if (!validate(r.bytes).conformant) throw new Error('bench envelope is not conformant');
    return r.bytes;
  });
}

export interface StartupFigures {
  rounds: number;
  envelopeBytes: number[];
  nodeMs: number;
  installedMs: number;
  checkoutMs: number;
  installedRatio: number | null;
  /** User + system CPU, steadier than wall time on a loaded machine. */
  cpuMs: { node: number | null; installed: number | null; checkout: number | null };
  checkoutRatio: number | null;
  installedPeakRssMiB: number | null;
  checkoutPeakRssMiB: number | null;
  nodePeakRssMiB: number | null;
  tarballBytes: number;
  allMs: { node: number[]; installed: number[]; checkout: number[] };
}

export async function startup(log: (s: string) => void = (s) => process.stderr.write(`${s}\n`)): Promise<StartupFigures> {
  const rounds = Number(process.env.BENCH_STARTUP_ROUNDS ?? 15);
  const work = mkdtempSync(join(tmpdir(), 'so-conformance-startup-'));
  try {
    const { bin: installed, tarballBytes } = installedPackage(log);
    const files = oneKilobyteEnvelopes(rounds).map((bytes, i) => {
      const f = join(work, `envelope-${i}.xml`);
      writeFileSync(f, bytes);
      return { f, bytes: bytes.byteLength };
    });
    // One unmeasured run each: the first start pays for the disk cache, not for the program.
    await measureProcess(process.execPath, ['-e', '0'], work);
    await measureProcess(installed, ['validate', files[0]!.f], work);
    await measureProcess(process.execPath, [join(root, 'bin/so-conformance.mjs'), 'validate', files[0]!.f], root);
    const node: ProcessMeasure[] = [];
    const inst: ProcessMeasure[] = [];
    const checkout: ProcessMeasure[] = [];
    for (const [i, { f }] of files.entries()) {
      node.push(await measureProcess(process.execPath, ['-e', '0'], work));
      inst.push(await measureProcess(installed, ['validate', f], work));
      checkout.push(await measureProcess(process.execPath, [join(root, 'bin/so-conformance.mjs'), 'validate', f], root));
      for (const m of [inst.at(-1)!, checkout.at(-1)!]) if (m.exitCode !== 0) throw new Error(`validate of ${f} exited ${m.exitCode}: ${m.stderrTail ?? ''}`);
      log(`startup round ${i + 1}/${rounds}: node ${Math.round(node.at(-1)!.wallMs)} ms, installed ${Math.round(inst.at(-1)!.wallMs)} ms, checkout ${Math.round(checkout.at(-1)!.wallMs)} ms`);
    }
    const ms = (xs: ProcessMeasure[]) => median(xs.map((m) => m.wallMs));
    const rss = (xs: ProcessMeasure[]) => {
      const r = xs.map((m) => m.peakRssKiB).filter((x): x is number => x !== null);
      return r.length ? round(Math.max(...r) / 1024, 0) : null;
    };
    const [n, i, c] = [ms(node), ms(inst), ms(checkout)];
    const cpu = (xs: ProcessMeasure[]) => (xs.every((m) => m.cpuMs !== null) ? round(median(xs.map((m) => m.cpuMs!)), 0) : null);
    return {
      rounds,
      envelopeBytes: files.map((x) => x.bytes),
      nodeMs: round(n, 0)!,
      installedMs: round(i, 0)!,
      checkoutMs: round(c, 0)!,
      installedRatio: round(i / n),
      cpuMs: { node: cpu(node), installed: cpu(inst), checkout: cpu(checkout) },
      checkoutRatio: round(c / n),
      installedPeakRssMiB: rss(inst),
      checkoutPeakRssMiB: rss(checkout),
      nodePeakRssMiB: rss(node),
      tarballBytes,
      allMs: { node: node.map((m) => round(m.wallMs, 0)!), installed: inst.map((m) => round(m.wallMs, 0)!), checkout: checkout.map((m) => round(m.wallMs, 0)!) },
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The lines bench/run.ts prints, and `npm run bench:startup` alone. */
export function startupRows(s: StartupFigures): string[][] {
  return [
    ['validate 1 KB, installed package: wall', `${s.installedMs} ms`, 'node -e 0', `${s.nodeMs} ms`, `${s.installedRatio}x`],
    ['validate 1 KB, checkout (tsx): wall', `${s.checkoutMs} ms`, 'node -e 0', `${s.nodeMs} ms`, `${s.checkoutRatio}x`],
    ['validate 1 KB, installed: CPU (user+sys)', `${s.cpuMs.installed} ms`, 'node -e 0', `${s.cpuMs.node} ms`, s.cpuMs.installed && s.cpuMs.node ? `${round(s.cpuMs.installed / s.cpuMs.node)}x` : ''],
    ['validate 1 KB, installed: peak RSS', `${s.installedPeakRssMiB} MiB`, 'node -e 0', `${s.nodePeakRssMiB} MiB`, ''],
  ];
}

export const startupTarget = (s: StartupFigures) => ({ 'installed validate of 1 KB <= 3x node -e 0 (wall)': s.installedRatio != null ? s.installedRatio <= 3 : null });

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = await startup();
  for (const r of startupRows(s)) console.log(r.join('  '));
  for (const [k, v] of Object.entries(startupTarget(s))) console.log(`${v ? 'met ' : 'MISS'}  ${k}`);
  console.log(JSON.stringify({ tarballBytes: s.tarballBytes, envelopeBytes: [Math.min(...s.envelopeBytes), Math.max(...s.envelopeBytes)], allMs: s.allMs }));
}
