/**
 * The end of a recorded run of the @live features: the exchanges `send` saw, scrubbed by record.ts,
 * written by its writer with provenance, plus the replay section `run --target replay` needs. The
 * tickets the tenant issued are handed back so `record` scans for them too.
 */
import type { TargetConfig } from '../config/target-config.ts';
import { PLACEHOLDERS, writeRecording } from './record.ts';
import type { ExchangeRecorder, FeatureRecording, ReplayInfo } from './replay.ts';
import type { ServicesVersion } from '../contract/namespaces.ts';
import { currentRunId } from './run.ts';
import type { NamedSecret } from './secrets.ts';

export interface RecordedRun {
  path: string;
  exchanges: number;
  /** The configured secrets and the tickets the tenant issued: what the secret scan looks for. */
  secrets: NamedSecret[];
}

// `record` runs the features in-process and reads this afterwards; kept on globalThis because the
// step definitions may be another instance of this module than the command's.
const KEY = Symbol.for('so-conformance.lastRecordedRun');
const holder = globalThis as { [KEY]?: RecordedRun };

export function lastRecordedRun(): RecordedRun | undefined {
  return holder[KEY];
}

/** What the recorded run was, before the customer id is hidden. */
export interface RecordedRunFacts {
  baseUrl: URL;
  servicesVersion: ServicesVersion;
  userName: string | undefined;
  secrets: ReplayInfo['secrets'];
  runId: string;
  destructive: boolean;
  selection: string;
}

/**
 * The replay section of a recording: what `run --target replay` needs to send the same bytes again.
 * `record` knows these facts from its configuration; `proxy --record` infers them from the traffic.
 */
export function replayInfo(f: RecordedRunFacts, customerId: string | undefined): ReplayInfo {
  const hide = (t: string) => (customerId ? t.split(customerId).join(PLACEHOLDERS.customerId) : t);
  return {
    baseUrl: hide(f.baseUrl.href),
    runId: f.runId,
    servicesVersion: f.servicesVersion,
    ...(f.userName !== undefined ? { userName: f.userName } : {}),
    secrets: f.secrets,
    destructive: f.destructive,
    selection: f.selection,
  };
}

export function writeFeatureRecording(
  s: { kind: 'local' | 'live' | 'replay'; config: TargetConfig; netServerVersion?: string; destructive: boolean },
  rec: ExchangeRecorder,
  to: { dir: string; name: string; selection: string },
): RecordedRun {
  const c = s.config;
  // The emulated tenant puts its customer id in the path like Online does.
  const customerId = c.online?.customerId ?? (s.kind === 'local' ? c.baseUrl.pathname.split('/').filter(Boolean)[0] : undefined);
  const hide = (t: string) => (customerId ? t.split(customerId).join(PLACEHOLDERS.customerId) : t);
  const discovered: NamedSecret[] = [];
  const interceptors = rec.interceptors(customerId, discovered);
  const recording: FeatureRecording = {
    provenance: {
      origin: 'recorded',
      statement: `Recorded by so-conformance record from ${s.kind === 'local' ? 'the so-conformance emulated tenant (127.0.0.1), NOT a SuperOffice tenant' : c.baseUrl.hostname}, running the @live features; secrets and the customer id replaced by placeholders before writing.`,
      generator: 'so-conformance record (src/cli/record.ts, src/live/record-features.ts)',
      date: new Date().toISOString().slice(0, 10),
      host: hide(c.baseUrl.host),
      ...(s.netServerVersion ? { netServerVersion: s.netServerVersion } : {}),
      servicesVersion: c.servicesVersion,
      source: s.kind === 'local' ? 'emulated tenant' : 'live target',
    },
    verdicts: [],
    interceptors,
    replay: replayInfo(
      {
        baseUrl: c.baseUrl,
        servicesVersion: c.servicesVersion,
        userName: c.userName,
        secrets: { applicationToken: !!c.secrets.applicationToken, password: !!c.secrets.password, ticket: !!c.secrets.ticket },
        runId: currentRunId(),
        destructive: s.destructive,
        selection: to.selection,
      },
      customerId,
    ),
  };
  const path = writeRecording(to.dir, to.name, recording);
  const secrets: NamedSecret[] = [];
  if (c.secrets.applicationToken) secrets.push({ name: 'ApplicationToken', value: c.secrets.applicationToken });
  if (c.secrets.password) secrets.push({ name: 'password', value: c.secrets.password });
  if (c.secrets.ticket) secrets.push({ name: 'ticket', value: c.secrets.ticket });
  const run: RecordedRun = { path, exchanges: interceptors.length, secrets: [...secrets, ...new Map(discovered.map((d) => [d.value, d])).values()] };
  holder[KEY] = run;
  return run;
}
