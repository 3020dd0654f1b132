/**
 * `npm run bench`: every figure measured side by side with its peer in the same run, written to
 * reports/bench.json and printed as a table. Loopback only; every loop is bounded by count and time.
 *
 *   1. `so-conformance validate FILE` (the CLI, whole process: the installed package, and this
 *      checkout through tsx) vs `xmllint --noout --schema` with the WSDL's schemas, on requests with
 *      1k, 100k and 1M ids: wall time and peak RSS.
 *   2. In-process `validate()` on documentation-sized envelopes vs libxml2-wasm's bare parse + XSD
 *      of the same envelopes: validations per second, over a rotation of 1,000 distinct envelopes
 *      (bench/rotation.ts: different ids, Ticket and ApplicationToken each), as real traffic is.
 *   3. `serve` (installed, its own process) vs node-soap `soap.listen` vs a bare node:http server
 *      with a canned response (each its own process): req/s, autocannon with 10 connections in the
 *      bench process, every request the next envelope of the same rotation.
 *
 * Nothing is cached across messages by text (the schema backstop's old fragment cache is gone), so
 * no figure comes from seeing the same message twice.
 *   4. The offline Gherkin suite's wall time.
 *   5. `proxy` in front of the emulated tenant vs the tenant direct (bench/proxy.ts): req/s, p99.
 *   6. Start-up: validate of a 1 KB envelope, installed package and checkout, vs `node -e 0` (bench/startup.ts).
 *
 * Environment: BENCH_QUICK=1 (fewer repetitions, no 1M), BENCH_GHERKIN=0 (skip 4),
 * BENCH_SERVE_SECONDS (default 5 per server), BENCH_ONLY=cli,inprocess,serve,gherkin,startup,proxy (a subset).
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir, cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { XmlDocument } from 'libxml2-wasm';
import { buildRequest } from '../src/envelope/request.ts';
import { docsRotation, ROTATION_SIZE } from './rotation.ts';
import { validate } from '../src/validate.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { schemasFor } from '../src/contract/schema.ts';
import { proxyOverhead } from './proxy.ts';
import { installedPackage } from './installed.ts';
import { startup, startupRows, startupTarget } from './startup.ts';
import { hasCommand, measureProcess, peerProcesses, writeXmllintSchemas, type ProcessMeasure, type RunningPeer } from './peers.ts';

const root = resolve(import.meta.dirname, '..');
const quick = process.env.BENCH_QUICK === '1';
const serveSeconds = Number(process.env.BENCH_SERVE_SECONDS ?? (quick ? 2 : 5));
const contract = deleteChatSessionsContract();
const work = mkdtempSync(join(tmpdir(), 'so-conformance-bench-'));
const log = (s: string) => process.stderr.write(`${s}\n`);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : NaN;
};
const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);

interface Side {
  wallMs: number;
  cpuMs: number | null;
  peakRssMiB: number | null;
  runs: number;
  allWallMs: number[];
  exitCodes: (number | null)[];
}

function summarize(ms: ProcessMeasure[]): Side {
  const rss = ms.map((m) => m.peakRssKiB).filter((x): x is number => x !== null);
  return {
    wallMs: round(median(ms.map((m) => m.wallMs)), 0)!,
    cpuMs: ms.every((m) => m.cpuMs !== null) ? round(median(ms.map((m) => m.cpuMs!)), 0) : null,
    peakRssMiB: rss.length ? round(Math.max(...rss) / 1024, 0) : null,
    runs: ms.length,
    allWallMs: ms.map((m) => round(m.wallMs, 0)!),
    exitCodes: ms.map((m) => m.exitCode),
  };
}

/** 1. CLI vs xmllint, interleaved so both see the same machine load. */
async function cliVsXmllint() {
  const xsd = writeXmllintSchemas(join(work, 'xsd'));
  const haveXmllint = hasCommand('xmllint');
  const sizes = quick ? [1_000, 100_000] : [1_000, 100_000, 1_000_000];
  const installed = installedPackage(log).bin;
  const rows = [];
  for (const n of sizes) {
    const file = join(work, `ids-${n}.xml`);
    writeFileSync(file, buildRequest({ ids: Array.from({ length: n }, (_, i) => i + 1) }).bytes);
    const reps = quick ? 1 : n >= 1_000_000 ? 3 : 5;
    const ours: ProcessMeasure[] = [];
    const fromCheckout: ProcessMeasure[] = [];
    const lint: ProcessMeasure[] = [];
    for (let r = 0; r < reps; r++) {
      ours.push(await measureProcess(installed, ['validate', file], work));
      fromCheckout.push(await measureProcess(process.execPath, [join(root, 'bin/so-conformance.mjs'), 'validate', file], root));
      if (haveXmllint) lint.push(await measureProcess('xmllint', ['--noout', '--schema', xsd, file], join(work, 'xsd')));
    }
    const o = summarize(ours);
    const c = summarize(fromCheckout);
    const x = haveXmllint ? summarize(lint) : null;
    rows.push({
      ids: n,
      bytes: readFileSync(file).byteLength,
      cli: o,
      checkout: c,
      checkoutTimeRatio: x ? round(c.wallMs / x.wallMs) : null,
      xmllint: x,
      timeRatio: x ? round(o.wallMs / x.wallMs) : null,
      cpuRatio: x && o.cpuMs && x.cpuMs ? round(o.cpuMs / x.cpuMs) : null,
      rssRatio: x && o.peakRssMiB && x.peakRssMiB ? round(o.peakRssMiB / x.peakRssMiB) : null,
      // All must say "valid": a fast wrong answer is no benchmark.
      agree: [o, c, ...(x ? [x] : [])].every((side) => side.exitCodes.every((code) => code === 0)),
    });
    log(`cli ${n}: installed ${o.wallMs} ms ${o.peakRssMiB} MiB; checkout ${c.wallMs} ms; xmllint ${x?.wallMs} ms ${x?.peakRssMiB} MiB`);
  }
  return { xmllint: haveXmllint, schema: 'WSDL inline schemas + a SOAP 1.1 Envelope wrapper (Header/Body contents strict)', rows };
}

