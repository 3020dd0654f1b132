/**
 * The features' scenarios with their tags (feature, rule, scenario and example tags, as cucumber
 * compiles them into pickles): what the test over the features and the README's claims read.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from '@cucumber/gherkin';
import { IdGenerator } from '@cucumber/messages';

export interface FeatureScenario {
  uri: string;
  line: number;
  name: string;
  tags: string[];
}

function featureFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? featureFiles(join(dir, e.name)) : e.name.endsWith('.feature') ? [join(dir, e.name)] : []));
}

export function featureScenarios(root: string, dir = 'features'): FeatureScenario[] {
  const out: FeatureScenario[] = [];
  for (const file of featureFiles(join(root, dir)).sort()) {
    const uri = relative(root, file);
    const newId = IdGenerator.incrementing();
    const doc = new Parser(new AstBuilder(newId), new GherkinClassicTokenMatcher()).parse(readFileSync(file, 'utf8'));
    const lines = new Map<string, number>();
    const visit = (children: readonly { scenario?: { id: string; location: { line: number }; examples: readonly { tableBody: readonly { id: string; location: { line: number } }[] }[] }; rule?: { children: readonly unknown[] } }[]) => {
      for (const c of children) {
        if (c.scenario) {
          lines.set(c.scenario.id, c.scenario.location.line);
          for (const ex of c.scenario.examples) for (const row of ex.tableBody) lines.set(row.id, row.location.line);
        }
        if (c.rule) visit(c.rule.children as never);
      }
    };
    visit((doc.feature?.children ?? []) as never);
    for (const p of compile({ ...doc, uri }, uri, newId)) {
      const line = lines.get(p.astNodeIds.at(-1)!) ?? lines.get(p.astNodeIds[0]!) ?? 0;
      out.push({ uri, line, name: p.name, tags: p.tags.map((t) => t.name) });
    }
  }
  return out;
}

/**
 * What each scenario proves, by its tags: rule IDs of the catalogue (made to fire or to pass),
 * `@observation` (records undocumented tenant behaviour), or `@suite` (a property of the suite
 * itself: a refusal, an error naming its cause, drift detection). A scenario with none of them, or
 * a rule-like tag that names no rule, is a problem.
 */
export function featureTagProblems(scenarios: readonly FeatureScenario[], ruleIds: readonly string[]): string[] {
  const known = new Set(ruleIds);
  const problems: string[] = [];
  for (const s of scenarios) {
    const where = `${s.uri}:${s.line} "${s.name}"`;
    for (const t of s.tags) if (/^@[A-Za-z]+-\d+$/.test(t) && !known.has(t.slice(1))) problems.push(`${where}: ${t} names no rule of the catalogue`);
    if (!s.tags.some((t) => known.has(t.slice(1)) || t === '@observation' || t === '@suite')) problems.push(`${where}: names no rule it proves (nor @observation or @suite)`);
  }
  return problems;
}
