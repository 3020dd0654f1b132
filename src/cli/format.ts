/**
 * How `so-conformance validate` writes verdicts: a JSON line per input (DESIGN §6) and a human block
 * per input, coloured only for a terminal, both through the one verdict renderer.
 */
import type { Verdict } from '../validate.ts';
import { renderVerdict, type Paint } from '../report/verdict-render.ts';

// The one verdict renderer (src/report/verdict-render.ts) owns the shapes; this module picks the
// terminal's colours and keeps the tally.
export { VERDICT_LINE_SCHEMA, jsonVerdict, oneLine, type JsonVerdictLine, type Paint } from '../report/verdict-render.ts';

/** One block per input, the `terminal` format of the verdict renderer. */
export function humanVerdict(file: string, v: Verdict, p: Paint): string {
  return renderVerdict(v, 'terminal', { file, paint: p });
}

/** Colour for people at a terminal only. NO_COLOR (any non-empty value) wins over FORCE_COLOR. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

const sgr = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;
const plain = (s: string) => s;

export function paint(color: boolean): Paint {
  return color
    ? { red: sgr(31, 39), yellow: sgr(33, 39), green: sgr(32, 39), bold: sgr(1, 22), dim: sgr(2, 22) }
    : { red: plain, yellow: plain, green: plain, bold: plain, dim: plain };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function counts(v: Verdict): { errors: number; warnings: number } {
  let errors = 0;
  for (const x of v.violations) if (x.severity === 'error') errors++;
  return { errors, warnings: v.violations.length - errors };
}

export interface Tally {
  inputs: number;
  conformant: number;
  notConformant: number;
  unreadable: number;
  errors: number;
  warnings: number;
}

export function newTally(): Tally {
  return { inputs: 0, conformant: 0, notConformant: 0, unreadable: 0, errors: 0, warnings: 0 };
}

export function addToTally(t: Tally, v: Verdict): void {
  const c = counts(v);
  t.inputs++;
  if (v.conformant) t.conformant++;
  else t.notConformant++;
  t.errors += c.errors;
  t.warnings += c.warnings;
}

export function addUnreadable(t: Tally): void {
  t.inputs++;
  t.unreadable++;
}

export function humanSummary(t: Tally, p: Paint): string {
  const parts = [`${plural(t.inputs, 'input')}: ${t.conformant} conformant`, `${t.notConformant} not conformant`];
  if (t.unreadable) parts.push(`${t.unreadable} unreadable`);
  const tail = ` (${plural(t.errors, 'error')}, ${plural(t.warnings, 'warning')})`;
  const line = parts.join(', ') + tail;
  return t.notConformant || t.unreadable ? p.red(line) : p.green(line);
}