const rotation = docsRotation(ROTATION_SIZE);
const rotationBytes = rotation.map((d) => new TextEncoder().encode(d));

/** 2. In-process throughput on documentation-sized envelopes, a rotation of distinct ones. */
function inProcess() {
  const bytes = rotationBytes[0]!;
  const first = validate(bytes);
  if (!rotationBytes.every((b) => validate(b).conformant)) throw new Error('the rotation is not all conformant');
  const schemas = schemasFor(contract);
  let next = 0;
  const pick = () => rotationBytes[next++ % rotationBytes.length]!;
  const libxml = (b: Uint8Array = pick()) => {
    const d = XmlDocument.fromBuffer(b);
    try {
      const body = d.root.get('./*[local-name()="Body"]/*');
      if (!body || !('attrs' in body)) throw new Error('no Body child');
      return schemas.validateElement(body as Parameters<typeof schemas.validateElement>[0], contract.tns);
    } finally {
      d.dispose();
    }
  };
  const libxmlErrors = libxml(bytes);
  /** Calls per second of wall time and per second of this process's CPU time (steadier when the machine is busy). */
  const rate = (fn: () => unknown) => {
    const budgetMs = quick ? 500 : 2000;
    // Warm-up until the JIT has settled: optimizing the reader takes a while on a busy machine.
    const w = performance.now();
    for (let i = 0; i < 5000 && (i < 500 || performance.now() - w < 1500); i++) fn();
    let n = 0;
    const t = performance.now();
    const c0 = process.cpuUsage();
    while (performance.now() - t < budgetMs && n < 1_000_000) {
      for (let i = 0; i < 50; i++) fn();
      n += 50;
    }
    const c = process.cpuUsage(c0);
    return { wall: round(n / ((performance.now() - t) / 1000), 0)!, cpu: round(n / ((c.user + c.system) / 1e6), 0)! };
  };
  // Interleaved, twice each, so both sides see the same machine load; the better round counts.
  const oursRounds = [rate(() => validate(pick()))];
  const libRounds = [rate(() => libxml())];
  oursRounds.push(rate(() => validate(pick())));
  libRounds.push(rate(() => libxml()));
  const best = (xs: { wall: number; cpu: number }[]) => ({ wall: Math.max(...xs.map((x) => x.wall)), cpu: Math.max(...xs.map((x) => x.cpu)) });
  const ours = best(oursRounds);
  const lib = best(libRounds);
  log(`in-process over ${ROTATION_SIZE} distinct envelopes: validate() ${ours.wall}/s, libxml2-wasm parse+XSD ${lib.wall}/s`);
  return {
    envelope: `documentation request example, corrected for the wsdl profile, ${ROTATION_SIZE} distinct variants (ids, Ticket, ApplicationToken)`,
    bytes: bytes.byteLength,
    conformant: first.conformant,
    libxmlSchemaErrors: libxmlErrors.length,
    validatePerSecond: ours.wall,
    validatePerCpuSecond: ours.cpu,
    libxml2ParseXsdPerSecond: lib.wall,
    libxml2ParseXsdPerCpuSecond: lib.cpu,
    ratio: round(ours.wall / lib.wall),
    cpuRatio: round(ours.cpu / lib.cpu),
  };
}

