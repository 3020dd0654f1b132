/**
 * `npm run stress` (issue 9): every attack family of bench/families.ts at 1x, 2x and 4x, through
 * `validate()` in-process (a fresh process per size, so peak RSS is that size's own) and through
 * `serve` as its own process (fresh per size). Prints time, peak memory and growth per size, checks
 * that serve still answers a valid request within 2 s after each attack, and exits 1 when growth is
 * super-linear (time(4x)/time(1x) > 6) or memory passes 256 MB + 20x the input (serve with the
 * concurrent family: 768 MB). Fixed seeds, bounded loops, loopback only. Results: reports/stress.json.
 *
 * STRESS_FAMILIES=name,name (substring match) runs a subset.
 */
import { spawn } from 'node:child_process';
import { readFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { request } from 'node:http';
import { FAMILIES, contract, type Family } from './families.ts';
import { startListening } from './listening.ts';
import { buildRequest } from '../src/envelope/request.ts';

const root = resolve(import.meta.dirname, '..');
const SCALES = [1, 2, 4];
const MB = 1024 * 1024;
const SEED = 9;
/** Below this, time ratios are noise (timer resolution, one GC): the 4x run must take at least this to be judged. */
const TIME_FLOOR_MS = 50;
const SERVE_PEAK_LIMIT_MIB = 768;
const log = (s: string) => process.stderr.write(`${s}\n`);
const only = process.env.STRESS_FAMILIES?.split(',').map((s) => s.trim().toLowerCase());
const families = FAMILIES.filter((f) => !only || only.some((o) => f.name.toLowerCase().includes(o)));

interface Row {
  family: string;
  via: 'validate()' | 'serve';
  scale: number;
  inputMiB: number;
  ms: number;
  peakRssMiB: number;
  growthMiB: number;
  note: string;
  ok: boolean;
}

function runWorker(fi: number, scale: number): Promise<{ inputBytes: number; ms: number; peakRssMiB: number; growthMiB: number; verdictChars: number; ok: boolean }> {
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'libxml2-wasm', '--import', 'tsx', join(root, 'bench/stress-worker.ts'), String(fi), String(scale), String(SEED)], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (c) => (out += c));
    const timer = setTimeout(() => p.kill('SIGKILL'), 300_000);
    p.on('close', (code) => {
      clearTimeout(timer);
      try {
        done(JSON.parse(out.trim().split('\n').at(-1)!));
      } catch {
        fail(new Error(`worker for ${FAMILIES[fi]!.name} x${scale} exited ${code} without a result`));
      }
    });
  });
}

interface Serve {
  pid: number;
  port: number;
  stop(): Promise<void>;
}

async function startServe(): Promise<Serve> {
  const p = await startListening(process.execPath, [join(root, 'bin/so-conformance.mjs'), 'serve', '--port', '0', '--quiet'], root, { timeoutMs: 60_000 });
  return { pid: p.child.pid!, port: Number(new URL(p.origin).port), stop: p.close };
}

/** VmHWM (peak) and VmRSS (now) of a process, in MiB (Linux /proc). */
function memOf(pid: number): { peak: number; now: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? NaN) / 1024;
  return { peak: kb('VmHWM'), now: kb('VmRSS') };
}

function post(port: number, body: Uint8Array, headers: Record<string, string>, timeoutMs = 120_000): Promise<{ status: number; ms: number }> {
  const t = performance.now();
  return new Promise((done) => {
    const req = request({ host: '127.0.0.1', port, path: contract.endpointPath, method: 'POST', headers: { ...headers, 'content-length': String(body.byteLength) } }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, ms: performance.now() - t }));
      res.on('error', () => done({ status: res.statusCode ?? 0, ms: performance.now() - t }));
    });
    req.setTimeout(timeoutMs, () => req.destroy());
    // A server that refuses early (413, 503) closes while we are still writing: that is its answer.
    req.on('error', () => done({ status: -1, ms: performance.now() - t }));
    req.end(body);
  });
}

const valid = buildRequest({ ids: [1, 2, 3] });

