import type { Outcome } from '../contract/outcome.ts';
import type { Violation } from '../contract/rule.ts';
import { violationSize } from '../contract/check.ts';
import type { UpstreamFailureKind } from './upstream.ts';

/** What the proxy decided about one exchange; served as JSON by GET /__conformance/verdicts. */
export interface ProxyVerdict {
  /** ISO 8601 time the request arrived. */
  time: string;
  method: string;
  /** Request path without the query string, as the client sent it. */
  path: string;
  /** The SOAPAction header as sent (quotes kept), or null when absent. */
  soapAction: string | null;
  /** HTTP status the client got (502 when the upstream failed). */
  status: number;
  /** HTTP status the upstream answered with; null when it did not answer. */
  upstreamStatus: number | null;
  /** Both directions conformant and no failure. */
  conformant: boolean;
  /** The client's request as the catalogue judged it (request rules with the HTTP metadata). */
  request: { conformant: boolean; violations: Violation[] } | null;
  /** The upstream's answer as the catalogue judged it (response rules and the outcome); null when there was none to judge. */
  response: { conformant: boolean; outcome: Outcome | null; violations: Violation[] } | null;
  /** Why the exchange did not complete: the upstream failed, timed out or answered too much, or the request was refused. */
  failure: { kind: UpstreamFailureKind | 'request-too-large' | 'request-timeout'; message: string } | null;
  durationMs: number;
}

/** A rough size of a verdict in characters (what its JSON costs, within a small constant), for the bounded history. */
export function proxyVerdictSize(v: ProxyVerdict): number {
  let n = 300 + v.path.length + (v.soapAction?.length ?? 0) + (v.failure?.message.length ?? 0);
  for (const x of [...(v.request?.violations ?? []), ...(v.response?.violations ?? [])]) n += violationSize(x);
  return n;
}
