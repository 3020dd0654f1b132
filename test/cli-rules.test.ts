/**
 * `so-conformance rules`: the catalogue as table, JSON and Markdown, and the guard that keeps the
 * README's rule table (docs/readme/rules.md) generated rather than hand-edited.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogueData, rules } from '../src/contract/catalogue.ts';
import { consequenceOf } from '../src/contract/consequences.ts';
import { RULES_MARKDOWN_PATH, rulesMarkdown, rulesTable, type CatalogueEntry } from '../src/cli/rules.ts';
import { REPO, itRefusesUsage, runBin, runCli } from './cli-helpers.ts';

describe('docs/readme/rules.md is generated from the catalogue', () => {
  it('is up to date (run `npm run rules:readme` after changing a rule)', () => {
    const committed = readFileSync(join(REPO, RULES_MARKDOWN_PATH), 'utf8');
    expect(committed, `${RULES_MARKDOWN_PATH} is out of date: run npm run rules:readme`).toBe(rulesMarkdown());
  });

  it('lists every rule exactly once, under its family', () => {
    const md = rulesMarkdown();
    for (const r of rules) expect(md.split(`\n| ${r.id} |`).length - 1, r.id).toBe(1);
    const families = [...md.matchAll(/^### (\w+):/gm)].map((m) => m[1]);
    expect(families).toEqual([...new Set(rules.map((r) => r.family))]);
  });

  it('escapes what would break a table row or vanish as HTML', () => {
    const tricky: CatalogueEntry = { id: 'XML-999', family: 'XML', severity: 'error', statement: 'a | b <Header> *c*', source: 'x\ny', appliesTo: 'both', hint: 'h', consequence: { ...consequenceOf('XML-001'), summary: 'c|d' } };
    const row = rulesMarkdown([tricky]).split('\n').find((l) => l.startsWith('| XML-999'))!;
    expect(row).toBe('| XML-999 | error | both | a \\| b &lt;Header> \\*c\\* | c\\|d | x y | h |');
    // Exactly eight cell separators: seven cells.
    expect(row.replace(/\\\|/g, '').split('|').length - 1).toBe(8);
  });
});

describe('so-conformance rules (in this process; one run through the binary)', () => {
  it('--markdown prints exactly the committed README section (the binary)', async () => {
    const r = await runBin(['rules', '--markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(REPO, RULES_MARKDOWN_PATH), 'utf8'));
  });

  it('--json prints the catalogue as data', async () => {
    const r = await runCli(['rules', '--json']);
    expect(r.code).toBe(0);
    const data = JSON.parse(r.stdout) as unknown[];
    expect(data).toEqual(JSON.parse(JSON.stringify(catalogueData())));
    expect(data).toHaveLength(rules.length);
    expect(Object.keys(data[0] as object)).toEqual(['id', 'family', 'severity', 'statement', 'source', 'appliesTo', 'hint', 'consequence']);
    for (const e of data as { consequence: { kind: string; summary: string } }[]) expect(e.consequence.summary.length).toBeGreaterThan(0);
  });

  it('prints an aligned table by default: a header and one row per rule', async () => {
    const r = await runCli(['rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${rulesTable(catalogueData())}\n`);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(rules.length + 1);
    expect(lines[0]).toMatch(/^RULE +SEVERITY +APPLIES TO +ON WCF +STATEMENT$/);
    const statementAt = lines[0]!.indexOf('STATEMENT');
    rules.forEach((rule, i) => {
      expect(lines[i + 1]!.startsWith(`${rule.id} `)).toBe(true);
      expect(lines[i + 1]!.slice(statementAt)).toBe(rule.statement);
    });
  });

  it('--family narrows to one family, case-insensitively, in every format', async () => {
    const ids = rules.filter((r) => r.family === 'IDS').map((r) => r.id);
    expect(ids.length).toBeGreaterThan(0);
    const json = await runCli(['rules', '--json', '--family', 'ids']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as { id: string }[]).map((e) => e.id)).toEqual(ids);
    const table = await runCli(['rules', '--family', 'IDS']);
    expect(table.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(' ')[0])).toEqual(ids);
  });

  itRefusesUsage('rules', [
    ['an unknown family', ['rules', '--family', 'NOPE'], /unknown family "NOPE"/],
    ['an unknown option', ['rules', '--yaml'], /Unknown option '--yaml'/],
    ['a stray argument', ['rules', 'IDS'], /IDS/],
    ['--json with --markdown', ['rules', '--json', '--markdown'], /cannot be combined/],
    ['--update-readme with --family (it writes the whole catalogue)', ['rules', '--update-readme', '--family', 'IDS'], /whole catalogue/],
  ]);

  it('--help says --update-readme rewrites docs/readme/rules.md, not README.md', async () => {
    const r = await runCli(['rules', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`--update-readme   rewrite ${RULES_MARKDOWN_PATH}`);
    expect(r.stdout).toContain('never README.md');
  });
});
