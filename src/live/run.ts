/**
 * The live flow against one tenant: reachability first (GetSystemInfo), then a ticket, then the
 * destructive round trip on data this run created itself: a throw-away chat topic with the test user
 * as agent, two sessions, DeleteChatSessions on exactly those ids, verification with bounded polling,
 * and cleanup that runs even when a step failed.
 */
import { refusal, type TargetConfig } from '../config/target-config.ts';
import { ObservationLog } from './observations.ts';
import type { NamedSecret } from './secrets.ts';
import { SoapClient, type Exchange, type SoapResult, type SystemInfo } from './soap-client.ts';
import { LiveError } from './transport.ts';
import type { IdsShape, RequestOptions } from '../envelope/request.ts';

export interface RunFlags {
  allowDestructiveFlag: boolean;
  allowProductionFlag: boolean;
}

export interface Verification {
  gone: boolean;
  attempts: number;
  /** Our ids still listed by ChatSessionsForUser at the last attempt. */
  stillListed: number[];
  /** Our ids GetChatSessionEntity still returned at the last attempt. */
  stillFound: number[];
}

/**
 * Run tags name what a run creates (topics, sessions) and its deliberately wrong values. They come
 * from one id per process and a counter, so a replay that sets the recorded id sends the very same
 * bytes as the recorded run did.
 */
let runId = `${new Date().toISOString().replace(/[:.]/g, '')}-${Math.random().toString(36).slice(2, 8)}`;
let runCount = 0;

export function currentRunId(): string {
  return runId;
}

/** --target replay: reuse the recorded run id, so names and wrong values match the recording. */
export function setRunId(id: string): void {
  runId = id;
  runCount = 0;
}

const RUN_TAG = 'so-conformance-';

/**
 * The run id a text's run tags carry (topic names, deliberately wrong values), or undefined: how a
 * recording made without the run's own configuration (`proxy --record`) learns it.
 */
export function runIdIn(text: string): string | undefined {
  return RUN_TAG_PATTERN.exec(text)?.[1];
}
// A tag is RUN_TAG + id + '-' + counter, the id as made above: the ISO time without ':' and '.', '-', six base-36 digits.
const RUN_TAG_PATTERN = new RegExp(`${RUN_TAG}(\\d{4}-\\d\\d-\\d\\dT\\d+Z-[0-9a-z]+)-\\d+`);

export class LiveRun {
  readonly client: SoapClient;
  readonly observations: ObservationLog;
  readonly exchanges: Exchange[] = [];
  readonly created = { topics: [] as number[], sessions: [] as number[] };
  /** Sessions this run has seen deleted (by DeleteChatSessions or cleanup). */
  readonly deleted = new Set<number>();
  systemInfo?: SystemInfo & { result: SoapResult };
  ticket?: string;
  associateId?: number;
  readonly runTag = `${RUN_TAG}${runId}-${++runCount}`;

  constructor(
    readonly config: TargetConfig,
    readonly flags: RunFlags,
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.observations = new ObservationLog(() => this.secrets());
    this.client = new SoapClient({
      baseUrl: config.baseUrl,
      version: config.servicesVersion,
      applicationToken: config.secrets.applicationToken,
      timeoutMs: config.timeouts.requestMs,
      onExchange: (x) => this.exchanges.push(x),
      deleteGuard: (ids) => this.ownIdsGuard(ids),
    });
  }

  /** Every secret this run knows, including a ticket it obtained itself. */
  secrets(): NamedSecret[] {
    const s: NamedSecret[] = [];
    if (this.config.secrets.applicationToken) s.push({ name: 'ApplicationToken', value: this.config.secrets.applicationToken });
    if (this.config.secrets.password) s.push({ name: 'password', value: this.config.secrets.password });
    if (this.config.secrets.ticket) s.push({ name: 'ticket', value: this.config.secrets.ticket });
    if (this.ticket && this.ticket !== this.config.secrets.ticket) s.push({ name: 'ticket', value: this.ticket });
    return s;
  }

  /** Only ids this run created, and not yet deleted, may reach DeleteChatSessions. */
  ownIdsGuard(ids: readonly (number | string)[]): string | undefined {
    const foreign = ids.filter((id) => typeof id !== 'number' || !this.created.sessions.includes(id));
    if (foreign.length) return `ids ${foreign.join(', ')} were not created by this run`;
    return undefined;
  }

  /** Refusal for production hosts and destructive runs without double consent. */
  refusal(destructive: boolean): string | undefined {
    return refusal(this.config, { destructive, ...this.flags });
  }

  observe(label: string, r: SoapResult, scenario?: string, note?: string): SoapResult {
    this.observations.fromResult(label, r, { scenario, note, customerId: this.config.online?.customerId });
    return r;
  }

