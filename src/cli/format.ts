/**
 * How `so-conformance validate` writes verdicts: a JSON line per input (DESIGN §6, a promise to users,
 * so the key order and the exact violation fields are fixed here and nowhere else) and a human block
 * per input, coloured only for a terminal.
 */
import type { Verdict } from '../validate.ts';
import { OUTCOME_VALUES, type Outcome } from '../contract/outcome.ts';

/** One `--json` line. Key order is part of the interface: `outcome` exists for responses only. */
export interface JsonVerdictLine {
  file: string;
  kind: 'request' | 'response';
  profile: string;
  conformant: boolean;
  /** src/contract/outcome.ts: success, app-error, fault, and (added since) unconfirmed, not-soap. */
  outcome?: Outcome;
  violations: { rule: string; severity: 'error' | 'warning'; message: string; line: number | null; column: number | null; path: string | null }[];
}

export function jsonVerdict(file: string, v: Verdict): JsonVerdictLine {
  // Built field by field (never spread) so an additive field on Verdict or Violation, such as `hint`,
  // cannot leak into the published shape.
  const violations = v.violations.map((x) => ({ rule: x.rule, severity: x.severity, message: x.message, line: x.line, column: x.column, path: x.path }));
  return v.kind === 'response' && v.outcome !== undefined
    ? { file, kind: v.kind, profile: v.profile, conformant: v.conformant, outcome: v.outcome, violations }
    : { file, kind: v.kind, profile: v.profile, conformant: v.conformant, violations };
}

/** JSON Schema (draft 2020-12) of one `--json` line; the tests validate every line they see against it. */
export const VERDICT_LINE_SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://so-conformance.invalid/schema/validate-line.json',
  title: 'so-conformance validate --json: one line per input',
  type: 'object',
  additionalProperties: false,
  required: ['file', 'kind', 'profile', 'conformant', 'violations'],
  properties: {
    file: { type: 'string', minLength: 1 },
    kind: { enum: ['request', 'response'] },
    profile: { enum: ['wsdl', 'soap12'] },
    conformant: { type: 'boolean' },
    outcome: { enum: OUTCOME_VALUES },
    violations: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['rule', 'severity', 'message', 'line', 'column', 'path'],
        properties: {
          rule: { type: 'string', pattern: '^(XML|ENV|HDR|OP|IDS|HTTP|RSP|ERR)-[0-9]{3}$' },
          severity: { enum: ['error', 'warning'] },
          message: { type: 'string', minLength: 1 },
          line: { type: ['integer', 'null'], minimum: 1 },
          column: { type: ['integer', 'null'], minimum: 1 },
          path: { type: ['string', 'null'] },
        },
      },
    },
  },
  // `outcome` belongs to responses and only to them.
  if: { properties: { kind: { const: 'response' } } },
  then: { properties: { outcome: true }, required: ['outcome'] },
  else: { properties: { outcome: false } },
} as const;

/** Colour for people at a terminal only. NO_COLOR (any non-empty value) wins over FORCE_COLOR. */
export function colorEnabled(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
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

/**
 * Text from the message (a stray text node quoted in a message, a file name) is shown on one line and
 * can never drive the terminal: control characters are written as escapes.
 */
export function oneLine(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

/**
 * One block per input: a head line with the verdict, then each violation as
 * `RULE  severity  line:col  path`, its message, and a `fix:` line with the hint.
 */
export function humanVerdict(file: string, v: Verdict, p: Paint): string {
  const { errors, warnings } = counts(v);
  const what = `${v.kind}, profile ${v.profile}${v.outcome ? `, outcome ${v.outcome}` : ''}`;
  const status = v.conformant
    ? p.green(warnings ? `conformant (${plural(warnings, 'warning')})` : 'conformant')
    : p.red(`NOT conformant (${plural(errors, 'error')}${warnings ? `, ${plural(warnings, 'warning')}` : ''})`);
  const out = [`${p.bold(oneLine(file))}: ${what}: ${status}`];
  for (const n of v.notes ?? []) out.push(`  ${p.dim('note:')} ${oneLine(n)}`);
  for (const x of v.violations) {
    const sev = x.severity === 'error' ? p.red('error  ') : p.yellow('warning');
    const at = x.line === null ? '-' : `${x.line}:${x.column ?? '-'}`;
    out.push(`  ${p.bold(x.rule.padEnd(8))} ${sev} ${at.padEnd(9)} ${oneLine(x.path ?? '')}`.trimEnd());
    out.push(`      ${oneLine(x.message)}`);
    if (x.hint) out.push(`      ${p.dim('fix:')} ${oneLine(x.hint)}`);
  }
  return out.join('\n');
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
