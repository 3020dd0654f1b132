#!/usr/bin/env node
// Sums vitest's JSON report and every cucumber message stream in reports/ into the one line CI reads:
// "N passed, N failed, N skipped". A missing report is not silently zero: it is said on stderr.
import { existsSync, readFileSync, readdirSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

const vitest = 'reports/vitest.json';
if (existsSync(vitest)) {
  const r = JSON.parse(readFileSync(vitest, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A test file that failed to load has no tests counted: count it as a failure.
  for (const f of r.testResults ?? []) if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++;
} else {
  // The unit tests did not run (e.g. the typecheck failed first): that is a failure, not zero tests.
  console.error('count-results: no vitest report (reports/vitest.json): counted as 1 failed');
  failed++;
}

const streams = existsSync('reports') ? readdirSync('reports').filter((f) => f.endsWith('.ndjson')) : [];
if (!streams.length) {
  console.error('count-results: no cucumber message stream (reports/*.ndjson): counted as 1 failed');
  failed++;
}
const RANK = { UNKNOWN: 0, PASSED: 1, SKIPPED: 2, PENDING: 3, UNDEFINED: 4, AMBIGUOUS: 5, FAILED: 6 };
for (const f of streams) {
  const worst = new Map();
  const finishedFinal = [];
  for (const line of readFileSync(`reports/${f}`, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const m = JSON.parse(line);
    if (m.testCaseStarted) worst.set(m.testCaseStarted.id, 'UNKNOWN');
    if (m.testStepFinished) {
      const id = m.testStepFinished.testCaseStartedId;
      const s = m.testStepFinished.testStepResult.status;
      if (RANK[s] > RANK[worst.get(id) ?? 'UNKNOWN']) worst.set(id, s);
    }
    if (m.testCaseFinished && !m.testCaseFinished.willBeRetried) finishedFinal.push(m.testCaseFinished.testCaseStartedId);
  }
  for (const id of finishedFinal) {
    const s = worst.get(id);
    if (s === 'PASSED') passed++;
    else if (s === 'SKIPPED' || s === 'PENDING') skipped++;
    else failed++;
  }
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
