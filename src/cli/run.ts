/**
 * so-conformance run: runs the Gherkin features with cucumber-js's API (loadConfiguration,
 * loadSources, runCucumber) in this process, against a target, and leaves reports/cucumber.html,
 * reports/junit.xml, reports/cucumber.json and reports/coverage.json behind: complete and valid even
 * when the run fails early (an unreachable tenant, a failed login, a hook error, SIGINT/SIGTERM).
 * Usage mistakes (a bad --tags expression, a rule tag that names no rule, a selection of no
 * scenario) are caught before cucumber starts and exit 2.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join, relative, resolve } from 'node:path';
import type { IConfiguration } from '@cucumber/cucumber/api';
import { isProfileId, type ProfileId } from '../contract/profiles.ts';
import { loadTargetConfig } from '../config/target-config.ts';
import { optionLines, type OptionDef } from './options.ts';
import { parseTagExpression, unknownRuleTags } from './tags.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TARGETS = ['fixtures', 'live', 'local', 'replay'] as const;
export type RunTarget = (typeof TARGETS)[number];

export const RUN_OPTIONS: readonly OptionDef[] = [
  {
    flag: '--target',
    value: 'fixtures|local|live|replay',
    default: 'fixtures',
    help:
      'fixtures: the offline features against constructed fixtures replayed by nock, no network\n' +
      'local: the @live features (destructive round trip included) against the emulated tenant on 127.0.0.1\n' +
      'live: the @live features against the tenant in $SO_CONFORMANCE_CONFIG, secrets from the environment\n' +
      'replay: the @live features offline against a recording made by `so-conformance record` (--recording)',
  },
  { flag: '--recording', value: 'FILE|DIR', help: 'the recording --target replay plays back: a file `record` wrote, or its directory (the newest recording in it)' },
  { flag: '--profile', value: 'wsdl|soap12', default: 'wsdl', help: 'the profile of every scenario that does not name one (--target fixtures only)' },
  { flag: '--tags', value: 'EXPRESSION', help: 'a cucumber tag expression, e.g. "@IDS-004" or "@documentation and not @IDS-009", ANDed with the target\'s own selection; checked before the run' },
  { flag: '--allow-empty', help: 'a selection of no scenario exits 0 instead of 2' },
  { flag: '--reports', value: 'DIR', default: 'reports', help: 'where cucumber.html, junit.xml, cucumber.json and coverage.json are written' },
  { flag: '-h, --help', help: 'this text' },
];

const USAGE = `usage: so-conformance run [--target fixtures|local|live|replay] [--recording FILE|DIR] [--profile wsdl|soap12]
                         [--tags EXPRESSION] [--allow-empty] [--reports DIR]

Runs the Gherkin features and writes cucumber.html, junit.xml, cucumber.json and coverage.json to
the reports directory, complete even when the run fails.

${optionLines(RUN_OPTIONS)}

Exit status: 0 when every selected scenario passed, 1 when any failed or the run could not finish
(the cause is the last line on stderr), 2 on usage errors (a bad --tags expression, a rule tag that
names no rule, no scenario selected).`;

export interface RunOptions {
  target: RunTarget;
  profile: ProfileId;
  tags: string | undefined;
  recording: string | undefined;
  reports: string;
  allowEmpty: boolean;
}

export function parseRunArgs(argv: string[]): RunOptions | { usage: string; help?: boolean } {
  const o: RunOptions = { target: 'fixtures', profile: 'wsdl', tags: undefined, recording: undefined, reports: 'reports', allowEmpty: false };
  let profileGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') return { usage: USAGE, help: true };
    if (flag === '--target') {
      const v = value();
      if (!TARGETS.includes(v as RunTarget)) return { usage: `--target must be ${TARGETS.join(', ')}, not ${v ?? '(nothing)'}\n\n${USAGE}` };
      o.target = v as RunTarget;
    } else if (flag === '--profile') {
      const v = value();
      if (!v || !isProfileId(v)) return { usage: `--profile must be wsdl or soap12, not ${v ?? '(nothing)'}\n\n${USAGE}` };
      o.profile = v;
      profileGiven = true;
    } else if (flag === '--tags') {
      const v = value();
      if (!v) return { usage: `--tags needs an expression\n\n${USAGE}` };
      o.tags = v;
    } else if (flag === '--recording') {
      const v = value();
      if (!v) return { usage: `--recording needs a file or directory\n\n${USAGE}` };
      o.recording = v;
    } else if (flag === '--reports') {
      const v = value();
      if (!v) return { usage: `--reports needs a directory\n\n${USAGE}` };
      o.reports = v;
    } else if (flag === '--allow-empty' && inline === undefined) {
      o.allowEmpty = true;
    } else {
      return { usage: `unknown argument ${a}\n\n${USAGE}` };
    }
  }
  if (o.target !== 'fixtures' && profileGiven && o.profile !== 'wsdl') return { usage: `--profile ${o.profile} applies to --target fixtures only; tenants serve the WSDL's SOAP 1.1 binding\n\n${USAGE}` };
  if (o.target === 'replay' && !o.recording) return { usage: `--target replay needs --recording FILE|DIR (what \`so-conformance record\` wrote)\n\n${USAGE}` };
  if (o.target !== 'replay' && o.recording) return { usage: `--recording applies to --target replay only\n\n${USAGE}` };
  return o;
}

/** The cucumber configuration of a target: the profile of cucumber.mjs / cucumber-live.mjs it runs. */
async function profileOf(o: { target: RunTarget; profile: ProfileId }, recording: string | undefined): Promise<Record<string, unknown>> {
  if (o.target === 'fixtures') {
    const m = (await import(pathToFileURL(join(ROOT, 'cucumber.mjs')).href)) as { default: Record<string, unknown> };
    return { ...m.default, worldParameters: { target: 'fixtures', profile: o.profile } };
  }
  const m = (await import(pathToFileURL(join(ROOT, 'cucumber-live.mjs')).href)) as Record<string, Record<string, unknown>>;
  const p = m[o.target]!;
  return o.target === 'replay' ? { ...p, worldParameters: { ...(p['worldParameters'] as object), recording } } : p;
}

