/**
 * `npm run bench:parse`: the safe XML reader alone (src/xml/parse.ts `parseXml`), the biggest cost of
 * an in-process validate() once the schema backstop is off the happy path.
 *
 *   1. Envelopes per second over the documentation-size rotation (bench/rotation.ts, 1,000 distinct
 *      envelopes), given as bytes, as validate() hands them to the reader; and given as strings.
 *   2. Milliseconds to read one request with 1,000,000 ids (src/envelope/request.ts buildRequest).
 *
 * Each figure is the best of PARSE_ROUNDS rounds (default 3) of PARSE_SECONDS (default 3) each: other
 * processes share the machine, and the best round is the one they disturbed least. Every result is
 * checked to be a successful parse, so a figure never comes from a reader that gave up early.
 */
import { buildRequest } from '../src/envelope/request.ts';
import { parseXml } from '../src/xml/parse.ts';
import { docsRotation } from './rotation.ts';

const seconds = Number(process.env.PARSE_SECONDS ?? 3);
const rounds = Number(process.env.PARSE_ROUNDS ?? 3);
const enc = new TextEncoder();

function mustParse(input: Uint8Array | string): void {
  const r = parseXml(input);
  if (!r.ok) throw new Error(`bench input did not parse: ${r.problems[0]?.message}`);
}

/** Envelopes per second, best of `rounds`, each round running whole passes over the rotation for `seconds`. */
function perSecond(inputs: (Uint8Array | string)[]): number {
  // Warm-up: let the optimizing compiler settle before anything is timed.
  for (let k = 0; k < 3; k++) for (const x of inputs) mustParse(x);
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let count = 0;
    const start = process.hrtime.bigint();
    const deadline = start + BigInt(Math.round(seconds * 1e9));
    let now = start;
    while (now < deadline) {
      for (const x of inputs) mustParse(x);
      count += inputs.length;
      now = process.hrtime.bigint();
    }
    best = Math.max(best, count / (Number(now - start) / 1e9));
  }
  return best;
}

function bestMs(input: Uint8Array, times: number): number {
  mustParse(input);
  let best = Infinity;
  for (let r = 0; r < times; r++) {
    const start = process.hrtime.bigint();
    mustParse(input);
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return best;
}

const rotation = docsRotation(1000);
const bytes = rotation.map((s) => enc.encode(s));
const fmt = (x: number) => Math.round(x).toLocaleString('en');

const bytesRate = perSecond(bytes);
console.log(`parseXml, docsRotation(1000) as bytes:   ${fmt(bytesRate)} envelopes/s (${(1e6 / bytesRate).toFixed(2)} µs each)`);
const stringRate = perSecond(rotation);
console.log(`parseXml, docsRotation(1000) as strings: ${fmt(stringRate)} envelopes/s (${(1e6 / stringRate).toFixed(2)} µs each)`);
const million = buildRequest({ ids: Array.from({ length: 1_000_000 }, (_, i) => i + 1) }).bytes;
console.log(`parseXml, 1,000,000-id request (${(million.byteLength / 1024 / 1024).toFixed(1)} MiB): ${bestMs(million, Math.max(3, rounds)).toFixed(0)} ms (best of ${Math.max(3, rounds)})`);
console.log(`(best of ${rounds} rounds of ${seconds} s; node ${process.version}; the machine may be shared)`);
