import type { Rule } from './rule.ts';
import { xmlRules } from './rules/xml.ts';
import { envRules } from './rules/env.ts';
import { hdrRules } from './rules/hdr.ts';
import { opRules } from './rules/op.ts';
import { idsRules } from './rules/ids.ts';
import { httpRules } from './rules/http.ts';
import { rspRules } from './rules/rsp.ts';
import { errRules } from './rules/err.ts';
import { consequenceOf } from './consequences.ts';

/** The rule catalogue: the single source of every check the suite, `validate` and `serve` make. */
export const rules: readonly Rule[] = [...xmlRules, ...envRules, ...hdrRules, ...opRules, ...idsRules, ...httpRules, ...rspRules, ...errRules];

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