  async reach(): Promise<SystemInfo & { result: SoapResult }> {
    const why = this.refusal(false);
    if (why) throw new LiveError('refused-by-suite', why);
    this.systemInfo = await this.client.getSystemInfo();
    return this.systemInfo;
  }

  async login(): Promise<string> {
    if (this.ticket) return this.ticket;
    const given = this.config.secrets.ticket;
    if (given) {
      this.ticket = given;
      const a = Number(this.env['SO_CONFORMANCE_ASSOCIATE_ID']);
      if (Number.isInteger(a) && a > 0) this.associateId = a;
      return given;
    }
    if (!this.config.userName || !this.config.secrets.password) throw new LiveError('login-failed', 'no ticket and no user name + password to log in with');
    const r = await this.client.authenticate(this.config.userName, this.config.secrets.password);
    this.ticket = r.ticket;
    this.associateId = r.associateId;
    return r.ticket;
  }

  /** A read-only DeleteChatSessions call (no ids, or a deliberately broken request carrying no ids). */
  async deleteWithoutIds(shape: Exclude<IdsShape, { kind: 'values' }>, options: RequestOptions = {}): Promise<SoapResult> {
    const ticket = options.ticket === undefined ? await this.login() : options.ticket;
    return this.client.deleteChatSessionsRaw({ ...options, ids: shape, ticket });
  }

  async createThrowAwaySessions(count = 2): Promise<number[]> {
    const why = this.refusal(true);
    if (why) throw new LiveError('refused-by-suite', why);
    const ticket = await this.login();
    if (this.associateId === undefined) {
      throw new LiveError('refused-by-suite', 'the test user\'s associate id is unknown: log in with "userName" + password, or set SO_CONFORMANCE_ASSOCIATE_ID with a given ticket');
    }
    const topic = await this.client.createTopic(ticket, this.runTag);
    this.created.topics.push(topic);
    await this.client.addTopicAgent(ticket, topic, this.associateId);
    const ids: number[] = [];
    for (let i = 0; i < count; i++) {
      const id = await this.client.createSession(ticket, topic, `${this.runTag}-${i + 1}`);
      this.created.sessions.push(id);
      ids.push(id);
    }
    return ids;
  }

  /** DeleteChatSessions for ids this run created (anything else is refused before a byte is sent). */
  async deleteOwnSessions(ids: readonly number[]): Promise<SoapResult> {
    const ticket = await this.login();
    const r = await this.client.deleteChatSessionsRaw({ ids, ticket });
    if (!r.fault && r.succeeded !== false) for (const id of ids) this.deleted.add(id);
    return r;
  }

  async listedSessions(): Promise<number[]> {
    return (await this.client.chatSessionsForUser(await this.login())).ids;
  }

  /** Polls ChatSessionsForUser and GetChatSessionEntity until our ids are gone or pollMs has passed. */
  async verifyGone(ids: readonly number[], intervalMs = 200): Promise<Verification> {
    const ticket = await this.login();
    const deadline = Date.now() + this.config.timeouts.pollMs;
    let attempts = 0;
    for (;;) {
      attempts++;
      const listed = (await this.client.chatSessionsForUser(ticket)).ids;
      const stillListed = ids.filter((id) => listed.includes(id));
      const stillFound: number[] = [];
      for (const id of ids) if ((await this.client.getSession(ticket, id)).exists) stillFound.push(id);
      const gone = stillListed.length === 0 && stillFound.length === 0;
      if (gone || Date.now() + intervalMs > deadline) return { gone, attempts, stillListed, stillFound };
      await new Promise((ok) => setTimeout(ok, intervalMs));
    }
  }

  /** Removes whatever this run created and did not delete; never throws, returns what went wrong. */
  async cleanup(): Promise<string[]> {
    const problems: string[] = [];
    if (!this.ticket) return problems;
    for (const id of this.created.sessions) {
      if (this.deleted.has(id)) continue;
      try {
        const r = await this.client.deleteSessionEntity(this.ticket, id);
        if (r.fault || r.succeeded === false) problems.push(`cleanup of session ${id}: ${r.fault?.reason ?? r.exceptionInfo?.message ?? 'failed'}`);
        else this.deleted.add(id);
      } catch (e) {
        problems.push(`cleanup of session ${id}: ${(e as Error).message}`);
      }
    }
    for (const id of this.created.topics.splice(0)) {
      try {
        const r = await this.client.deleteTopic(this.ticket, id);
        if (r.fault || r.succeeded === false) problems.push(`cleanup of topic ${id}: ${r.fault?.reason ?? r.exceptionInfo?.message ?? 'failed'}`);
      } catch (e) {
        problems.push(`cleanup of topic ${id}: ${(e as Error).message}`);
      }
    }
    return problems;
  }
}
