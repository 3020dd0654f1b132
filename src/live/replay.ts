/**
 * Record and replay of the @live features. `record` runs the features against a tenant and keeps
 * every exchange in order, scrubbed by record.ts and written by its writer (the format `proxy
 * --record` writes too), plus what a replay needs to send the same bytes again (the run id, the base
 * URL, which secrets were configured). `run --target replay` puts nock in lockdown and answers the
 * features' requests with the recorded responses, strictly in order; a request that differs from the
 * recorded one fails with both, located at the first difference.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type nockModule from 'nock';
import type { TargetConfig } from '../config/target-config.ts';
import { isServicesVersion, type ServicesVersion } from '../contract/namespaces.ts';
import { PLACEHOLDERS, scrubXml, toInterceptor, type RecordedInterceptor, type Recording } from './record.ts';
import type { NamedSecret } from './secrets.ts';
import type { RunFlags } from './run.ts';
import { exchangeOf } from './soap-client.ts';
import { REPLAY_MISMATCH, type HttpRequest, type HttpResponse } from './transport.ts';
import type { ServiceId } from '../contract/services.ts';

/** What a replay needs beyond the interceptors: present only in recordings of the features. */
export interface ReplayInfo {
  /** The tenant base URL with the customer id replaced by its placeholder. */
  baseUrl: string;
  runId: string;
  servicesVersion: ServicesVersion;
  userName?: string;
  /** Which secrets the recorded run had (their placeholders stand in for them). */
  secrets: { applicationToken: boolean; password: boolean; ticket: boolean };
  /** Whether the destructive scenarios ran when recording. */
  destructive: boolean;
  /** The features' tag selection when recording. */
  selection: string;
}

export type FeatureRecording = Recording & { replay: ReplayInfo };

/** A recording file, or the newest `*.json` recording of the features in a directory. */
export function findRecording(path: string): { ok: true; path: string } | { ok: false; message: string } {
  if (!existsSync(path)) return { ok: false, message: `--recording ${path}: no such file or directory` };
  if (statSync(path).isFile()) {
    const r = loadRecording(path);
    return r.ok ? { ok: true, path } : r;
  }
  const candidates = readdirSync(path)
    .filter((f) => f.endsWith('.json'))
    .map((f) => join(path, f))
    .filter((f) => loadRecording(f).ok)
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!candidates.length) return { ok: false, message: `--recording ${path}: the directory holds no recording of the features (make one with so-conformance record)` };
  return { ok: true, path: candidates[0]! };
}

export function loadRecording(path: string): { ok: true; recording: FeatureRecording } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { ok: false, message: `${path}: not a JSON recording (${(e as Error).message})` };
  }
  const r = data as Partial<FeatureRecording>;
  if (!r || typeof r !== 'object' || !Array.isArray(r.interceptors) || !r.provenance) return { ok: false, message: `${path}: not a recording (no provenance and interceptors)` };
  if (!r.replay || typeof r.replay.runId !== 'string' || !isServicesVersion(r.replay.servicesVersion)) {
    return { ok: false, message: `${path}: this recording was not made from the features, so it cannot be replayed; record again with so-conformance record` };
  }
  return { ok: true, recording: r as FeatureRecording };
}

/** The target configuration a replay runs with: the recorded base URL, placeholders for secrets. */
export function replayTarget(info: ReplayInfo): { config: TargetConfig; flags: RunFlags } {
  const config: TargetConfig = {
    baseUrl: new URL(info.baseUrl),
    servicesVersion: info.servicesVersion,
    kind: 'onsite',
    ...(info.userName !== undefined ? { userName: info.userName } : {}),
    // Answers come from memory: a short timeout, and polling needs no real wait.
    timeouts: { requestMs: 5000, pollMs: 2000 },
    allowDestructive: info.destructive,
    allowProduction: true,
    secrets: {
      ...(info.secrets.applicationToken ? { applicationToken: PLACEHOLDERS.applicationToken } : {}),
      ...(info.secrets.password ? { password: PLACEHOLDERS.password } : {}),
      ...(info.secrets.ticket ? { ticket: PLACEHOLDERS.ticket } : {}),
    },
  };
  return { config, flags: { allowDestructiveFlag: info.destructive, allowProductionFlag: true } };
}

/** The one-line provenance a replayed report shows. */
export function provenanceLine(path: string, r: FeatureRecording): string {
  const p = r.provenance;
  return `replayed offline from ${path}: recorded ${p.date} from ${p.host}${p.netServerVersion ? `, NetServer ${p.netServerVersion}` : ''}, Services${r.replay.servicesVersion}, ${r.interceptors.length} exchanges (${p.statement})`;
}

function labelOf(req: HttpRequest): { service: ServiceId; operation: string } {
  const u = new URL(req.url);
  const service = (/\/([A-Za-z]+)\.svc$/.exec(u.pathname)?.[1] ?? 'CustomerService') as ServiceId;
  const action = req.headers['soapaction'] ?? /action="([^"]+)"/.exec(req.headers['content-type'] ?? '')?.[1];
  const operation = action ? action.replace(/"/g, '').split('/').pop()! : `${req.method} ${u.search || u.pathname}`;
  return { service, operation };
}