/** A path as the user would type it: relative to the working directory when under it. */
function shown(path: string): string {
  const r = relative(process.cwd(), path);
  return r && !r.startsWith('..') ? r : path;
}

function fail(message: string, code: 1 | 2): number {
  console.error(`so-conformance run: ${message}`);
  return code;
}

export async function main(argv: string[]): Promise<number> {
  const o = parseRunArgs(argv);
  if ('usage' in o) {
    (o.help ? console.log : console.error)(o.usage);
    return o.help ? 0 : 2;
  }
  if (o.tags !== undefined) {
    const parsed = parseTagExpression(o.tags);
    if (!parsed.ok) return fail(parsed.message, 2);
    const { rules } = await import('../contract/catalogue.ts');
    const unknown = unknownRuleTags(parsed.tags, rules.map((r) => r.id));
    if (unknown.length) return fail(unknown.join('\n'), 2);
  }
  if (o.target === 'live') {
    // Configuration mistakes are the user's, not a crash: say them before cucumber starts.
    const path = process.env['SO_CONFORMANCE_CONFIG'];
    if (!path) return fail('--target live needs SO_CONFORMANCE_CONFIG=path/to/target.json (secrets in SO_APPLICATION_TOKEN, SO_TICKET or SO_PASSWORD)', 2);
    const config = loadTargetConfig(path);
    if (!config.ok) return fail(`the target configuration is not usable:\n  ${config.errors.join('\n  ')}`, 2);
  }
  let recording: string | undefined;
  if (o.target === 'replay') {
    const { findRecording } = await import('../live/replay.ts');
    const found = findRecording(resolve(o.recording!));
    if (!found.ok) return fail(found.message, 2);
    recording = found.path;
  }
  return runFeatures({ target: o.target, profile: o.profile, tags: o.tags, reports: o.reports, allowEmpty: o.allowEmpty, recording });
}

/** One run of the features through cucumber's API; `record` uses it too (with its own world parameters). */
export interface FeatureRun {
  target: RunTarget;
  profile: ProfileId;
  tags: string | undefined;
  reports: string;
  allowEmpty: boolean;
  recording?: string;
  /** Replaces the target's own tag selection (record runs what a replay can play back). */
  baseTags?: string;
  /** Added to the target's world parameters. */
  worldParameters?: Record<string, unknown>;
  /** The command in messages: "so-conformance run". */
  command?: string;
}

