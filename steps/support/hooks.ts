import { After, Before } from '@cucumber/cucumber';
import type { ConformanceWorld } from './world.ts';

const RULE_TAG = /^@([A-Z]+-\d{3})$/;

Before(function (this: ConformanceWorld, { pickle }) {
  this.rulesUnderTest = pickle.tags.map((t) => RULE_TAG.exec(t.name)?.[1]).filter((x): x is string => !!x);
});

After(function (this: ConformanceWorld) {
  this.attachUnsent();
});
