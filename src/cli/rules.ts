/**
 * `so-conformance rules [--json] [--markdown] [--family F] [--update-readme]`: the rule catalogue as an
 * aligned table, as JSON, or as the Markdown table the README includes. The README table is generated
 * here and only here (`npm run rules:readme`); a test fails when the committed copy drifts.
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { catalogueData } from '../contract/catalogue.ts';
import type { Family } from '../contract/rule.ts';
import { processIo, type CliIo } from './io.ts';
import { parseCommandArgs, usageError, type Command } from './command-args.ts';

export type CatalogueEntry = ReturnType<typeof catalogueData>[number];

/** The generated README section, relative to the repository root. */
export const RULES_MARKDOWN_PATH = 'docs/readme/rules.md';
const RULES_MARKDOWN_FILE = fileURLToPath(new URL(`../../${RULES_MARKDOWN_PATH}`, import.meta.url));

/** Headings for the README; what each family covers is presentation, the rules themselves live in src/contract/rules. */
const FAMILY_TITLES: Record<Family, string> = {
  XML: 'well-formed, safe XML',
  ENV: 'the SOAP envelope',
  HDR: 'header blocks (ApplicationToken, Credentials, TimeZone)',
  OP: 'the operation element',
  IDS: 'Ids, an ArrayOfint',
  HTTP: 'the HTTP binding',
  RSP: 'the response',
  ERR: 'faults and application errors',
};

export const USAGE = `usage: so-conformance rules [--json | --markdown] [--family F] [--update-readme]

Prints the rule catalogue: every check validate, serve and the Gherkin suite make.

options:
  (none)            an aligned table: rule, severity, applies to, what a WCF server does, statement
  --json            a JSON array: id, family, severity, statement, source, appliesTo, hint,
                    consequence (what a WCF server did with a request breaking it, measured)
  --markdown        the Markdown tables included in the README
  --family F        only one family: ${Object.keys(FAMILY_TITLES).join(', ')}
  --update-readme   rewrite ${RULES_MARKDOWN_PATH} (the README's rule section, never README.md
                    itself) from the catalogue; implies --markdown, the whole catalogue
  -h, --help        this text`;

const COMMAND: Command = { name: 'rules', usage: USAGE };

function families(entries: readonly CatalogueEntry[]): Family[] {
  return [...new Set(entries.map((e) => e.family))];
}

/** The aligned plain-text table. */
export function rulesTable(entries: readonly CatalogueEntry[]): string {
  const head = { id: 'RULE', severity: 'SEVERITY', appliesTo: 'APPLIES TO', wcf: 'ON WCF', statement: 'STATEMENT' };
  const rows = [head, ...entries.map((e) => ({ ...e, wcf: e.consequence.kind }))];
  const w = (k: 'id' | 'severity' | 'appliesTo' | 'wcf') => Math.max(...rows.map((r) => r[k].length));
  const [wi, ws, wa, ww] = [w('id'), w('severity'), w('appliesTo'), w('wcf')];
  return rows.map((r) => `${r.id.padEnd(wi)}  ${r.severity.padEnd(ws)}  ${r.appliesTo.padEnd(wa)}  ${r.wcf.padEnd(ww)}  ${r.statement}`).join('\n');
}

/** Table cells: no pipes, no line breaks, and no `<…>` that a Markdown renderer would swallow as HTML. */
function cell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\*/g, '\\*').replace(/\s*\n\s*/g, ' ');
}

/** The README section: one table per family, generated, with a marker saying so. */
export function rulesMarkdown(entries: readonly CatalogueEntry[] = catalogueData()): string {
  const errors = entries.filter((e) => e.severity === 'error').length;
  const out = [
    '<!-- Generated from the rule catalogue (src/contract/rules) by `npm run rules:readme`. Do not edit by hand: test/cli-rules.test.ts fails when it is out of date. -->',
    '## Rule catalogue',
    '',
    `${entries.length} rules (${errors} errors, ${entries.length - errors} warnings). An error makes a message non-conformant; a warning is reported but does not.`,
    'The same catalogue drives `validate`, `serve`, the Gherkin features and the reports; as data: `so-conformance rules --json`.',
    '"On a WCF server" is what a WCF BasicHttpBinding service with this operation\'s message contract did with a request that breaks the rule: measured by `test/wcf/consequences.test.ts` on Mono\'s WCF, never written by hand (see "What a WCF server does with each mistake" in the client matrix section).',
  ];
  for (const f of families(entries)) {
    out.push('', `### ${f}: ${FAMILY_TITLES[f]}`, '', '| Rule | Severity | Applies to | What must hold | On a WCF server | Source | How to fix |', '|---|---|---|---|---|---|---|');
    for (const e of entries.filter((x) => x.family === f)) {
      out.push(`| ${e.id} | ${e.severity} | ${e.appliesTo} | ${cell(e.statement)} | ${cell(e.consequence.summary)} | ${cell(e.source)} | ${cell(e.hint)} |`);
    }
  }
  return `${out.join('\n')}\n`;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const parsed = parseCommandArgs(io, COMMAND, argv, {
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
    family: { type: 'string' },
    'update-readme': { type: 'boolean' },
  });
  if (typeof parsed === 'number') return parsed;
  const v = parsed.values;
  if (v.json && (v.markdown || v['update-readme'])) return usageError(io, COMMAND, '--json cannot be combined with --markdown or --update-readme');
  let entries = catalogueData();
  if (v.family !== undefined) {
    if (v['update-readme']) return usageError(io, COMMAND, `--update-readme writes the whole catalogue; drop --family`);
    const f = v.family.toUpperCase();
    const known = families(entries);
    if (!(known as string[]).includes(f)) return usageError(io, COMMAND, `unknown family "${v.family}" (use one of ${known.join(', ')})`);
    entries = entries.filter((e) => e.family === f);
  }
  if (v['update-readme']) {
    const md = rulesMarkdown(entries);
    await writeFile(RULES_MARKDOWN_FILE, md);
    io.stderr.write(`so-conformance rules: wrote ${RULES_MARKDOWN_PATH} (${entries.length} rules)\n`);
    return 0;
  }
  if (v.json) io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else if (v.markdown) io.stdout.write(rulesMarkdown(entries));
  else io.stdout.write(`${rulesTable(entries)}\n`);
  return 0;
}
