/**
 * Proxy overhead: the installed `so-conformance proxy` in front of the emulated tenant (`serve --tenant`) against
 * the emulated tenant direct, both as separate processes, under the same autocannon load with the same
 * rotation of distinct DeleteChatSessions requests (different ids and id counts, a real ticket).
 * Rounds alternate direct / proxy so both see the same machine load; the medians are compared.
 *
 * Standalone: `node --import tsx bench/proxy.ts` writes reports/bench-proxy.json. bench/run.ts calls
 * proxyOverhead() too. Environment: BENCH_PROXY_SECONDS (default 5 per round), BENCH_PROXY_ROUNDS (2).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve, join } from 'node:path';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';

type Result = Awaited<ReturnType<typeof autocannon>>;
import { buildRequest } from '../src/envelope/request.ts';
import { parseTargetConfig } from '../src/config/target-config.ts';
import { LiveRun } from '../src/live/run.ts';
import { DEFAULT_TENANT_USER } from '../src/tenant/index.ts';
import { installedPackage } from './installed.ts';
import { startListening, type Listening } from './listening.ts';

const root = resolve(import.meta.dirname, '..');
const log = (s: string) => process.stderr.write(`${s}\n`);
const round = (x: number, d = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : null);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

/** Starts the installed `so-conformance <args>` (as the serve and CLI figures: both sides alike, bench/installed.ts). */
function start(args: string[], more = 0): Promise<Listening> {
  return startListening(installedPackage(log).bin, args, root, { more });
}