async function serveStep(family: Family, scale: number): Promise<Row> {
  const serve = await startServe();
  try {
    await post(serve.port, valid.bytes, valid.headers); // warm
    const before = memOf(serve.pid);
    const n = family.concurrent ? family.requests * scale : family.requests;
    const t = performance.now();
    const statuses: number[] = [];
    let input = 0;
    if (family.concurrent) {
      const one = family.make(scale, SEED);
      input = one.body.byteLength * n;
      const all = await Promise.all(Array.from({ length: n }, () => post(serve.port, one.body, one.headers)));
      statuses.push(...all.map((a) => a.status));
    } else {
      for (let i = 0; i < n; i++) {
        const a = family.make(scale, SEED + i);
        input = Math.max(input, a.body.byteLength);
        statuses.push((await post(serve.port, a.body, a.headers)).status);
      }
    }
    const ms = performance.now() - t;
    const after = await post(serve.port, valid.bytes, valid.headers, 2000);
    const m = memOf(serve.pid);
    const count = new Map<number, number>();
    for (const s of statuses) count.set(s, (count.get(s) ?? 0) + 1);
    const answered = after.status === 200 && after.ms <= 2000;
    const limit = family.concurrent ? SERVE_PEAK_LIMIT_MIB : 256 + (20 * input) / MB;
    return {
      family: family.name,
      via: 'serve',
      scale,
      inputMiB: input / MB,
      ms,
      peakRssMiB: m.peak,
      growthMiB: m.now - before.now,
      note: `${n} requests: ${[...count].map(([s, c]) => `${c}x${s === -1 ? 'cut' : s}`).join(' ')}; valid after: ${after.status} in ${Math.round(after.ms)} ms`,
      ok: answered && m.peak <= limit,
    };
  } finally {
    await serve.stop();
  }
}

async function main(): Promise<number> {
  const rows: Row[] = [];
  const failures: string[] = [];
  for (const family of families) {
    const fi = FAMILIES.indexOf(family);
    if (!family.concurrent) {
      for (const scale of SCALES) {
        const w = await runWorker(fi, scale);
        const limit = 256 + (20 * w.inputBytes) / MB;
        const row: Row = { family: family.name, via: 'validate()', scale, inputMiB: w.inputBytes / MB, ms: w.ms, peakRssMiB: w.peakRssMiB, growthMiB: w.growthMiB, note: `verdict ${w.verdictChars} chars`, ok: w.ok && w.peakRssMiB <= limit };
        if (!w.ok) failures.push(`${family.name} x${scale} validate(): wrong or uncapped verdict`);
        else if (!row.ok) failures.push(`${family.name} x${scale} validate(): peak ${Math.round(w.peakRssMiB)} MiB over ${Math.round(limit)} MiB`);
        rows.push(row);
        log(fmt(row));
      }
    }
    for (const scale of SCALES) {
      const row = await serveStep(family, scale);
      if (!row.ok) failures.push(`${family.name} x${scale} serve: ${row.note}; peak ${Math.round(row.peakRssMiB)} MiB`);
      rows.push(row);
      log(fmt(row));
    }
    for (const via of ['validate()', 'serve'] as const) {
      const r1 = rows.find((r) => r.family === family.name && r.via === via && r.scale === 1);
      const r4 = rows.find((r) => r.family === family.name && r.via === via && r.scale === 4);
      // Concurrent requests past the budget are refused in microseconds: their time is not a size curve.
      if (!r1 || !r4 || family.concurrent || r4.ms < TIME_FLOOR_MS) continue;
      if (r4.ms / r1.ms > 6) failures.push(`${family.name} ${via}: time(4x)/time(1x) = ${(r4.ms / r1.ms).toFixed(1)} > 6`);
    }
  }
  const load = loadavg().map((x) => x.toFixed(2)).join(' ');
  console.log(`\nnpm run stress: ${cpus().length} CPUs, load average ${load} (a shared machine: times are indicative)\n`);
  console.log('| family | via | size | input MiB | time ms | peak RSS MiB | growth MiB | notes |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.family} | ${r.via} | ${r.scale}x | ${r.inputMiB.toFixed(1)} | ${Math.round(r.ms)} | ${Math.round(r.peakRssMiB)} | ${r.growthMiB.toFixed(1)} | ${r.note}${r.ok ? '' : ' FAIL'} |`);
  for (const family of families) {
    for (const via of ['validate()', 'serve'] as const) {
      const r1 = rows.find((r) => r.family === family.name && r.via === via && r.scale === 1);
      const r4 = rows.find((r) => r.family === family.name && r.via === via && r.scale === 4);
      if (r1 && r4) console.log(`${family.name}, ${via}: time(4x)/time(1x) = ${(r4.ms / r1.ms).toFixed(2)}`);
    }
  }
  mkdirSync(join(root, 'reports'), { recursive: true });
  writeFileSync(join(root, 'reports/stress.json'), `${JSON.stringify({ load, rows, failures }, null, 2)}\n`);
  if (failures.length) {
    console.log(`\nFAILED:\n${failures.map((f) => `- ${f}`).join('\n')}`);
    return 1;
  }
  console.log('\nall families within bounds');
  return 0;
}

function fmt(r: Row): string {
  return `${r.family} ${r.via} ${r.scale}x: ${r.inputMiB.toFixed(1)} MiB in, ${Math.round(r.ms)} ms, peak ${Math.round(r.peakRssMiB)} MiB, growth ${r.growthMiB.toFixed(1)} MiB, ${r.note}${r.ok ? '' : ' FAIL'}`;
}

process.exitCode = await main();
