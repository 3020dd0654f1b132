/**
 * One in-process measurement for `npm run stress`, in its own process so its peak RSS is its own:
 * `node --import tsx bench/stress-worker.ts FAMILY_INDEX SCALE SEED` prints one JSON line.
 */
import { validate } from '../src/validate.ts';
import { FIELD_MAX } from '../src/xml/text.ts';
import { FAMILIES } from './families.ts';

const [fi, sc, sd] = process.argv.slice(2).map(Number);
const family = FAMILIES[fi!]!;
const scale = sc!;
const seed = sd!;

// Warm up: the catalogue, the schemas and the JIT, on a small member of the family.
validate(family.make(0.05, seed).body);
const attack = family.make(scale, seed);
const rssBefore = process.memoryUsage().rss;
const times: number[] = [];
// Peak memory is that of one validation; the timed repetitions after it only add garbage.
let verdict = validate(attack.body);
const peakRssMiB = process.resourceUsage().maxRSS / 1024;
const growthMiB = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  verdict = validate(attack.body);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const rules = new Set(verdict.violations.map((v) => v.rule));
const json = JSON.stringify(verdict);
const capped = verdict.violations.every((v) => v.message.length <= FIELD_MAX && (v.hint ?? '').length <= FIELD_MAX && (v.path ?? '').length <= FIELD_MAX);
const expected = attack.expectRules.length ? attack.expectRules.every((r) => rules.has(r)) : verdict.conformant;
process.stdout.write(
  `${JSON.stringify({
    inputBytes: attack.body.byteLength,
    ms: times[1],
    peakRssMiB,
    growthMiB,
    verdictChars: json.length,
    ok: capped && expected,
  })}\n`,
);
