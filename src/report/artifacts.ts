/**
 * The files a run leaves must be complete even when the run was not: after cucumber returns (or
 * fails to), each report is checked (JSON parses, JUnit is a well-formed testsuite, the HTML page is
 * whole), and any that is not is written again from the run's message stream, with the cause as a
 * failed test case. A CI job that uploads them then shows why the run failed instead of a blank page.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseXml } from '../xml/parse.ts';
import { esc } from '../xml/writer.ts';
import type { ScenarioResult } from './run-results.ts';

export type ArtifactKind = 'html' | 'junit' | 'json';

export interface Artifact {
  kind: ArtifactKind;
  path: string;
}

/** Why a report file is not usable, or undefined when it is. */
export function artifactProblem(a: Artifact): string | undefined {
  if (!existsSync(a.path)) return 'missing';
  const text = readFileSync(a.path, 'utf8');
  if (!text.trim()) return 'empty';
  if (a.kind === 'json') {
    try {
      JSON.parse(text);
      return undefined;
    } catch (e) {
      return `not JSON: ${(e as Error).message}`;
    }
  }
  if (a.kind === 'junit') {
    const r = parseXml(text);
    if (!r.ok) return `not well-formed XML: ${r.problems[0]?.message ?? 'unreadable'}`;
    return r.doc.root.local === 'testsuite' || r.doc.root.local === 'testsuites' ? undefined : `root is <${r.doc.root.local}>, not <testsuite>`;
  }
  return /<\/html>\s*$/i.test(text) ? undefined : 'the page stops before </html>';
}

interface FallbackInput {
  cause: string;
  scenarios: readonly ScenarioResult[];
  title: string;
}

/** Scenarios that ran, then the cause as one failed case of its own. */
function cases(f: FallbackInput): ScenarioResult[] {
  return [...f.scenarios, { name: `so-conformance run: ${f.cause}`, uri: '(run)', tags: [], status: 'failed', message: f.cause }];
}

function junit(f: FallbackInput): string {
  const all = cases(f);
  const failed = all.filter((s) => s.status === 'failed').length;
  const skipped = all.filter((s) => s.status !== 'failed' && s.status !== 'passed').length;
  const body = all
    .map((s) => {
      const inner = s.status === 'failed' ? `<failure type="failed" message="${esc(s.message ?? 'failed')}">${esc(s.message ?? 'failed')}</failure>` : s.status === 'passed' ? '' : '<skipped/>';
      return `  <testcase classname="${esc(s.uri)}" name="${esc(s.name)}" time="0">${inner}</testcase>`;
    })
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${esc(f.title)}" tests="${all.length}" failures="${failed}" skipped="${skipped}" errors="0" time="0">\n${body}\n</testsuite>\n`;
}

function json(f: FallbackInput): string {
  const elements = cases(f).map((s, i) => ({
    id: `run;${i}`,
    keyword: 'Scenario',
    name: s.name,
    type: 'scenario',
    tags: s.tags.map((name) => ({ name })),
    steps: [{ keyword: '', name: s.name, result: { status: s.status, ...(s.message ? { error_message: s.message } : {}) } }],
  }));
  return `${JSON.stringify([{ id: 'so-conformance-run', uri: '(run)', keyword: 'Feature', name: f.title, elements }], null, 2)}\n`;
}

function html(f: FallbackInput): string {
  const rows = cases(f)
    .map((s) => `<tr><td>${esc(s.status)}</td><td>${esc(s.name)}</td><td>${esc(s.message ?? '')}</td></tr>`)
    .join('\n');
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${esc(f.title)}: FAILED</title></head>
<body style="font-family:sans-serif;margin:2em">
<h1>${esc(f.title)}: FAILED</h1>
<p id="cause" style="color:#cf222e;font-weight:600">${esc(f.cause)}</p>
<table border="1" cellpadding="4" style="border-collapse:collapse"><thead><tr><th>status</th><th>scenario</th><th>cause</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

/** Writes the report again from what is known; used only when the original is not usable. */
export function writeFallback(a: Artifact, f: FallbackInput): void {
  mkdirSync(dirname(a.path), { recursive: true });
  writeFileSync(a.path, a.kind === 'junit' ? junit(f) : a.kind === 'json' ? json(f) : html(f));
}

/** Appends a section before the closing tags of an HTML page (the coverage table). */
export function appendToHtml(path: string, section: string): void {
  const text = readFileSync(path, 'utf8');
  const at = text.search(/<\/body>\s*<\/html>\s*$/i);
  writeFileSync(path, at >= 0 ? `${text.slice(0, at)}${section}\n${text.slice(at)}` : `${text}\n${section}\n`);
}
