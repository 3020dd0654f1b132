/**
 * so-conformance run: runs the Gherkin features with cucumber-js (the `default` profile of
 * cucumber.mjs) against a target, and leaves reports/cucumber.html, reports/junit.xml and
 * reports/cucumber.json behind. cucumber runs as a child process so its exit code, progress output
 * and report writing are exactly those of `cucumber-js --profile default`.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { isProfileId, type ProfileId } from '../contract/profiles.ts';
import { loadTargetConfig } from '../config/target-config.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REPORTS = ['reports/cucumber.html', 'reports/junit.xml', 'reports/cucumber.json'];
const REPORT_FORMATS = ['html:reports/cucumber.html', 'junit:reports/junit.xml', 'json:reports/cucumber.json'];

const USAGE = `usage: so-conformance run [--target fixtures|live|local] [--profile wsdl|soap12] [--tags EXPRESSION]

Runs the Gherkin features and writes ${REPORTS.join(', ')}.

  --target   fixtures (default): constructed fixtures replayed by nock, no network
             local: the @live features (destructive round trip included) against the emulated tenant
             started on 127.0.0.1
             live: the @live features against the tenant in $SO_CONFORMANCE_CONFIG, secrets from the
             environment (see README, "Running against your staging tenant")
  --profile  wsdl (default): SOAP 1.1 as the WSDL binds it; soap12: the same contract in SOAP 1.2.
             The default profile of every scenario that does not name one.
  --tags     a cucumber tag expression, e.g. "@IDS-004" or "@documentation"; ANDed with "not @live and not @clients" (the real-client matrix runs with npm run test:clients)

Exit status: 0 when every scenario passed, 1 when any failed, 2 on usage errors.`;

export interface RunOptions {
  target: 'fixtures' | 'live' | 'local';
  profile: ProfileId;
  tags: string | undefined;
}

export function parseRunArgs(argv: string[]): RunOptions | { usage: string; help?: boolean } {
  const o: RunOptions = { target: 'fixtures', profile: 'wsdl', tags: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--help' || flag === '-h') return { usage: USAGE, help: true };
    if (flag === '--target') {
      const v = value();
      if (v !== 'fixtures' && v !== 'live' && v !== 'local') return { usage: `--target must be fixtures, live or local, not ${v ?? '(nothing)'}\n\n${USAGE}` };
      o.target = v;
    } else if (flag === '--profile') {
      const v = value();
      if (!v || !isProfileId(v)) return { usage: `--profile must be wsdl or soap12, not ${v ?? '(nothing)'}\n\n${USAGE}` };
      o.profile = v;
    } else if (flag === '--tags') {
      const v = value();
      if (!v) return { usage: `--tags needs an expression\n\n${USAGE}` };
      o.tags = v;
    } else {
      return { usage: `unknown argument ${a}\n\n${USAGE}` };
    }
  }
  return o;
}

export async function main(argv: string[]): Promise<number> {
  const o = parseRunArgs(argv);
  if ('usage' in o) {
    (o.help ? console.log : console.error)(o.usage);
    return o.help ? 0 : 2;
  }
  if (o.target !== 'fixtures' && o.profile !== 'wsdl') {
    console.error(`so-conformance run: --profile ${o.profile} applies to --target fixtures only; tenants serve the WSDL's SOAP 1.1 binding`);
    return 2;
  }
  if (o.target === 'live') {
    // Configuration mistakes are the user's, not a crash: say them before cucumber starts.
    const path = process.env['SO_CONFORMANCE_CONFIG'];
    if (!path) {
      console.error('so-conformance run: --target live needs SO_CONFORMANCE_CONFIG=path/to/target.json (secrets in SO_APPLICATION_TOKEN, SO_TICKET or SO_PASSWORD)');
      return 2;
    }
    const config = loadTargetConfig(path);
    if (!config.ok) {
      console.error(`so-conformance run: the target configuration is not usable:\n  ${config.errors.join('\n  ')}`);
      return 2;
    }
  }
  const bin = join(ROOT, 'node_modules', '@cucumber', 'cucumber', 'bin', 'cucumber.js');
  if (!existsSync(bin)) {
    console.error('so-conformance run: @cucumber/cucumber is not installed; run npm install first');
    return 2;
  }
  // local and live run the @live features (cucumber-live.mjs: emulated tenant, or the tenant named by
  // SO_CONFORMANCE_CONFIG); the extra formats keep DESIGN §6's report names for every target.
  const args =
    o.target === 'fixtures'
      ? [bin, '--profile', 'default', '--world-parameters', JSON.stringify({ target: o.target, profile: o.profile })]
      : [bin, '--config', 'cucumber-live.mjs', '--profile', o.target, ...REPORT_FORMATS.flatMap((f) => ['--format', f])];
  if (o.tags) args.push('--tags', o.tags);
  console.log(`so-conformance run: target ${o.target}, profile ${o.profile}${o.tags ? `, tags ${o.tags}` : ''}`);
  const started = performance.now();
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', (e) => {
      console.error(`so-conformance run: could not start cucumber-js: ${e.message}`);
      resolve(2);
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const written = REPORTS.filter((r) => existsSync(join(ROOT, r)));
  console.log(`\nso-conformance run: ${code === 0 ? 'all scenarios passed' : 'FAILED'} in ${seconds} s`);
  if (written.length) console.log(`reports: ${written.join(', ')}`);
  if (written.length < REPORTS.length) console.error(`missing reports: ${REPORTS.filter((r) => !written.includes(r)).join(', ')}`);
  return code === 0 ? 0 : code === 2 ? 2 : 1;
}
