/**
 * Writes fixtures/<profile>/<name>.json from src/targets/fixture-set.ts. Run with
 * `node --import tsx scripts/make-fixtures.ts`; test/fixtures-target.test.ts fails when the files on
 * disk differ from what this would write (apart from the provenance date).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildFixtureSet, fixturePath } from '../src/targets/fixture-set.ts';
import { DEFAULT_FIXTURES_DIR } from '../src/targets/fixtures.ts';

const date = process.argv[2] ?? new Date().toISOString().slice(0, 10);
for (const f of buildFixtureSet(date)) {
  const path = join(DEFAULT_FIXTURES_DIR, fixturePath(f));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(f, null, 2)}\n`);
  console.log(`wrote ${path}`);
}
