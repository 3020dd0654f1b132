/**
 * The one verdict renderer, with named formats: `json` (the `validate --json` line: DESIGN §6, a
 * promise to users, so the key order and the exact violation fields are fixed here and nowhere
 * else), `terminal` (validate's human block, coloured by the caller's Paint) and `report` (the
 * verdict attached to a scenario: every violation with its rule statement, place, fix and source).
 */
import type { Verdict } from '../validate.ts';
import { OUTCOME_VALUES, type Outcome } from '../contract/outcome.ts';
import { ruleById } from '../contract/catalogue.ts';
import { wcfConsequenceLine } from '../contract/consequences.ts';

export type VerdictFormat = 'json' | 'terminal' | 'report';

export interface Paint {
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

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

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function errorCount(v: Verdict): number {
  let errors = 0;
  for (const x of v.violations) if (x.severity === 'error') errors++;
  return errors;
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
function terminal(file: string, v: Verdict, p: Paint): string {
  const errors = errorCount(v);
  const warnings = v.violations.length - errors;
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
    const wcf = v.kind === 'request' ? wcfConsequenceLine(x.rule) : undefined;
    if (wcf) out.push(`      ${p.dim('on a WCF server:')} ${wcf}`);
  }
  return out.join('\n');
}

function report(v: Verdict, label: string): string {
  const lines = [`${label}: ${v.conformant ? 'conformant' : 'NOT conformant'} under profile ${v.profile} (${v.kind}${v.outcome ? `, outcome ${v.outcome}` : ''})`];
  for (const n of v.notes ?? []) lines.push(`note: ${n}`);
  if (!v.violations.length) lines.push('no violations');
  for (const x of v.violations) {
    const rule = ruleById(x.rule);
    lines.push(
      '',
      `${x.rule} [${x.severity}] ${rule.statement}`,
      `  found:  ${x.message}`,
      `  where:  ${x.path ?? '(message)'}${x.line !== null ? ` (line ${x.line}, column ${x.column})` : ''}`,
      ...(x.hint ? [`  fix:    ${x.hint}`] : []),
      `  source: ${rule.source}`,
    );
  }
  return lines.join('\n');
}

const plain: Paint = { red: (s) => s, yellow: (s) => s, green: (s) => s, bold: (s) => s, dim: (s) => s };

export function renderVerdict(v: Verdict, format: 'json', o: { file: string }): string;
export function renderVerdict(v: Verdict, format: 'terminal', o: { file: string; paint?: Paint }): string;
export function renderVerdict(v: Verdict, format: 'report', o: { label: string }): string;
export function renderVerdict(v: Verdict, format: VerdictFormat, o: { file?: string; paint?: Paint; label?: string }): string {
  if (format === 'json') return JSON.stringify(jsonVerdict(o.file ?? '-', v));
  if (format === 'terminal') return terminal(o.file ?? '-', v, o.paint ?? plain);
  return report(v, o.label ?? 'verdict');
}
