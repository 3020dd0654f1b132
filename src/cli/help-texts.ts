/**
 * The README's generated parts about the CLI, from the definitions `--help` prints: the options
 * tables of `run` and `record` (OptionDef data) and the `--help` text of the other commands. The
 * README cannot drift from the CLI: scripts/build-readme.mjs fills `<!-- generated: NAME -->` lines
 * from here and test/readme.test.ts fails when README.md is stale.
 */
import { optionTable } from './options.ts';
import { RUN_OPTIONS } from './run.ts';
import { RECORD_OPTIONS } from './record.ts';
import { USAGE as VALIDATE_USAGE } from './validate.ts';
import { USAGE as SERVE_USAGE } from './serve.ts';
import { USAGE as RULES_USAGE } from './rules.ts';
import { OUTCOMES } from '../contract/outcome.ts';

const block = (text: string) => `\`\`\`text\n${text}\n\`\`\``;

export function readmeParts(): Record<string, string> {
  return {
    'run-options': optionTable(RUN_OPTIONS),
    'record-options': optionTable(RECORD_OPTIONS),
    'validate-help': block(VALIDATE_USAGE),
    'serve-help': block(SERVE_USAGE),
    'rules-help': block(RULES_USAGE),
    outcomes: ['| outcome | meaning |', '|---|---|', ...Object.entries(OUTCOMES).map(([k, v]) => `| \`${k}\` | ${v} |`)].join('\n'),
  };
}
