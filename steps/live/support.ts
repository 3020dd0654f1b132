/**
 * Hooks and per-scenario state of the live suite (cucumber-live.mjs). The default profile also loads
 * steps/**: so nothing here registers a World constructor or does work unless a live profile set
 * `liveTarget` in its world parameters; the live World is attached to cucumber's own World instead.
 */
import { After, AfterAll, Before, BeforeAll, type IWorld } from '@cucumber/cucumber';
import { loadTargetConfig, type TargetConfig } from '../../src/config/target-config.ts';
import { startLocalTarget, type LocalTarget } from '../../src/live/local-target.ts';
import { ObservationLog, type Observation } from '../../src/live/observations.ts';
import { LiveRun, type RunFlags } from '../../src/live/run.ts';
import { redact } from '../../src/live/secrets.ts';
import { ExchangeRecorder, loadRecording, provenanceLine, Replayer, replayTarget } from '../../src/live/replay.ts';
import { writeFeatureRecording } from '../../src/live/record-features.ts';
import { setRunId } from '../../src/live/run.ts';
import { observeSends } from '../../src/live/transport.ts';
import { RunGate } from '../../src/targets/run-gate.ts';
import type { SoapResult } from '../../src/live/soap-client.ts';
import type { DriftReport } from '../../src/live/drift.ts';
import { callVerdictAttachments } from '../../src/live/judge-calls.ts';

export interface LiveParameters {
  liveTarget?: 'local' | 'live' | 'replay';
  observations?: string;
  /** --target replay: the recording file to play back. */
  recording?: string;
  /** so-conformance record: where the recording of this run goes. */
  recordTo?: { dir: string; name: string; selection: string };
}

interface Shared {
  kind: 'local' | 'live' | 'replay';
  config: TargetConfig;
  flags: RunFlags;
  local?: LocalTarget;
  observationsPath: string;
  observations: Observation[];
  ticket?: string;
  associateId?: number;
  netServerVersion?: string;
  /** --target replay: where the answers come from, shown in every scenario. */
  replay?: { replayer: Replayer; provenance: string };
}

let shared: Shared | undefined;

/** What one live scenario holds: its run, the last response, the ids it created. */
export class LiveWorld {
  run: LiveRun;
  last?: SoapResult;
  lastError?: unknown;
  lastMs?: number;
  sessions: number[] = [];
  drift?: DriftReport;
  scenario = '';
  constructor(readonly target: Shared) {
    this.run = new LiveRun(target.config, target.flags);
    // One login per test run: later scenarios reuse the ticket.
    if (target.ticket) {
      this.run.ticket = target.ticket;
      this.run.associateId = target.associateId;
    }
  }
  get local(): LocalTarget {
    if (!this.target.local) throw new Error('this step needs the emulated tenant (profile "local")');
    return this.target.local;
  }
  /** Keeps a response and records it as an observation of this scenario. */
  keep(label: string, r: SoapResult, note?: string): SoapResult {
    this.last = r;
    this.lastError = undefined;
    this.run.observe(label, r, this.scenario, note);
    return r;
  }
}

const worlds = new WeakMap<object, LiveWorld>();

export function live(world: IWorld): LiveWorld {
  const w = worlds.get(world);
  if (!w) throw new Error('live steps run only under cucumber-live.mjs (profile "local" or "live")');
  return w;
}

/**
 * Per-definition timeout for live steps and hooks. Not setDefaultTimeout: the default profile loads
 * these files too, and its steps must keep their own limit.
 */
export const STEP = { timeout: 180_000 } as const;

function flag(name: string): boolean {
  return /^(1|true|yes)$/i.test(process.env[name] ?? '');
}

const gate = new RunGate();
let recorder: { rec: ExchangeRecorder; to: NonNullable<LiveParameters['recordTo']> } | undefined;

// Never throws: a target that cannot be used fails every scenario with the cause (RunGate), so the
// reports are complete and name it.
BeforeAll(STEP, async function () {
  const p = this.parameters as LiveParameters;
  if (!p.liveTarget) return;
  try {
    shared = await openTarget(p);
  } catch (e) {
    gate.close((e as Error).message);
    return;
  }
  if (p.recordTo) {
    recorder = { rec: new ExchangeRecorder(), to: p.recordTo };
    observeSends(recorder.rec.observe);
  }
  // A replay probes too: the recording starts with the probe's GetSystemInfo.
  await probe(shared);
});

