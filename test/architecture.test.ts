/**
 * The dependency direction (README "Architecture"), enforced with dependency-cruiser over src/ and
 * steps/ with the rules in .dependency-cruiser.cjs: no cycles (modules or folders), no upward imports.
 * The second block proves each rule fires, on a small tree written to a temporary directory.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseConfig from 'dependency-cruiser/config-utl/extract-depcruise-config';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

async function cruised(baseDir: string, roots: string[]): Promise<{ modules: string[]; violations: IViolation[] }> {
  const config = await extractDepcruiseConfig(CONFIG);
  const r = await cruise(roots, { ...config.options, baseDir, validate: true, ruleSet: { forbidden: config.forbidden ?? [] } });
  const out = r.output as ICruiseResult;
  return { modules: out.modules.map((m) => m.source), violations: out.summary.violations };
}
const violations = async (baseDir: string, roots: string[]) => (await cruised(baseDir, roots)).violations;

const show = (v: IViolation[]) => v.map((x) => `${x.rule.name}: ${x.from} → ${x.to}${x.cycle ? ` (cycle ${x.cycle.map((c) => c.name).join(' → ')})` : ''}`);

describe('the dependency direction of this project', () => {
  it('has no cycles and no upward imports in src/ and steps/', async () => {
    const { modules, violations: v } = await cruised(ROOT, ['src', 'steps']);
    // Not a vacuous pass: the cruise saw the engine, the loader and the steps.
    expect(modules).toEqual(expect.arrayContaining(['src/contract/check.ts', 'src/contract/wsdl.ts', 'src/xml/parse.ts', 'steps/support/world.ts']));
    expect(show(v)).toEqual([]);
  }, 60_000);
});

describe('the README architecture section', () => {
  const COMMAND = 'npx depcruise src steps --config .dependency-cruiser.cjs';
  it('shows a check command that runs as written and finds nothing', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`\n${COMMAND}\n`);
    // `npx depcruise` resolves to the locally installed binary; run that with the same arguments.
    const out = execFileSync(join(ROOT, 'node_modules/.bin/depcruise'), COMMAND.split(' ').slice(2), { cwd: ROOT, encoding: 'utf8' });
    expect(out).toMatch(/no dependency violations found \(\d+ modules, \d+ dependencies cruised\)/);
  }, 60_000);
});

describe('each dependency rule fires', () => {
  let dir: string;
  const files: Record<string, string> = {
    // xml/ reaching into contract/, which imports xml/: an upward import and a folder cycle.
    'src/xml/parse.ts': "import { NS } from '../contract/namespaces.ts';\nexport const p = NS;\n",
    'src/contract/namespaces.ts': "import { q } from '../xml/tree.ts';\nexport const NS = q;\n",
    'src/xml/tree.ts': 'export const q = 1;\n',
    'src/transport/http-message.ts': "import type { R } from '../contract/rule.ts';\nexport type H = R;\n",
    'src/contract/rule.ts': 'export type R = number;\n',
    'src/server/secrets.ts': "import { u } from '../contract/rules/util.ts';\nexport const s = u;\n",
    'src/contract/rules/util.ts': 'export const u = 1;\n',
    // tenant/ and live/ importing each other.
    'src/tenant/server.ts': "import { v } from '../live/values.ts';\nexport const t = v;\n",
    'src/live/values.ts': 'export const v = 1;\n',
    'src/live/local-target.ts': "import { t } from '../tenant/server.ts';\nexport const l = t;\n",
    'src/report/outcome.ts': "import { c } from '../cli/run.ts';\nexport const o = c;\n",
    'src/cli/run.ts': 'export const c = 1;\n',
    'steps/client.steps.ts': "import { m } from '../test/clients/matrix.ts';\nexport const x = m;\n",
    'test/clients/matrix.ts': 'export const m = 1;\n',
    // Two modules importing each other.
    'steps/support/target.ts': "import { w } from './world.ts';\nexport const t = () => w;\n",
    'steps/support/world.ts': "import { t } from './target.ts';\nexport const w = () => t;\n",
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'so-arch-'));
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports every planted violation by rule, and nothing else', async () => {
    const v = show(await violations(dir, ['src', 'steps']));
    const has = (rule: string, from: string, to: string) => expect(v, v.join('\n')).toContainEqual(expect.stringMatching(new RegExp(`^${rule}: ${from} → ${to}`)));
    has('xml-is-the-base', 'src/xml/parse.ts', 'src/contract/namespaces.ts');
    has('transport-below-contract', 'src/transport/http-message.ts', 'src/contract/rule.ts');
    has('rules-are-internal', 'src/server/secrets.ts', 'src/contract/rules/util.ts');
    has('tenant-below-live', 'src/tenant/server.ts', 'src/live/values.ts');
    has('report-is-a-sink', 'src/report/outcome.ts', 'src/cli/run.ts');
    has('cli-is-the-top', 'src/report/outcome.ts', 'src/cli/run.ts');
    has('steps-do-not-import-tests', 'steps/client.steps.ts', 'test/clients/matrix.ts');
    has('no-circular', 'steps/support/target.ts', 'steps/support/world.ts');
    has('no-circular-folders', 'src/xml', 'src/contract');
    has('no-circular-folders', 'src/tenant', 'src/live');
  }, 60_000);
});
