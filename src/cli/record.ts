/**
 * so-conformance record: runs the @live features (those a tenant can answer: `@live and not
 * @emulated`) against a target, keeps every exchange in order, and writes one scrubbed recording with
 * provenance that `run --target replay --recording` plays back offline. Then it scans the recording,
 * the reports and its own log for every configured secret and every ticket the tenant issued (exit 1
 * on any hit).
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadTargetConfig } from '../config/target-config.ts';
import { optionLines, type OptionDef } from './options.ts';

/** What a replay can play back: a tenant knows nothing of the emulated tenant's fault knobs. */
export const RECORDED_SELECTION = '@live and not @emulated';

export const RECORD_OPTIONS: readonly OptionDef[] = [
  { flag: '--target', value: 'local|live', default: 'live', help: 'local: the emulated tenant started on 127.0.0.1 (no secrets needed)\nlive: the tenant in --config (or $SO_CONFORMANCE_CONFIG), secrets from the environment' },
  { flag: '--config', value: 'FILE', help: 'the target configuration for --target live (instead of $SO_CONFORMANCE_CONFIG)' },
  { flag: '--out', value: 'DIR', default: 'fixtures/recorded', help: 'where the recording (NAME.json) and its log (NAME.log) go' },
  { flag: '--name', value: 'NAME', default: 'TARGET-DATE', help: 'the recording\'s file name, without .json' },
  { flag: '--reports', value: 'DIR', default: 'reports', help: 'where the run\'s reports go; scanned for secrets too' },
  { flag: '--allow-destructive', help: 'the per-run consent for the destructive round trip (the config must allow it too)' },
  { flag: '--allow-production', help: 'the per-run consent for a production host' },
  { flag: '-h, --help', help: 'this text' },
];

const USAGE = `usage: so-conformance record [--target local|live] [--config FILE] [--out DIR] [--name NAME]
                            [--reports DIR] [--allow-destructive] [--allow-production]

Runs the features "${RECORDED_SELECTION}" against the target and writes OUT/NAME.json, which
so-conformance run --target replay --recording OUT/NAME.json replays offline.

${optionLines(RECORD_OPTIONS)}

Exit 0 when every scenario passed and the secret scan is clean; 1 when a scenario failed or a secret
was found; 2 on usage or configuration errors.`;

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      options: {
        target: { type: 'string', default: 'live' },
        config: { type: 'string' },
        out: { type: 'string', default: 'fixtures/recorded' },
        name: { type: 'string' },
        reports: { type: 'string', default: 'reports' },
        'allow-destructive': { type: 'boolean', default: false },
        'allow-production': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`so-conformance record: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  if (args.target !== 'live' && args.target !== 'local') {
    console.error(`so-conformance record: --target must be live or local\n\n${USAGE}`);
    return 2;
  }
  if (args.target === 'live') {
    const path = args.config ?? process.env['SO_CONFORMANCE_CONFIG'];
    if (!path) {
      console.error('so-conformance record: --config FILE (or SO_CONFORMANCE_CONFIG) is required for --target live');
      return 2;
    }
    const loaded = loadTargetConfig(path, process.env);
    if (!loaded.ok) {
      for (const e of loaded.errors) console.error(e);
      return 2;
    }
    // The live hooks read the target and the consents from the environment, like `run` does.
    process.env['SO_CONFORMANCE_CONFIG'] = path;
    if (args['allow-destructive']) process.env['SO_CONFORMANCE_ALLOW_DESTRUCTIVE'] = '1';
    if (args['allow-production']) process.env['SO_CONFORMANCE_ALLOW_PRODUCTION'] = '1';
  }
  const out = resolve(args.out);
  const name = args.name ?? `${args.target}-${new Date().toISOString().slice(0, 10)}`;
  const [{ runFeatures }, { lastRecordedRun }, { scanPaths }, { redact, fragmentHint }] = await Promise.all([
    import('./run.ts'),
    import('../live/record-features.ts'),
    import('../live/record.ts'),
    import('../live/secrets.ts'),
  ]);
  const code = await runFeatures({
    target: args.target,
    profile: 'wsdl',
    tags: undefined,
    reports: args.reports,
    allowEmpty: false,
    baseTags: RECORDED_SELECTION,
    worldParameters: { recordTo: { dir: out, name, selection: RECORDED_SELECTION } },
    command: 'so-conformance record',
  });
  const recorded = lastRecordedRun();
  const lines: string[] = [];
  if (recorded) lines.push(`wrote ${recorded.path} (${recorded.exchanges} exchanges)`, `replay with: so-conformance run --target replay --recording ${recorded.path}`);
  else lines.push('no recording was written (the run did not reach the target)');
  lines.push(`run: ${code === 0 ? 'every scenario passed' : code === 2 ? 'usage error' : 'FAILED'}`);
  const secrets = recorded?.secrets ?? [];
  const log = lines.map((l) => redact(l, secrets));
  mkdirSync(out, { recursive: true });
  const logPath = join(out, `${name}.log`);
  writeFileSync(logPath, `${log.join('\n')}\n`);
  for (const l of log) console.log(l);
  const hits = scanPaths([out, args.reports, logPath], secrets);
  if (hits.length) {
    for (const h of hits) console.error(`SECRET FOUND: ${h.secret} (${h.form}) in ${h.file}`);
    const hint = fragmentHint(hits);
    if (hint) console.error(`hint: ${hint}`);
    console.error(`so-conformance record: the secret scan failed (${hits.length} hit(s)); do not commit ${args.out}`);
    return 1;
  }
  console.log(`secret scan: clean (${secrets.length} secret(s), recording + ${args.reports} + log)`);
  return code;
}
