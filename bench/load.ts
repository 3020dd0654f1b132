/**
 * `npm run load`: drives `so-conformance serve` (started as its own process on loopback) with
 * autocannon: a fixed mix of valid, invalid and hostile requests over 50 connections for 30 s.
 * Prints req/s, p50/p99 latency, status counts against what each request should get, transport
 * errors, and the server's RSS over time (sampled from /proc). Exits non-zero if the server died,
 * a request got an answer of the wrong class, or memory kept growing.
 *
 * Options: LOAD_SECONDS (default 30), LOAD_CONNECTIONS (default 50).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { buildRequest } from '../src/envelope/request.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';

const root = resolve(import.meta.dirname, '..');
const seconds = Number(process.env.LOAD_SECONDS ?? 30);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 50);
const contract = deleteChatSessionsContract();

interface Shot {
  name: string;
  body: string | Buffer;
  headers: Record<string, string>;
  /** The status class the verdict calls for. */
  expect: 200 | 400 | 413 | 415 | 500;
}

const valid = buildRequest({ ids: [1, 2, 3] });
const lol = ['<!ENTITY a0 "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY a${i + 1} "${`&a${i};`.repeat(10)}">`)].join('');
const shots: Shot[] = [
  { name: 'valid, 3 ids', body: valid.body, headers: valid.headers, expect: 200 },
  { name: 'valid, 1000 ids', ...(() => { const r = buildRequest({ ids: Array.from({ length: 1000 }, (_, i) => i + 1) }); return { body: r.body, headers: r.headers }; })(), expect: 200 },
  { name: 'invalid: id out of range', ...(() => { const r = buildRequest({ ids: [2147483648] }); return { body: r.body, headers: r.headers }; })(), expect: 500 },
  { name: 'invalid: items in the wrong namespace', ...(() => { const r = buildRequest({ ids: [1], itemNamespace: 'service' }); return { body: r.body, headers: r.headers }; })(), expect: 500 },
  { name: 'hostile: billion laughs', body: valid.body.replace('<soap:Envelope', `<!DOCTYPE soap:Envelope [${lol}]><soap:Envelope`), headers: valid.headers, expect: 500 },
  { name: 'hostile: 100,000 deep', body: `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`, headers: valid.headers, expect: 500 },
  { name: 'hostile: garbage bytes', body: Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), headers: valid.headers, expect: 500 },
  { name: 'hostile: wrong content type', body: valid.body, headers: { ...valid.headers, 'content-type': 'application/json' }, expect: 415 },
];

function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function main(): Promise<number> {
  const child = spawn(process.execPath, [join(root, 'bin/so-conformance.mjs'), 'serve', '--host', '127.0.0.1', '--port', '0', '--quiet'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let died = false;
  child.on('exit', () => (died = true));
  child.stderr.on('data', (d: Buffer) => process.stderr.write(`[serve] ${d}`));
  const first = await new Promise<string>((resolveLine, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', resolveLine);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
  });
  const base = /^listening (\S+)/.exec(first)?.[1];
  if (!base) throw new Error(`unexpected first line from serve: ${first}`);
  const url = base.replace(/\/$/, '') + contract.endpointPath;

  // Each shot once first: the class of answer each should get is checked outside the load.
  const classes: Record<string, { status: number; expect: number }> = {};
  for (const s of shots) {
    const r = await fetch(url, { method: 'POST', headers: s.headers, body: typeof s.body === 'string' ? s.body : new Blob([new Uint8Array(s.body)]) });
    await r.arrayBuffer();
    classes[s.name] = { status: r.status, expect: s.expect };
  }

  const rss: number[] = [];
  const sampler = setInterval(() => {
    const v = rssMiB(child.pid!);
    if (v !== null) rss.push(v);
  }, 1000);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    timeout: 10,
    requests: shots.map((s) => ({ method: 'POST', headers: s.headers, body: s.body })),
  });
  clearInterval(sampler);
  // The server still answers after the load.
  const after = await fetch(url, { method: 'POST', headers: valid.headers, body: valid.body }).then((r) => r.status).catch(() => 0);
  child.kill('SIGTERM');

  // The first third is warm-up (heap sizing); growth is judged between the middle and the last third.
  const third = Math.max(1, Math.floor(rss.length / 3));
  const early = rss.slice(third, 2 * third);
  const late = rss.slice(-third);
  const avg = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  const growth = avg(late) - avg(early);
  const wrong = Object.entries(classes).filter(([, c]) => c.status !== c.expect);
  const expected2xx = shots.filter((s) => s.expect === 200).length / shots.length;
  const total = result['2xx'] + result['4xx'] + result['5xx'];

  console.log(`load: ${connections} connections, ${seconds} s, ${shots.length} request kinds in rotation`);
  console.log(`requests/s: ${result.requests.average}  (total ${total})`);
  console.log(`latency: p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
  console.log(`status: 2xx ${result['2xx']} (${((100 * result['2xx']) / Math.max(1, total)).toFixed(1)} %, the mix calls for ${(100 * expected2xx).toFixed(1)} %), 4xx ${result['4xx']}, 5xx ${result['5xx']}`);
  console.log(`transport errors: ${result.errors}, timeouts: ${result.timeouts}`);
  console.log(`answer classes: ${Object.entries(classes).map(([k, c]) => `${k} → ${c.status}${c.status === c.expect ? '' : ` (expected ${c.expect})`}`).join('; ')}`);
  console.log(`server RSS MiB (1 s samples): ${rss.join(' ')}`);
  console.log(`RSS trend: middle third ${avg(early)} MiB, last third ${avg(late)} MiB (${growth >= 0 ? '+' : ''}${growth} MiB)`);
  console.log(`after the load: ${after === 200 ? 'still serving (200)' : `NOT serving (${after})`}; server ${died && after !== 200 ? 'died' : 'up'}`);
  const ok = after === 200 && wrong.length === 0 && result.errors === 0 && growth < 100;
  if (!ok) console.log('LOAD CHECK FAILED');
  return ok ? 0 : 1;
}

process.exitCode = await main();
