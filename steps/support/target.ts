/**
 * One target per run, opened before the first scenario from the world parameters and closed after
 * the last. `fixtures` is the only target this suite opens itself; `live` and `local` are wired by
 * their own issue, and until then asking for them fails the run up front with a clear message.
 */
import { AfterAll, BeforeAll } from '@cucumber/cucumber';
import { FixturesTarget } from '../../src/targets/fixtures.ts';
import type { Target } from '../../src/targets/target.ts';
import type { WorldParameters } from './parameters.ts';

let target: Target | undefined;

export function currentTarget(): Target {
  if (!target) throw new Error('no target is open (BeforeAll did not run?)');
  return target;
}

BeforeAll(async function (this: { parameters: WorldParameters }) {
  const name = this.parameters?.target ?? 'fixtures';
  if (name !== 'fixtures') throw new Error(`target "${name}" is not available in this suite yet; use --target fixtures`);
  target = FixturesTarget.open();
});

AfterAll(async function () {
  await target?.close();
  target = undefined;
});