export async function runFeatures(o: FeatureRun): Promise<number> {
  const command = o.command ?? 'so-conformance run';
  const fail = (message: string, code: 1 | 2) => {
    console.error(`${command}: ${message}`);
    return code;
  };
  const recording = o.recording;
  if (!existsSync(join(ROOT, 'node_modules', '@cucumber', 'cucumber'))) return fail('@cucumber/cucumber is not installed; run npm install first', 2);

  const [{ loadConfiguration, loadSources, runCucumber }, { RunResults }, artifacts, { ruleCoverage, coverageHtml }, { interrupt }] = await Promise.all([
    import('@cucumber/cucumber/api'),
    import('../report/run-results.ts'),
    import('../report/artifacts.ts'),
    import('../report/coverage.ts'),
    import('../transport/interrupt.ts'),
  ]);

  const dir = resolve(o.reports);
  const files = {
    html: join(dir, 'cucumber.html'),
    junit: join(dir, 'junit.xml'),
    json: join(dir, 'cucumber.json'),
  };
  const coveragePath = join(dir, 'coverage.json');
  const target = await profileOf(o, recording);
  const live = o.target !== 'fixtures';
  // The live suite's observations go with the other reports.
  const observationsPath = join(resolve(o.reports), 'observations.json');
  const profile: Record<string, unknown> = { ...target, worldParameters: { ...(target['worldParameters'] as object), ...(live ? { observations: observationsPath } : {}), ...o.worldParameters } };
  const baseTags = o.baseTags ?? (profile['tags'] as string);
  const tags = o.tags ? `(${baseTags}) and (${o.tags})` : baseTags;
  const provided = {
    ...profile,
    tags,
    format: [process.stdout.isTTY ? 'progress-bar' : 'progress', `html:${files.html}`, `junit:${files.junit}`, `json:${files.json}`],
  };
  const environment = { cwd: ROOT, stdout: process.stdout, stderr: process.stderr, env: process.env };
  const { runConfiguration } = await loadConfiguration({ file: false, provided: provided as Partial<IConfiguration> }, environment);

  // No accidental green: a selection of nothing is a usage error unless asked for.
  const plan = await loadSources(runConfiguration.sources, environment);
  if (plan.errors.length) return fail(`the features do not parse: ${plan.errors.map((e) => `${e.uri}: ${e.message}`).join('; ')}`, 2);
  const selected = plan.plan.length;
  if (selected === 0 && !o.allowEmpty) return fail(`no scenario matches ${o.tags ? `--tags "${o.tags}"` : 'the selection'} for --target ${o.target} (selection: ${tags}); use --allow-empty if that is intended`, 2);

  mkdirSync(dir, { recursive: true });
  // Only what this run writes is listed at the end: no report of an earlier run survives it.
  for (const f of [...Object.values(files), coveragePath, observationsPath]) rmSync(f, { force: true });
  const results = new RunResults();
  const started = performance.now();

  let finalize: ((cause: string) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    const reason = `run interrupted by ${signal}`;
    if (finalize) {
      // A second signal, or cucumber did not wind down in time: write what is known and leave.
      finalize(reason);
      process.exit(1);
    }
    finalize = () => undefined;
    interrupt(reason);
    results.runFailure ??= reason;
    const timer = setTimeout(() => onSignal(signal), 15_000);
    timer.unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // Printed once the signal handlers are in place: from here on an interrupted run still reports.
  console.log(`${command}: target ${o.target}, profile ${o.profile}${o.tags ? `, tags ${o.tags}` : ''}, ${selected} scenario(s)`);

  let success = false;
  let crash: string | undefined;
  try {
    const r = await runCucumber(runConfiguration, environment, results.onMessage);
    success = r.success;
  } catch (e) {
    // A BeforeAll/AfterAll hook threw: cucumber stops without finishing its formatters.
    const { firstLine } = await import('../report/run-results.ts');
    const err = e as Error & { cause?: unknown };
    crash = firstLine(err.cause instanceof Error ? err.cause.message : err.message);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  const cause = crash ?? results.runFailure ?? (success ? undefined : results.cause() ?? 'the run failed');
  const failed = !success || cause !== undefined;
  const written: string[] = [];
  const writeAll = (why: string | undefined) => {
    for (const [kind, path] of Object.entries(files) as [keyof typeof files, string][]) {
      const problem = artifacts.artifactProblem({ kind, path });
      if (problem) artifacts.writeFallback({ kind, path }, { cause: why ?? `the ${kind} report was ${problem}`, scenarios: results.scenarios(), title: `${command} --target ${o.target}` });
    }
  };
  finalize = (why) => writeAll(why);
  writeAll(cause);
  const coverage = ruleCoverage(results.scenarios());
  writeFileSync(coveragePath, `${JSON.stringify({ target: o.target, ...(recording ? { recording: shown(recording) } : {}), ...coverage }, null, 2)}\n`);
  artifacts.appendToHtml(files.html, coverageHtml(coverage));
  const extra: [keyof typeof files, string][] = [['json', coveragePath], ...(live && existsSync(observationsPath) ? [['json', observationsPath] as [keyof typeof files, string]] : [])];
  for (const [kind, path] of [...Object.entries(files), ...extra] as [keyof typeof files, string][]) {
    if (!artifacts.artifactProblem({ kind, path })) written.push(shown(path));
  }

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const counts = results.scenarios().reduce<Record<string, number>>((m, s) => ((m[s.status] = (m[s.status] ?? 0) + 1), m), {});
  const tally = Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ') || 'no scenario ran';
  console.log(`\n${command}: ${failed ? 'FAILED' : 'all scenarios passed'} in ${seconds} s (${tally}); rule coverage ${coverage.touched}/${coverage.rules.length}`);
  if (failed) console.error(`${command}: FAILED: ${cause}`);
  console.log(`reports: ${written.join(', ')}`);
  return failed ? 1 : 0;
}
