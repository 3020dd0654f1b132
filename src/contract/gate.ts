import type { CheckContext, Need, Rule, ServeAnswer, StandsBehind } from './rule.ts';
import { SERVE_ANSWERS } from './rule.ts';

/** Whether the HTTP exchange carries a SOAP envelope at all (a bare 415 or 413 has no body to judge). */
export function expectsSoapBody(ctx: Pick<CheckContext, 'kind' | 'http'>): boolean {
  const s = ctx.http?.status;
  return ctx.kind === 'request' || s === undefined || s === 200 || s === 202 || s === 500;
}

/** Which of the rules' needs this message has. Computed once per message by the engine. */
export function messageFacts(ctx: CheckContext): ReadonlySet<Need> {
  const has = new Set<Need>();
  if (ctx.http) has.add('http');
  if (ctx.http?.problem) has.add('http-problem');
  const soapBody = expectsSoapBody(ctx);
  if (soapBody) has.add('soap-body');
  // A 415 or 413 carries no envelope; judging its empty body as XML would be noise.
  if (soapBody || ctx.bytes.byteLength > 0) has.add('content');
  if (ctx.view) has.add('document');
  if (ctx.view?.isEnvelope) has.add('envelope');
  return has;
}

/** The engine's gate: the rule applies to this kind of message and the message has what it needs. */
export function ruleApplies(rule: Rule, ctx: CheckContext, facts: ReadonlySet<Need>): boolean {
  if (rule.appliesTo !== 'both' && rule.appliesTo !== ctx.kind) return false;
  // An unreadable HTTP message has no headers or body worth judging: only the rules about that speak.
  if (facts.has('http-problem') && !rule.needs.includes('http-problem')) return false;
  return rule.needs.every((n) => facts.has(n));
}

const applicable = new WeakMap<readonly Rule[], Map<string, readonly Rule[]>>();

/**
 * The rules of `rules` that apply to this message, in order. What gates a rule is the message kind
 * and its facts, a handful of combinations: each list is computed once and reused.
 */
export function applicableRules(rules: readonly Rule[], ctx: CheckContext, facts: ReadonlySet<Need>): readonly Rule[] {
  let byKey = applicable.get(rules);
  if (!byKey) applicable.set(rules, (byKey = new Map()));
  let key = ctx.kind as string;
  for (const f of facts) key += `|${f}`;
  let list = byKey.get(key);
  if (!list) byKey.set(key, (list = rules.filter((r) => ruleApplies(r, ctx, facts))));
  return list;
}

/** Whether a backstop stays quiet: one of the rules it stands behind reported an error. */
export function backstopSilenced(behind: StandsBehind | undefined, reported: Iterable<Rule>): boolean {
  if (!behind) return false;
  for (const r of reported) if (behind.families?.includes(r.family) || behind.rules?.includes(r.id)) return true;
  return false;
}

/** The stronger of two serve answers (SERVE_ANSWERS is strongest first). */
export function strongerAnswer(a: ServeAnswer | undefined, b: ServeAnswer): ServeAnswer {
  return a === undefined || SERVE_ANSWERS.indexOf(b) < SERVE_ANSWERS.indexOf(a) ? b : a;
}