async function openTarget(p: LiveParameters): Promise<Shared> {
  const observationsPath = p.observations ?? 'reports/observations.json';
  if (p.liveTarget === 'replay') {
    const loaded = loadRecording(p.recording ?? '');
    if (!loaded.ok) throw new Error(loaded.message);
    setRunId(loaded.recording.replay.runId);
    const { default: nock } = await import('nock');
    const replayer = new Replayer(loaded.recording, nock);
    replayer.install();
    const { config, flags } = replayTarget(loaded.recording.replay);
    return { kind: 'replay', config, flags, observationsPath, observations: [], replay: { replayer, provenance: provenanceLine(p.recording!, loaded.recording) } };
  }
  if (p.liveTarget === 'local') {
    // Fixed secrets only when a test asks (it then scans the reports for them); random otherwise.
    const local = await startLocalTarget({
      secrets: { password: process.env['SO_CONFORMANCE_LOCAL_PASSWORD'], applicationToken: process.env['SO_CONFORMANCE_LOCAL_APPLICATION_TOKEN'] },
    });
    return { kind: 'local', config: local.config, flags: local.flags, local, observationsPath, observations: [] };
  }
  const path = process.env['SO_CONFORMANCE_CONFIG'];
  if (!path) throw new Error('profile "live" needs SO_CONFORMANCE_CONFIG=path/to/target.json (secrets in SO_APPLICATION_TOKEN, SO_TICKET or SO_PASSWORD)');
  const loaded = loadTargetConfig(path, process.env);
  if (!loaded.ok) throw new Error(`refusing to run against a live tenant: ${loaded.errors.join('; ')}`);
  return {
    kind: 'live',
    config: loaded.config,
    flags: { allowDestructiveFlag: flag('SO_CONFORMANCE_ALLOW_DESTRUCTIVE'), allowProductionFlag: flag('SO_CONFORMANCE_ALLOW_PRODUCTION') },
    observationsPath,
    observations: [],
  };
}

/**
 * GetSystemInfo before anything else: a tenant that is unreachable, refused (production without
 * consent) or does not serve the version closes the gate with one clear sentence; every scenario
 * then fails with it.
 */
async function probe(s: Shared): Promise<void> {
  const run = new LiveRun(s.config, s.flags);
  try {
    s.netServerVersion = (await run.reach()).version;
  } catch (e) {
    gate.close(`the tenant at ${s.config.baseUrl.host} is not usable: ${(e as Error).message}`);
  }
}

Before({ tags: '@live', ...STEP }, async function (this: IWorld, { pickle }) {
  gate.check();
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentence, not a stack
  if (!shared) throw 'no live target: run with so-conformance run --target local|live|replay';
  if (shared.replay) this.log(shared.replay.provenance);
  const w = new LiveWorld(shared);
  w.scenario = pickle.name;
  worlds.set(this, w);
  const why = w.run.refusal(false);
  if (why) throw new Error(`refused: ${why}`);
});

Before({ tags: '@emulated' }, function (this: IWorld) {
  if (shared?.kind !== 'local') return 'skipped';
  return undefined;
});

// Destructive scenarios need consent twice (config + per-run flag); without it they are skipped, said why.
Before({ tags: '@destructive' }, function (this: IWorld) {
  const w = worlds.get(this);
  const why = w?.run.refusal(true);
  if (why) {
    this.log(`skipped: ${why}`);
    return 'skipped';
  }
  return undefined;
});

After({ tags: '@live', ...STEP }, async function (this: IWorld, { result }) {
  const w = worlds.get(this);
  if (!w || !shared) return;
  // A failed scenario is evidence too: what went wrong goes into observations.json (redacted).
  if (result?.status === 'FAILED') w.run.observations.fromError('scenario failed', new Error((result.message ?? '').split('\n')[0] ?? ''), { scenario: w.scenario });
  const problems = await w.run.cleanup();
  if (w.run.ticket && !shared.ticket) {
    shared.ticket = w.run.ticket;
    shared.associateId = w.run.associateId;
  }
  const items = w.run.observations.items;
  shared.observations.push(...items);
  if (items.length) {
    this.attach(`Observations (what the tenant did)\n${ObservationLog.summary(items)}`, { mediaType: 'text/plain', fileName: 'observations.txt' });
    this.attach(JSON.stringify(items, null, 2), { mediaType: 'application/json', fileName: 'observations.json' });
  }
  for (const a of callVerdictAttachments(w.run.exchanges, w.run.config.servicesVersion, w.run.secrets())) this.attach(a.body, { mediaType: a.mediaType, fileName: a.fileName });
  if (problems.length) throw new Error(`cleanup did not finish:\n${redact(problems.join('\n'), w.run.secrets())}`);
});

AfterAll(STEP, async function () {
  if (!shared) return;
  const s = shared;
  shared = undefined;
  const log = new ObservationLog();
  log.items.push(...s.observations);
  const host = s.config.online ? s.config.baseUrl.hostname : s.kind === 'local' ? 'emulated tenant (127.0.0.1)' : s.config.baseUrl.hostname;
  log.write(s.observationsPath, { target: s.kind, host, servicesVersion: s.config.servicesVersion });
  if (recorder) writeFeatureRecording({ ...s, destructive: new LiveRun(s.config, s.flags).refusal(true) === undefined }, recorder.rec, recorder.to);
  observeSends(undefined);
  recorder = undefined;
  if (s.replay) {
    const unused = s.replay.replayer.unused();
    if (unused.length) process.stderr.write(`replay: ${unused.length} recorded exchange(s) were not asked for (first: ${unused[0]!.label}); the features now send less than when recorded\n`);
    s.replay.replayer.uninstall();
  }
  await s.local?.tenant.close();
});

// Defined after the @live After hook so it runs before it (cucumber runs After hooks in reverse):
// the cleanup calls then reach a healthy tenant again.
After({ tags: '@emulated' }, function () {
  const t = shared?.local?.tenant;
  if (!t) return;
  for (const k of Object.keys(t.faults)) delete (t.faults as Record<string, unknown>)[k];
  delete t.options.alterCustomerServiceWsdl;
});