/** Collects what `send` exchanged while recording, and turns it into scrubbed interceptors. */
export class ExchangeRecorder {
  private readonly seen: { req: HttpRequest; res: HttpResponse; at: string }[] = [];
  readonly observe = (req: HttpRequest, res: HttpResponse): void => {
    this.seen.push({ req, res, at: new Date().toISOString() });
  };

  interceptors(customerId: string | undefined, discovered: NamedSecret[]): RecordedInterceptor[] {
    return this.seen
      .map(({ req, res, at }) => toInterceptor(exchangeOf({ ...labelOf(req), at }, req, res), customerId, discovered))
      .filter((x): x is RecordedInterceptor => !!x);
  }
}

/** Where two texts first differ, with a window of each around it. */
export function firstDifference(sent: string, recorded: string): string {
  let i = 0;
  while (i < sent.length && i < recorded.length && sent[i] === recorded[i]) i++;
  const line = sent.slice(0, i).split('\n').length;
  const from = Math.max(0, i - 60);
  const window = (s: string) => JSON.stringify(s.slice(from, i + 80));
  return [`first difference at character ${i + 1} (line ${line}):`, `    sent:     …${window(sent)}…`, `    recorded: …${window(recorded)}…`].join('\n');
}

interface Incoming {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** Fields that decide what a SOAP server does with a request; a difference in any is a mismatch. */
function mismatch(sent: Incoming, rec: RecordedInterceptor, index: number): string | undefined {
  const problems: string[] = [];
  if (sent.method !== rec.method) problems.push(`  method: sent ${sent.method}, recorded ${rec.method}`);
  if (sent.path !== rec.path) problems.push(`  path: sent ${sent.path}, recorded ${rec.path}`);
  for (const h of ['soapaction', 'content-type']) {
    const a = sent.headers[h];
    const b = rec.reqheaders[h];
    if (a !== b) problems.push(`  ${h}: sent ${a === undefined ? '(none)' : JSON.stringify(a)}, recorded ${b === undefined ? '(none)' : JSON.stringify(b)}`);
  }
  if (sent.body !== rec.requestBody) problems.push(`  body: ${firstDifference(sent.body, rec.requestBody).replace(/\n/g, '\n  ')}`);
  if (!problems.length) return undefined;
  return [`the request no longer matches recorded exchange ${index + 1} (${rec.label}):`, ...problems].join('\n');
}

/**
 * nock in lockdown over the recording's origins: every request is compared with the next recorded
 * one and answered with its response; anything else (another host, a request past the end, a
 * different request) fails its exchange with the reason.
 */
export class Replayer {
  private next = 0;
  readonly mismatches: string[] = [];

  constructor(
    private readonly recording: FeatureRecording,
    private readonly nock: typeof nockModule,
  ) {}

  install(): void {
    const nock = this.nock;
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    const origins = [...new Set(this.recording.interceptors.map((i) => i.scope))];
    for (const origin of origins) {
      for (const method of ['POST', 'GET']) {
        nock(origin)
          .persist()
          .intercept(() => true, method)
          .reply(async (request: Request) => {
            const u = new URL(request.url);
            const headers: Record<string, string> = {};
            request.headers.forEach((v, k) => (headers[k.toLowerCase()] = v));
            // Scrubbed like the recording was: secret values on both sides are the same placeholders.
            const sent: Incoming = { method, path: u.pathname + u.search, headers, body: scrubXml(await request.text()) };
            const answer = this.answer(origin, sent);
            // Thrown inside nock's reply: fetch rejects, and the transport names it a replay mismatch.
            if ('error' in answer) throw Object.assign(new Error(answer.error), { code: REPLAY_MISMATCH });
            return [answer.rec.status, answer.rec.body, answer.rec.headers] as const;
          });
      }
    }
  }

  private answer(origin: string, sent: Incoming): { rec: RecordedInterceptor } | { error: string } {
    const list = this.recording.interceptors;
    const rec = list[this.next];
    if (!rec) return this.refuse(`the request goes past the end of the recording (${list.length} exchanges): ${sent.method} ${sent.path} (${sent.headers['soapaction'] ?? 'no SOAPAction'})`);
    const why = rec.scope !== origin ? `the request goes to ${origin}, recorded exchange ${this.next + 1} (${rec.label}) to ${rec.scope}` : mismatch(sent, rec, this.next);
    // Consumed either way: the scenarios after a mismatch still line up with their own exchanges.
    this.next++;
    if (why) return this.refuse(why);
    return { rec };
  }

  private refuse(why: string): { error: string } {
    this.mismatches.push(why);
    return { error: why };
  }

  /** Recorded exchanges no request asked for: the features now do less than they did. */
  unused(): RecordedInterceptor[] {
    return this.recording.interceptors.slice(this.next);
  }

  uninstall(): void {
    this.nock.cleanAll();
    this.nock.enableNetConnect();
    this.nock.restore();
  }
}