/** 3. Servers under the same autocannon load, each a process of its own, interleaved twice (the better round counts). */
async function serve() {
  const req = buildRequest({ ids: [1, 2, 3] });
  const starters = peerProcesses(work, installedPackage(log).bin);
  const rounds: Record<string, Record<string, unknown>[]> = {};
  const failed: Record<string, unknown> = {};
  for (let pass = 0; pass < 2; pass++) {
    for (const [key, start] of Object.entries(starters)) {
      if (failed[key]) continue;
      let peer: RunningPeer;
      try {
        peer = await start();
      } catch (e) {
        failed[key] = { measured: false, reason: e instanceof Error ? e.message : String(e) };
        continue;
      }
      try {
        // A functional check first: every peer must answer this request with 200.
        const check = await fetch(peer.url, { method: 'POST', headers: req.headers, body: rotation[0] });
        await check.arrayBuffer();
        // Every request the next envelope of the rotation: distinct ids and secrets, as real traffic.
        let i = 0;
        const load = (duration: number) =>
          autocannon({
            url: peer.url,
            method: 'POST',
            headers: req.headers,
            connections: 10,
            duration,
            requests: [{ setupRequest: (q: Record<string, unknown>) => ({ ...q, body: rotation[i++ % rotation.length] }) }],
          });
        await load(1); // warm-up: the JIT, not the server, is what the first second measures
        const r = await load(serveSeconds);
        (rounds[key] ??= []).push({
          measured: true,
          name: peer.name,
          status: check.status,
          requestsPerSecond: round(r.requests.average, 0),
          latencyP50Ms: r.latency.p50,
          latencyP99Ms: r.latency.p99,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
        });
        log(`serve ${key} round ${pass + 1}: ${r.requests.average} req/s (status ${check.status})`);
      } finally {
        await peer.close();
      }
    }
  }
  const out: Record<string, unknown> = { ...failed };
  for (const [key, rs] of Object.entries(rounds)) {
    const best = rs.reduce((a, b) => ((b.requestsPerSecond as number) > (a.requestsPerSecond as number) ? b : a));
    out[key] = { ...best, rounds: rs.map((x) => x.requestsPerSecond) };
  }
  const rps = (k: string) => (out[k] as { requestsPerSecond?: number } | undefined)?.requestsPerSecond;
  const ours = rps('serve');
  return {
    connections: 10,
    seconds: serveSeconds,
    processes: 'each server its own process; autocannon in the bench process',
    peers: out,
    vsNodeSoap: ours && rps('node-soap') ? round(ours / rps('node-soap')!) : null,
    vsBareHttp: ours && rps('node:http') ? round(ours / rps('node:http')!) : null,
  };
}

