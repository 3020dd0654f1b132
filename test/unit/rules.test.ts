import { describe, expect, it } from 'vitest';
import { rules, ruleById } from '../../src/contract/catalogue.ts';
import { validate } from '../../src/validate.ts';
import { ids } from './helpers.ts';
import { ruleCases } from './rule-cases.ts';

describe('every rule has a passing and a violating input (meta)', () => {
  it('covers each rule id of the catalogue both ways', () => {
    const missing = rules.flatMap((r) => {
      const cases = ruleCases.filter((c) => c.rule === r.id);
      const gaps: string[] = [];
      if (!cases.some((c) => !c.violates)) gaps.push(`${r.id}: no passing case`);
      if (!cases.some((c) => c.violates)) gaps.push(`${r.id}: no violating case`);
      return gaps;
    });
    expect(missing).toEqual([]);
  });

  it('names no rule the catalogue does not have', () => {
    expect(ruleCases.map((c) => c.rule).filter((id) => !rules.some((r) => r.id === id))).toEqual([]);
  });
});

describe.each(ruleCases.map((c) => [`${c.rule} ${c.violates ? 'violated by' : 'passed by'} ${c.title}`, c] as const))('%s', (_name, c) => {
  it(c.violates ? 'reports it, with the catalogue severity' : 'does not report it', () => {
    const v = validate(c.input, c.options);
    const own = v.violations.filter((x) => x.rule === c.rule);
    if (c.violates) {
      expect(own.length).toBeGreaterThan(0);
      if (c.count !== undefined) expect(own).toHaveLength(c.count);
      for (const x of own) {
        expect(x.severity).toBe(ruleById(c.rule).severity);
        expect(x.message).not.toBe('');
      }
      expect(v.conformant).toBe(!v.violations.some((x) => x.severity === 'error'));
    } else {
      expect(own).toEqual([]);
    }
    if (c.exactly) expect(ids(v)).toEqual([...c.exactly].sort());
  });
});
