/**
 * Rule coverage of one run: for every rule of the catalogue, the scenarios of this run that carry its
 * tag and how they ended. A rule no scenario touched is listed with none, so a report shows what it
 * did NOT prove as plainly as what it did.
 */
import { rules } from '../contract/catalogue.ts';
import { esc } from '../xml/writer.ts';
import type { ScenarioResult } from './run-results.ts';

export interface RuleCoverage {
  rule: string;
  statement: string;
  scenarios: { name: string; uri: string; status: string }[];
  /** passed: every scenario passed; failed: one failed; untouched: no scenario of this run. */
  result: 'passed' | 'failed' | 'other' | 'untouched';
}

export interface CoverageReport {
  rules: RuleCoverage[];
  touched: number;
  untouched: string[];
  /** Scenarios of the run tagged @observation: they record behaviour no rule documents. */
  observations: { name: string; uri: string; status: string }[];
}

export function ruleCoverage(scenarios: readonly ScenarioResult[]): CoverageReport {
  const out: RuleCoverage[] = rules.map((r) => {
    const mine = scenarios.filter((s) => s.tags.includes(`@${r.id}`)).map((s) => ({ name: s.name, uri: s.uri, status: s.status }));
    const result: RuleCoverage['result'] = !mine.length
      ? 'untouched'
      : mine.some((s) => s.status === 'failed')
        ? 'failed'
        : mine.every((s) => s.status === 'passed')
          ? 'passed'
          : 'other';
    return { rule: r.id, statement: r.statement, scenarios: mine, result };
  });
  return {
    rules: out,
    touched: out.filter((r) => r.result !== 'untouched').length,
    untouched: out.filter((r) => r.result === 'untouched').map((r) => r.rule),
    observations: scenarios.filter((s) => s.tags.includes('@observation')).map((s) => ({ name: s.name, uri: s.uri, status: s.status })),
  };
}

/** The coverage as a self-contained HTML section (inline style; no script), appended to the report. */
export function coverageHtml(c: CoverageReport): string {
  const colour: Record<RuleCoverage['result'], string> = { passed: '#1a7f37', failed: '#cf222e', other: '#9a6700', untouched: '#57606a' };
  const rows = c.rules
    .map(
      (r) =>
        `<tr><td><code>${esc(r.rule)}</code></td><td style="color:${colour[r.result]};font-weight:600">${r.result}</td><td>${esc(r.statement)}</td><td>${
          r.scenarios.length ? r.scenarios.map((s) => `${esc(s.name)} <em>(${esc(s.status)})</em>`).join('<br>') : 'no scenario of this run'
        }</td></tr>`,
    )
    .join('\n');
  return `<section id="so-conformance-rule-coverage" style="font-family:sans-serif;margin:2em;max-width:80em">
<h2>Rule coverage</h2>
<p>${c.touched} of ${c.rules.length} rules exercised by this run${c.untouched.length ? `; untouched: ${c.untouched.map(esc).join(', ')}` : ''}. ${c.observations.length} observation scenario(s).</p>
<table style="border-collapse:collapse" border="1" cellpadding="4">
<thead><tr><th>rule</th><th>result</th><th>statement</th><th>scenarios</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
</section>`;
}
