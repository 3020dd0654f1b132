import { parseXml, type ParseLimits, type ParseResult } from '../xml/parse.ts';
import { locate, type XDocument, type XElement } from '../xml/tree.ts';
import { elide, FIELD_MAX } from '../xml/text.ts';
import { rulesFor } from './catalogue.ts';
import { PROFILES, type ProfileId } from './profiles.ts';
import type { OperationContract } from './wsdl.ts';
import { deleteChatSessionsContract } from './delete-chat-sessions.ts';
import { DEFAULT_VERSION, type ServicesVersion } from './namespaces.ts';
import { envelopeView, isFault } from './envelope-view.ts';
import { lazySchemasFor } from './schema.ts';
import { applicableRules, backstopSilenced, messageFacts, strongerAnswer } from './gate.ts';
import { is } from './rules/util.ts';
import { FINDINGS_PER_RULE, type CheckContext, type Finding, type HttpInfo, type MessageKind, type Rule, type ServeAnswer, type Violation } from './rule.ts';

import { responseOutcome, type Outcome } from './outcome.ts';

export type { Outcome } from './outcome.ts';

export interface CheckOptions {
  profile?: ProfileId;
  /** The operation the message belongs to; DeleteChatSessions at `version` when not given. */
  contract?: OperationContract;
  version?: ServicesVersion;
  /** Request or response; detected from the Body when not given. */
  kind?: MessageKind;
  http?: HttpInfo;
  limits?: Partial<ParseLimits>;
  /** Hands the one parse of the message to a caller that needs the tree too (the redactor, serve). */
  onParsed?: (message: { bytes: Uint8Array; parse: ParseResult; http?: HttpInfo }) => void;
  /** Called with the whole judgement (serve reads the answer the firing rules declare). */
  onJudged?: (judgement: Judgement) => void;
}

export interface CheckResult {
  kind: MessageKind;
  profile: ProfileId;
  conformant: boolean;
  outcome?: Outcome;
  violations: Violation[];
}

function toViolation(ruleId: string, severity: Violation['severity'], f: Finding, defaultHint: string): Violation {
  const at = f.at;
  const loc =
    at === undefined
      ? { line: null, column: null, path: null }
      : 'qname' in at
        ? locate(at as XElement)
        : { line: at.line, column: at.column, path: 'path' in at ? (at.path as string) : null };
  // The one place every finding passes: whatever a rule quoted, a violation stays bounded.
  return {
    rule: ruleId,
    severity,
    message: elide(f.message, FIELD_MAX),
    ...loc,
    path: loc.path === null ? null : elide(loc.path, FIELD_MAX),
    hint: elide(f.hint ?? defaultHint, FIELD_MAX),
  };
}

/**
 * A verdict's violations, in characters of message, hint and path plus a fixed overhead each: past
 * it the rest are counted in one closing violation. With FINDINGS_PER_RULE and FIELD_MAX this keeps
 * any verdict under a few hundred kilobytes, whatever the input.
 */
export const VERDICT_MAX_CHARS = 256 * 1024;
const VIOLATION_OVERHEAD = 80;

export function violationSize(v: Violation): number {
  return VIOLATION_OVERHEAD + v.rule.length + v.message.length + (v.hint?.length ?? 0) + (v.path?.length ?? 0);
}

function cappedVerdict(violations: Violation[]): Violation[] {
  let size = 0;
  for (let i = 0; i < violations.length; i++) {
    size += violationSize(violations[i]!);
    if (size <= VERDICT_MAX_CHARS) continue;
    const rest = violations.slice(i);
    const first = rest[0]!;
    const severity = rest.some((v) => v.severity === 'error') ? 'error' : 'warning';
    const rules = [...new Set(rest.map((v) => v.rule))];
    const shown = rules.slice(0, 10).join(', ') + (rules.length > 10 ? `, … (${rules.length} rules)` : '');
    return [
      ...violations.slice(0, i),
      { rule: first.rule, severity, message: `${rest.length} more findings omitted (the verdict is capped at ${VERDICT_MAX_CHARS} characters): ${shown}`, line: null, column: null, path: null, hint: 'Fix the findings listed first and validate again.' },
    ];
  }
  return violations;
}

export { FINDINGS_PER_RULE };

