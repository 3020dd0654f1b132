import type { Rule } from './rule.ts';
import type { OperationContract } from './wsdl.ts';
import { DELETE_CHAT_SESSIONS } from './delete-chat-sessions.ts';
import { xmlRules } from './rules/xml.ts';
import { envRules } from './rules/env.ts';
import { hdrRules } from './rules/hdr.ts';
import { opRules } from './rules/op.ts';
import { idsRules } from './rules/ids.ts';
import { httpRules } from './rules/http.ts';
import { rspRules } from './rules/rsp.ts';
import { errRules } from './rules/err.ts';
import { consequenceOf } from './consequences.ts';

/** Rules every operation gets: XML, envelope, headers, body element, HTTP, response and faults (and the schema backstops). */
export const genericRules: readonly Rule[] = [...xmlRules, ...envRules, ...hdrRules, ...opRules, ...httpRules, ...rspRules, ...errRules];

/** An operation's own rules, keyed by `service.operation`: the only place an operation joins the catalogue. */
const operationRules = new Map<string, readonly Rule[]>([[`${DELETE_CHAT_SESSIONS.service}.${DELETE_CHAT_SESSIONS.operation}`, idsRules]]);

/** The rule catalogue: the single source of every check the suite, `validate` and `serve` make. */
export const rules: readonly Rule[] = [...xmlRules, ...envRules, ...hdrRules, ...opRules, ...idsRules, ...httpRules, ...rspRules, ...errRules];

const forOperation = new Map<string, readonly Rule[]>();

/** The rules that judge messages of one operation, in catalogue order: the generic ones plus its own. */
export function rulesFor(contract: OperationContract): readonly Rule[] {
  const key = `${contract.service}.${contract.operation}`;
  let list = forOperation.get(key);
  if (!list) {
    const own = new Set(operationRules.get(key) ?? []);
    list = rules.filter((r) => own.has(r) || genericRules.includes(r));
    forOperation.set(key, list);
  }
  return list;
}

const byId = new Map(rules.map((r) => [r.id, r]));
if (byId.size !== rules.length) throw new Error('rule catalogue: duplicate rule id');

export function ruleById(id: string): Rule {
  const r = byId.get(id);
  if (!r) throw new Error(`unknown rule ${id}`);
  return r;
}

/** The catalogue as data (`so-conformance rules --json`). */
export function catalogueData() {
  return rules.map(({ id, family, severity, statement, source, appliesTo, hint }) => ({ id, family, severity, statement, source, appliesTo, hint, consequence: consequenceOf(id) }));
}
