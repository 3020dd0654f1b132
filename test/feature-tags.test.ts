import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rules } from '../src/contract/catalogue.ts';
import { featureScenarios, featureTagProblems } from '../src/report/feature-tags.ts';
import { REPO } from './cli-helpers.ts';

const ids = rules.map((r) => r.id);

// Issue 10, finding 4: every scenario names what it proves.
describe('the features name what each scenario proves', () => {
  const scenarios = featureScenarios(REPO);

  it('every scenario (live and offline, every example row) carries a rule ID, @observation or @suite; every rule tag is a rule', () => {
    expect(scenarios.length).toBeGreaterThan(140);
    expect(featureTagProblems(scenarios, ids)).toEqual([]);
  });

  it('every live scenario is among them', () => {
    const live = scenarios.filter((s) => s.tags.includes('@live'));
    expect(live.length).toBeGreaterThanOrEqual(21);
    expect(live.every((s) => s.tags.some((t) => ids.includes(t.slice(1)) || t === '@observation' || t === '@suite'))).toBe(true);
  });

  it('every rule of the catalogue has a scenario', () => {
    const tagged = new Set(scenarios.flatMap((s) => s.tags));
    expect(ids.filter((id) => !tagged.has(`@${id}`))).toEqual([]);
  });

  it('the check fails on an untagged scenario and on a tag that names no rule', () => {
    const dir = mkdtempSync(join(tmpdir(), 'so-tags-'));
    mkdirSync(join(dir, 'features'));
    writeFileSync(
      join(dir, 'features', 'x.feature'),
      ['@IDS', 'Feature: x', '', '  Scenario: family tag only', '    Given a', '', '  @ids-004', '  Scenario: wrong case', '    Given a', '', '  @IDS-004', '  Scenario: fine', '    Given a', ''].join('\n'),
    );
    expect(featureTagProblems(featureScenarios(dir), ids)).toEqual([
      'features/x.feature:4 "family tag only": names no rule it proves (nor @observation or @suite)',
      'features/x.feature:8 "wrong case": @ids-004 names no rule of the catalogue',
      'features/x.feature:8 "wrong case": names no rule it proves (nor @observation or @suite)',
    ]);
  });
});