/** user+system CPU milliseconds a process has used so far (Linux /proc; null elsewhere). */
function cpuMs(pid: number | undefined): number | null {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = f.slice(f.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

interface Side {
  requestsPerSecond: number;
  latencyP99Ms: number;
  all: number[];
}

export interface ProxyOverhead {
  measured: true;
  connections: number;
  secondsPerRound: number;
  rounds: number;
  distinctRequests: number;
  direct: Side;
  proxy: Side;
  /**
   * CPU milliseconds per request, summed over the processes serving it (tenant; proxy + tenant):
   * the load-independent view, since a busy machine moves req/s more than it moves CPU per request.
   */
  cpuMsPerRequest: { direct: number | null; proxy: number | null; proxyProcessOnly: number | null };
  /** proxy req/s ÷ direct req/s (goal ≥ 0.5). */
  throughputRatio: number | null;
  /** proxy p99 ÷ direct p99. */
  p99Ratio: number | null;
  non2xx: number;
  errors: number;
}

export async function proxyOverhead(options: { seconds?: number; rounds?: number; connections?: number } = {}): Promise<ProxyOverhead> {
  const seconds = options.seconds ?? Number(process.env['BENCH_PROXY_SECONDS'] ?? 5);
  const rounds = options.rounds ?? Number(process.env['BENCH_PROXY_ROUNDS'] ?? 2);
  const connections = options.connections ?? 10;
  const tenant = await start(['serve', '--tenant', '--quiet', '--port', '0'], 1);
  let proxy: Listening | undefined;
  try {
    const origin = tenant.origin;
    const base = tenant.lines[1]!.split(' ')[1]!;
    proxy = await start(['proxy', '--upstream', origin, '--quiet', '--port', '0']);
    const proxyOrigin = proxy.origin;

    // A real ticket from the tenant, so every request is a conformant, successful call.
    const parsed = parseTargetConfig({ baseUrl: base, servicesVersion: 86, userName: DEFAULT_TENANT_USER.userName, timeouts: { requestMs: 5000, pollMs: 2000 }, allowDestructive: false, allowProduction: false }, { SO_PASSWORD: DEFAULT_TENANT_USER.password }, 'bench');
    if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
    const ticket = await new LiveRun(parsed.config, { allowDestructiveFlag: false, allowProductionFlag: false }, {}).login();

    const path = new URL(base).pathname;
    const rotation = Array.from({ length: 1000 }, (_, i) => {
      const r = buildRequest({ ids: Array.from({ length: 1 + (i % 7) }, (_, k) => 100_000 + i * 10 + k), ticket });
      return { method: 'POST', path: path + r.contract.endpointPath, headers: r.headers, body: Buffer.from(r.bytes) };
    });
    if (new Set(rotation.map((r) => r.body.toString())).size !== rotation.length) throw new Error('the rotation is not distinct');
    // A functional check first: both answer 200, and the proxy judges both directions conformant.
    for (const o of [origin, proxyOrigin]) {
      const res = await fetch(o + rotation[0]!.path, { method: 'POST', headers: rotation[0]!.headers, body: rotation[0]!.body });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${o} answered ${res.status} to a conformant request`);
    }
    const [v] = (await (await fetch(`${proxyOrigin}/__conformance/verdicts`)).json()) as { conformant: boolean }[];
    if (!v?.conformant) throw new Error('the proxy did not judge the check exchange conformant');

    const runs = { direct: [] as Result[], proxy: [] as Result[] };
    const cpu = { direct: [] as number[], proxy: [] as number[], proxyOnly: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      for (const [key, url] of [['direct', origin], ['proxy', proxyOrigin]] as const) {
        const before = [cpuMs(tenant.child.pid), cpuMs(proxy.child.pid)];
        const r = await autocannon({ url, connections, duration: seconds, requests: rotation });
        const after = [cpuMs(tenant.child.pid), cpuMs(proxy.child.pid)];
        const n = r.requests.total;
        if (before.every((x) => x !== null) && after.every((x) => x !== null) && n > 0) {
          const tenantMs = after[0]! - before[0]!;
          const proxyMs = after[1]! - before[1]!;
          if (key === 'direct') cpu.direct.push(tenantMs / n);
          else {
            cpu.proxy.push((tenantMs + proxyMs) / n);
            cpu.proxyOnly.push(proxyMs / n);
          }
        }
        runs[key].push(r);
        log(`proxy bench round ${i + 1} ${key}: ${r.requests.average} req/s, p99 ${r.latency.p99} ms, non-2xx ${r.non2xx}, errors ${r.errors}`);
      }
    }
    const side = (rs: Result[]) => ({ requestsPerSecond: round(median(rs.map((r) => r.requests.average)), 0)!, latencyP99Ms: median(rs.map((r) => r.latency.p99)), all: rs.map((r) => round(r.requests.average, 0)!) });
    const direct = side(runs.direct);
    const through = side(runs.proxy);
    return {
      measured: true,
      connections,
      secondsPerRound: seconds,
      rounds,
      distinctRequests: rotation.length,
      direct,
      proxy: through,
      throughputRatio: round(through.requestsPerSecond / direct.requestsPerSecond),
      p99Ratio: direct.latencyP99Ms > 0 ? round(through.latencyP99Ms / direct.latencyP99Ms) : null,
      cpuMsPerRequest: {
        direct: cpu.direct.length ? round(median(cpu.direct), 3) : null,
        proxy: cpu.proxy.length ? round(median(cpu.proxy), 3) : null,
        proxyProcessOnly: cpu.proxyOnly.length ? round(median(cpu.proxyOnly), 3) : null,
      },
      non2xx: [...runs.direct, ...runs.proxy].reduce((n, r) => n + r.non2xx, 0),
      errors: [...runs.direct, ...runs.proxy].reduce((n, r) => n + r.errors + r.timeouts, 0),
    };
  } finally {
    if (proxy) await proxy.close();
    await tenant.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const r = await proxyOverhead();
  const report = { date: new Date().toISOString(), machine: { node: process.version, cpus: cpus().length, loadAverageAtEnd: loadavg().map((x) => round(x)) }, proxy: r, targets: { 'proxy >= 50% of direct throughput': r.throughputRatio !== null ? r.throughputRatio >= 0.5 : null } };
  mkdirSync(join(root, 'reports'), { recursive: true });
  writeFileSync(join(root, 'reports/bench-proxy.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`proxy vs direct emulated tenant (${r.distinctRequests} distinct requests, ${r.connections} connections, ${r.rounds}x${r.secondsPerRound}s each):`);
  console.log(`  direct ${r.direct.requestsPerSecond} req/s p99 ${r.direct.latencyP99Ms} ms; proxy ${r.proxy.requestsPerSecond} req/s p99 ${r.proxy.latencyP99Ms} ms`);
  console.log(`  CPU per request: direct ${r.cpuMsPerRequest.direct} ms (tenant); through the proxy ${r.cpuMsPerRequest.proxy} ms (tenant + proxy, proxy alone ${r.cpuMsPerRequest.proxyProcessOnly} ms)`);
  console.log(`  throughput ratio ${r.throughputRatio} (goal >= 0.5), p99 ratio ${r.p99Ratio}; non-2xx ${r.non2xx}, errors ${r.errors}`);
}
