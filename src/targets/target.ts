import type { ProfileId } from '../contract/profiles.ts';
import type { Exchange } from '../transport/exchange.ts';

export type TargetName = 'fixtures' | 'live' | 'local';

export interface OutgoingRequest {
  method: string;
  headers: Record<string, string>;
  bytes: Uint8Array;
}

/** Credentials a scenario may put in a request. Placeholders for fixtures, real values for live. */
export interface TargetCredentials {
  applicationToken: string;
  ticket: string;
  /** A ticket the target refuses, to provoke an application error. */
  invalidTicket: string;
  /** A ticket that makes the target answer with a server error page, when it can. */
  serverErrorTicket?: string;
}

/** Where scenarios send requests: recorded fixtures, a live tenant, or the local reference server. */
export interface Target {
  readonly name: TargetName;
  /** A human line for the report: what this target is and where its answers come from. */
  readonly description: string;
  readonly credentials: TargetCredentials;
  /** Values that must never appear in a report; scrubbed from every attachment. */
  readonly secrets: readonly string[];
  endpoint(profile: ProfileId): string;
  send(profile: ProfileId, request: OutgoingRequest): Promise<Exchange>;
  /** Where the last answer came from (a fixture and its provenance, a host), for the report. */
  answeredBy?(): string | undefined;
  close(): Promise<void>;
}