/** 4. The offline Gherkin suite (its own reports go where `npm test` puts them). */
async function gherkin() {
  if (process.env.BENCH_GHERKIN === '0') return { measured: false, reason: 'BENCH_GHERKIN=0' };
  const m = await measureProcess(process.execPath, [join(root, 'node_modules/@cucumber/cucumber/bin/cucumber.js'), '--profile', 'default'], root, 600_000);
  log(`gherkin: ${Math.round(m.wallMs)} ms exit ${m.exitCode}`);
  return { measured: true, wallMs: round(m.wallMs, 0), peakRssMiB: m.peakRssKiB ? round(m.peakRssKiB / 1024, 0) : null, exitCode: m.exitCode };
}

function table(rows: string[][]): string {
  const w = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r, j) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]!) : c.padStart(w[i]!))).join('  ') + (j === 0 ? `\n${w.map((n) => '-'.repeat(n)).join('  ')}` : '')).join('\n');
}

async function main() {
  const started = new Date();
  const only = process.env.BENCH_ONLY?.split(',');
  const want = (part: string) => !only || only.includes(part);
  const cli = want('cli') ? await cliVsXmllint() : { xmllint: false, schema: 'not run (BENCH_ONLY)', rows: [] as Awaited<ReturnType<typeof cliVsXmllint>>['rows'] };
  const inproc = want('inprocess') ? inProcess() : { validatePerSecond: NaN, validatePerCpuSecond: NaN, libxml2ParseXsdPerSecond: NaN, libxml2ParseXsdPerCpuSecond: NaN, ratio: null, cpuRatio: null };
  const servers = want('serve') ? await serve() : { peers: {}, vsNodeSoap: null, vsBareHttp: null };
  const suite = want('gherkin') ? await gherkin() : { measured: false, reason: 'BENCH_ONLY' };
  const start = want('startup') ? await startup(log) : undefined;
  const proxy = want('proxy') ? await proxyOverhead() : undefined;

  const big = cli.rows.find((r) => r.ids === 1_000_000);
  const mid = cli.rows.find((r) => r.ids === 100_000);
  const linear = big && mid ? round(big.cli.wallMs / mid.cli.wallMs) : null;
  const linearCpu = big?.cli.cpuMs && mid?.cli.cpuMs ? round(big.cli.cpuMs / mid.cli.cpuMs) : null;
  const targets = {
    'cli time <= 2x xmllint at 1M': big?.timeRatio != null ? big.timeRatio <= 2 : null,
    'cli CPU time <= 2x xmllint at 1M (load-independent view)': big?.cpuRatio != null ? big.cpuRatio <= 2 : null,
    'cli peak RSS <= 1.5x xmllint at 1M': big?.rssRatio != null ? big.rssRatio <= 1.5 : null,
    'time(1M)/time(100k) <= 12': linear != null ? linear <= 12 : null,
    'validate() >= 1.0x libxml2-wasm parse+XSD (distinct envelopes)': inproc.ratio != null ? inproc.ratio >= 1 : null,
    'validate() >= 1.0x libxml2-wasm per CPU second (distinct envelopes)': inproc.cpuRatio != null ? inproc.cpuRatio >= 1 : null,
    'serve >= 2x node-soap (distinct envelopes)': servers.vsNodeSoap != null ? servers.vsNodeSoap >= 2 : null,
    'serve >= 50% of node:http (distinct envelopes)': servers.vsBareHttp != null ? servers.vsBareHttp >= 0.5 : null,
    'proxy >= 50% of the emulated tenant direct': proxy?.throughputRatio != null ? proxy.throughputRatio >= 0.5 : null,
    ...(start ? startupTarget(start) : {}),
  };
  const report = {
    date: started.toISOString(),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: round(totalmem() / 2 ** 30, 1), loadAverageAtEnd: loadavg().map((x) => round(x)) },
    quick,
    cli,
    linearity: { 'time(1M)/time(100k)': linear, 'cpu(1M)/cpu(100k)': linearCpu },
    inProcess: inproc,
    serve: servers,
    gherkin: suite,
    proxy,
    startup: start,
    targets,
  };
  mkdirSync(join(root, 'reports'), { recursive: true });
  writeFileSync(join(root, 'reports/bench.json'), `${JSON.stringify(report, null, 2)}\n`);

  const f = (x: number | null | undefined, unit = '') => (x == null ? 'n/a' : `${x}${unit}`);
  const rows: string[][] = [['measure', 'so-conformance', 'peer', 'peer value', 'ratio']];
  for (const r of cli.rows) {
    rows.push([`validate CLI, ${r.ids.toLocaleString('en')} ids: wall (installed)`, f(r.cli.wallMs, ' ms'), 'xmllint --schema', f(r.xmllint?.wallMs, ' ms'), f(r.timeRatio, 'x')]);
    rows.push([`validate CLI, ${r.ids.toLocaleString('en')} ids: wall (checkout, tsx)`, f(r.checkout.wallMs, ' ms'), 'xmllint --schema', f(r.xmllint?.wallMs, ' ms'), f(r.checkoutTimeRatio, 'x')]);
    rows.push([`validate CLI, ${r.ids.toLocaleString('en')} ids: CPU (user+sys), installed`, f(r.cli.cpuMs, ' ms'), 'xmllint --schema', f(r.xmllint?.cpuMs, ' ms'), f(r.cpuRatio, 'x')]);
    rows.push([`validate CLI, ${r.ids.toLocaleString('en')} ids: peak RSS, installed`, f(r.cli.peakRssMiB, ' MiB'), 'xmllint --schema', f(r.xmllint?.peakRssMiB, ' MiB'), f(r.rssRatio, 'x')]);
  }
  rows.push(['time(1M) / time(100k)', f(linear), 'CPU time ratio', f(linearCpu), '']);
  rows.push([`validate() in-process, ${ROTATION_SIZE} distinct docs envelopes`, `${f(inproc.validatePerSecond)}/s`, 'libxml2-wasm parse+XSD', `${f(inproc.libxml2ParseXsdPerSecond)}/s`, f(inproc.ratio, 'x')]);
  rows.push(['  same, per CPU second', `${f(inproc.validatePerCpuSecond)}/s`, 'libxml2-wasm parse+XSD', `${f(inproc.libxml2ParseXsdPerCpuSecond)}/s`, f(inproc.cpuRatio, 'x')]);
  const p = servers.peers as Record<string, { measured: boolean; requestsPerSecond?: number; reason?: string }>;
  const rps = (k: string) => (p[k]?.measured ? `${p[k]!.requestsPerSecond} req/s` : `not measured (${p[k]?.reason})`);
  rows.push(['serve req/s', rps('serve'), 'node-soap soap.listen', rps('node-soap'), f(servers.vsNodeSoap, 'x')]);
  rows.push(['serve req/s', rps('serve'), 'bare node:http', rps('node:http'), f(servers.vsBareHttp, 'x')]);
  if (proxy) rows.push(['proxy in front of the emulated tenant', `${proxy.proxy.requestsPerSecond} req/s, p99 ${proxy.proxy.latencyP99Ms} ms`, 'emulated tenant direct', `${proxy.direct.requestsPerSecond} req/s, p99 ${proxy.direct.latencyP99Ms} ms`, f(proxy.throughputRatio, 'x')]);
  rows.push(['offline Gherkin suite', suite.measured ? `${f((suite as { wallMs: number | null }).wallMs, ' ms')}` : 'not measured', '', '', '']);
  if (start) rows.push(...startupRows(start));
  console.log(table(rows));
  console.log('\ntargets:');
  for (const [k, v] of Object.entries(targets)) console.log(`  ${v === null ? 'n/a ' : v ? 'met ' : 'MISS'}  ${k}`);
  console.log(`\nreports/bench.json written (${report.machine.cpus} CPUs, load ${report.machine.loadAverageAtEnd.join(' ')})`);
}

try {
  await main();
} finally {
  rmSync(work, { recursive: true, force: true });
}
