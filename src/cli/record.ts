/**
 * so-conformance record: runs the live flow against a target and writes scrubbed nock fixtures with
 * provenance, then scans fixtures, reports and its own log for secrets (exit 1 on any hit).
 */
import { parseArgs } from 'node:util';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTargetConfig } from '../config/target-config.ts';
import { startLocalTarget, type LocalTarget } from '../live/local-target.ts';
import { buildRecording, recordFlow, scanPaths, writeRecording } from '../live/record.ts';
import { LiveRun } from '../live/run.ts';
import { redact } from '../live/secrets.ts';
import { LiveError } from '../live/transport.ts';

const USAGE = `usage: so-conformance record [--target live|local] [--config FILE] [--out DIR] [--name NAME]
                            [--reports DIR] [--allow-destructive] [--allow-production]

  --target local   record against the emulated tenant started on 127.0.0.1 (no secrets needed)
  --target live    record against the tenant in --config (or $SO_CONFORMANCE_CONFIG); secrets from
                   the environment (SO_APPLICATION_TOKEN, SO_TICKET or SO_PASSWORD)
  --out DIR        where fixtures go (default fixtures/recorded)
  --reports DIR    also scanned for secrets after recording (default reports)

Exit 0 when recorded and the secret scan is clean; 1 when the flow failed or a secret was found;
2 on usage or configuration errors.`;

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

  let local: LocalTarget | undefined;
  let run: LiveRun;
  let customerId: string | undefined;
  let recordedFrom: string;
  if (args.target === 'local') {
    local = await startLocalTarget();
    run = new LiveRun(local.config, local.flags, local.env);
    customerId = new URL(local.tenant.url).pathname.split('/').filter(Boolean)[0];
    recordedFrom = 'the so-conformance emulated tenant (127.0.0.1), NOT a SuperOffice tenant';
  } else {
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
    run = new LiveRun(loaded.config, { allowDestructiveFlag: args['allow-destructive'], allowProductionFlag: args['allow-production'] });
    customerId = loaded.config.online?.customerId;
    recordedFrom = `${loaded.config.baseUrl.hostname}`;
  }

  const name = args.name ?? `${args.target}-${new Date().toISOString().slice(0, 10)}`;
  const logLines: string[] = [];
  // Every line is redacted before it is printed or kept: the log file is scanned like the fixtures.
  const log = (line: string) => {
    const safe = redact(line, run.secrets());
    logLines.push(safe);
    console.log(safe);
  };
  let failed = false;
  let fixturePath: string | undefined;
  let scanSecrets = run.secrets();
  try {
    const verdicts = await recordFlow(run, log);
    const { recording, discovered } = buildRecording(run, verdicts, { customerId, recordedFrom });
    fixturePath = writeRecording(args.out, name, recording);
    log(`wrote ${fixturePath} (${recording.interceptors.length} interceptors, NetServer ${recording.provenance.netServerVersion ?? 'version unknown'})`);
    // Tickets the tenant issued during the run are secrets too.
    scanSecrets = [...run.secrets(), ...discovered];
  } catch (e) {
    failed = true;
    log(`record failed: ${e instanceof LiveError ? `${e.kind}: ${e.message}` : (e as Error).message}`);
    scanSecrets = run.secrets();
  } finally {
    await local?.tenant.close();
  }
  mkdirSync(args.out, { recursive: true });
  const logPath = join(args.out, `${name}.log`);
  writeFileSync(logPath, logLines.join('\n') + '\n');
  const hits = scanPaths([args.out, args.reports, logPath], scanSecrets);
  if (hits.length) {
    for (const h of hits) console.error(`SECRET FOUND: ${h.secret} (${h.form}) in ${h.file}`);
    console.error(`so-conformance record: the secret scan failed (${hits.length} hit(s)); do not commit ${args.out}`);
    return 1;
  }
  console.log(`secret scan: clean (${scanSecrets.length} secret(s), fixtures + ${args.reports} + log)`);
  return failed ? 1 : 0;
}
