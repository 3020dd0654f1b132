/**
 * Measures every rule on the WCF reference and rewrites the generated block of
 * src/contract/consequences.ts. Run it after a rule or a rule case changes:
 *   node --import tsx test/wcf/write-consequences.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rules } from '../../src/contract/catalogue.ts';
import { startReference } from './reference.ts';
import { consequencesFrom, measureRules } from './measure.ts';

const FILE = fileURLToPath(new URL('../../src/contract/consequences.ts', import.meta.url));
const { results, close } = await measureRules(() => startReference(), rules.map((r) => r.id));
await close();
const data = consequencesFrom(rules.map((r) => r.id), results);
const lines = Object.entries(data).map(([id, c]) => `  ${JSON.stringify(id)}: ${JSON.stringify(c)},`);
const body = `export const CONSEQUENCES: Readonly<Record<string, Consequence>> = {\n${lines.join('\n')}\n};`;
const text = readFileSync(FILE, 'utf8').replace(/(\/\/ BEGIN GENERATED[^\n]*\n)[\s\S]*?(\n\/\/ END GENERATED)/, `$1${body}$2`);
writeFileSync(FILE, text);
process.stderr.write(`wrote ${Object.keys(data).length} consequences (${results.length} cases sent)\n`);