function capped(findings: Finding[]): Finding[] {
  if (findings.length <= FINDINGS_PER_RULE + 1) return findings;
  const rest = findings.length - FINDINGS_PER_RULE;
  return [...findings.slice(0, FINDINGS_PER_RULE), { ...findings[FINDINGS_PER_RULE]!, message: `…and ${rest} more like this (first ${FINDINGS_PER_RULE} listed)` }];
}

function detectKind(first: XElement | undefined): MessageKind {
  return first && (isFault(first) || first.local.endsWith('Response')) ? 'response' : 'request';
}

/** Schema backstops run after every specific rule, so they can stay quiet where one spoke. */
const ordered = new WeakMap<OperationContract, readonly Rule[]>();
function orderedRules(contract: OperationContract): readonly Rule[] {
  let o = ordered.get(contract);
  if (!o) {
    const list = rulesFor(contract);
    o = [...list.filter((r) => !r.backstop), ...list.filter((r) => r.backstop)];
    ordered.set(contract, o);
  }
  return o;
}

/** What serve should answer, and the violation that decided it (none when nothing is an error). */
export interface Judgement {
  result: CheckResult;
  /** `index`: the deciding violation's place in `result.violations` (-1 when the verdict cap cut it). */
  answer: { kind: ServeAnswer; rule: string; index: number } | undefined;
  /** The message's tree (when it parsed), for what serve reads beyond the verdict (the ticket, secrets). */
  doc: XDocument | undefined;
}

/** Runs the whole catalogue over one message body (and its HTTP metadata, when known). */
export function checkMessage(bytes: Uint8Array | string, options: CheckOptions = {}): CheckResult {
  return judgeMessage(bytes, options).result;
}

/**
 * The engine: parses once, gates each rule on what it declared it needs, runs backstops after the
 * specific rules they stand behind, bounds every finding, and derives serve's answer from what the
 * rules that fired declare. No rule is special-cased by ID.
 */
export function judgeMessage(bytes: Uint8Array | string, options: CheckOptions = {}): Judgement {
  const profile = PROFILES[options.profile ?? 'wsdl'];
  const contract = options.contract ?? deleteChatSessionsContract(options.version ?? DEFAULT_VERSION);
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const parse = parseXml(data, options.limits);
  options.onParsed?.({ bytes: data, parse, http: options.http });
  const doc = parse.ok ? parse.doc : undefined;
  const view = doc ? envelopeView(doc) : undefined;
  const kind = options.kind ?? detectKind(view?.first);
  const derived = new Map<(ctx: CheckContext) => unknown, unknown>();
  const ctx: CheckContext = {
    kind,
    profile,
    contract,
    parse,
    doc,
    view,
    http: options.http,
    // Compiled (and, for `validate`, libxml2 loaded) only when a backstop has something to ask it.
    schemas: lazySchemasFor(contract),
    bytes: data,
    derive<T>(fact: (c: CheckContext) => T): T {
      if (derived.has(fact)) return derived.get(fact) as T;
      const value = fact(ctx);
      derived.set(fact, value);
      return value;
    },
  };
  const facts = messageFacts(ctx);
  const violations: Violation[] = [];
  const reported: Rule[] = [];
  let answer: { kind: ServeAnswer; because: Violation } | undefined;
  for (const rule of applicableRules(orderedRules(contract), ctx, facts)) {
    if (rule.backstop && backstopSilenced(rule.standsBehind, reported)) continue;
    const findings = capped(rule.check(ctx));
    if (findings.length && rule.severity === 'error') reported.push(rule);
    for (const f of findings) {
      const v = toViolation(rule.id, rule.severity, f, rule.hint);
      violations.push(v);
      if (rule.severity !== 'error') continue;
      const kindOf = f.answer ?? rule.answer ?? 'fault';
      if (answer === undefined || strongerAnswer(answer.kind, kindOf) !== answer.kind) answer = { kind: kindOf, because: v };
    }
  }
  const result: CheckResult = { kind, profile: profile.id, conformant: !violations.some((v) => v.severity === 'error'), violations: cappedVerdict(violations) };
  if (kind === 'response') result.outcome = outcomeOf(ctx);
  const judgement: Judgement = { result, answer: answer && { kind: answer.kind, rule: answer.because.rule, index: result.violations.indexOf(answer.because) }, doc };
  options.onJudged?.(judgement);
  return judgement;
}

function outcomeOf(ctx: CheckContext): Outcome {
  const succeeded = ctx.contract.responseHeaders.find((h) => h.part === 'Succeeded');
  return responseOutcome(ctx.view, (b) => !!succeeded && is(b, succeeded.element));
}
