/**
 * One target per run, opened before the first scenario from the world parameters and closed after
 * the last. `fixtures` is the only target this suite opens itself (the @live features have their own
 * targets in steps/live). A target that cannot be opened fails every scenario with the cause instead
 * of aborting the run, so the reports are complete.
 */
import { AfterAll, Before, BeforeAll } from '@cucumber/cucumber';
import { FixturesTarget } from '../../src/targets/fixtures.ts';
import { RunGate } from '../../src/targets/run-gate.ts';
import type { Target } from '../../src/targets/target.ts';
import type { WorldParameters } from './parameters.ts';

let target: Target | undefined;
const gate = new RunGate();

export function currentTarget(): Target {
  if (!target) throw new Error('no target is open (BeforeAll did not run?)');
  return target;
}

BeforeAll(async function (this: { parameters: WorldParameters }) {
  const p = this.parameters as WorldParameters & { liveTarget?: string };
  // The live profiles load their own targets (steps/live/support.ts).
  if (p?.liveTarget) return;
  const name = p?.target ?? 'fixtures';
  if (name !== 'fixtures') return gate.close(`target "${name}" runs the @live features: use so-conformance run --target ${name}`);
  try {
    target = FixturesTarget.open();
  } catch (e) {
    gate.close(`the fixtures target could not be opened: ${(e as Error).message}`);
  }
});

Before({ tags: 'not @live' }, function () {
  gate.check();
});

AfterAll(async function () {
  await target?.close();
  target = undefined;
});
