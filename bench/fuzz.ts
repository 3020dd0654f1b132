/**
 * `npm run fuzz`: at least 10,000 mutated envelopes through validate(), in bounded time. Prints
 * counts (verdicts, rules hit, exceptions, slow cases) and exits non-zero if any case threw or took
 * longer than the per-case bound. Options: FUZZ_RUNS (default 10000), FUZZ_SEED, FUZZ_SECONDS (a
 * wall-clock cap for the whole run, default 300), FUZZ_CASE_MS (per-case bound, default 2000).
 */
import fc from 'fast-check';
import { validate } from '../src/validate.ts';
import { fuzzCase, mutate, type Case } from './fuzz-mutations.ts';

const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const capMs = Number(process.env.FUZZ_SECONDS ?? 300) * 1000;
const caseMs = Number(process.env.FUZZ_CASE_MS ?? 2000);

const started = performance.now();
let done = 0;
let conformant = 0;
let slowest = 0;
const slow: { ms: number; c: Case }[] = [];
const threw: { error: string; c: Case }[] = [];
const byRule = new Map<string, number>();
const byMutation = new Map<string, number>();

const samples = fc.sample(fuzzCase, { numRuns: runs, seed });
for (const c of samples) {
  if (performance.now() - started > capMs) break;
  const bytes = mutate(c);
  const t = performance.now();
  try {
    const v = validate(bytes);
    if (v.conformant) conformant++;
    for (const r of new Set(v.violations.map((x) => x.rule))) byRule.set(r, (byRule.get(r) ?? 0) + 1);
  } catch (e) {
    threw.push({ error: e instanceof Error ? (e.stack ?? e.message) : String(e), c });
  }
  const ms = performance.now() - t;
  slowest = Math.max(slowest, ms);
  if (ms > caseMs) slow.push({ ms, c });
  for (const m of c.mutations) byMutation.set(m.kind, (byMutation.get(m.kind) ?? 0) + 1);
  done++;
}

const seconds = (performance.now() - started) / 1000;
const table = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${k.padEnd(16)} ${n}`).join('\n');
console.log(`fuzz: ${done} cases (seed ${seed}) in ${seconds.toFixed(1)} s, ${(done / seconds).toFixed(0)} cases/s`);
console.log(`verdicts: ${done - threw.length} (${conformant} conformant, ${done - threw.length - conformant} not), exceptions: ${threw.length}`);
console.log(`slowest case: ${slowest.toFixed(1)} ms; over ${caseMs} ms: ${slow.length}`);
console.log(`mutations applied:\n${table(byMutation)}`);
console.log(`rules hit (cases):\n${table(byRule)}`);
for (const t of threw.slice(0, 5)) console.log(`\nEXCEPTION for ${JSON.stringify(t.c)}\n${t.error}`);
for (const s of slow.slice(0, 5)) console.log(`\nSLOW (${s.ms.toFixed(0)} ms) ${JSON.stringify(s.c)}`);
if (done < runs) console.log(`stopped by the ${capMs / 1000} s cap after ${done} of ${runs} cases`);
process.exitCode = threw.length || slow.length || done < Math.min(runs, 10_000) ? 1 : 0;
