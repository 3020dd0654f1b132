/**
 * What a WCF server does with a request that breaks each rule: measured, not assumed. The data below
 * is what the WCF reference in the tests (test/wcf: a BasicHttpBinding service with the
 * DeleteChatSessions message contract, C# generated from the vendored WSDL, run on Mono) did with
 * each rule's violating cases of test/unit/rule-cases.ts; test/wcf/consequences.test.ts sends them
 * again and fails when a single entry here differs. Regenerate with
 * `node --import tsx test/wcf/write-consequences.ts` after a rule or a case changes.
 *
 * The words of the contract (Ids, Ticket, ApplicationToken, Succeeded) are not in the data: the
 * summaries name them from the WSDL (deleteChatSessionsContract).
 */
import { deleteChatSessionsContract } from './delete-chat-sessions.ts';

export type ConsequenceKind =
  /** HTTP 200 and Succeeded=true, but a value the sender meant was read as null or as something else. */
  | 'silently-ignored'
  /** HTTP 200: the operation ran with the values as meant (WCF is lenient here; other servers are not). */
  | 'accepted'
  /** A SOAP Fault (HTTP 500): the operation did not run. */
  | 'fault'
  /** HTTP 415, no SOAP answer. */
  | 'http-415'
  /** Another HTTP error status without a SOAP answer (e.g. 400). */
  | 'http-error'
  /** HTTP 200 with an empty body: the operation did not run and the client reads no answer at all. */
  | 'empty-response'
  /** No HTTP answer: the server keeps the connection open until the client gives up. */
  | 'no-answer'
  /** The server closes the connection without an HTTP answer. */
  | 'connection-dropped'
  /** No request can break the rule (it judges responses), so no server ever sees it. */
  | 'not-observed';

/** A value of the request the operation reads (by role; the element names come from the WSDL). */
export type ReadValue = 'ids' | 'ticket' | 'applicationToken';

export interface Outcome {
  kind: ConsequenceKind;
  /** HTTP status, where there was an answer. */
  status?: number;
  /** Local name of the faultcode (kind `fault`). */
  faultCode?: string;
  /** kind `silently-ignored`: what the operation lost, read as null or as other values (over all the rule's cases: each loses what it broke). */
  lost?: { value: ReadValue; readAs: 'null' | 'other' }[];
}

export interface Consequence extends Outcome {
  /** Outcomes of the rule's other violating cases, where they differ from the headline one. */
  also: Outcome[];
  /** A case after which Mono's listener answered nothing more (a Mono defect, not WCF's documented behaviour). */
  killsMonoListener?: boolean;
}

/** The server the consequences were measured on. */
export const CONSEQUENCE_SERVER = 'WCF BasicHttpBinding service (Mono System.ServiceModel), the DeleteChatSessions message contract generated from the WSDL';

/**
 * The headline outcome of a rule is its most dangerous case: a silent loss first, then a lenient
 * acceptance (harmless on WCF, a failure elsewhere), then the ways the call fails.
 */
export const KIND_ORDER: readonly ConsequenceKind[] = ['silently-ignored', 'accepted', 'empty-response', 'no-answer', 'connection-dropped', 'http-error', 'http-415', 'fault', 'not-observed'];

// BEGIN GENERATED (test/wcf/write-consequences.ts)
export const CONSEQUENCES: Readonly<Record<string, Consequence>> = {
  "XML-001": {"kind":"empty-response","status":200,"also":[]},
  "XML-002": {"kind":"empty-response","status":200,"also":[]},
  "XML-003": {"kind":"no-answer","also":[]},
  "XML-004": {"kind":"no-answer","also":[]},
  "XML-005": {"kind":"accepted","status":200,"also":[]},
  "XML-006": {"kind":"accepted","status":200,"also":[]},
  "XML-007": {"kind":"no-answer","also":[]},
  "ENV-001": {"kind":"no-answer","also":[]},
  "ENV-002": {"kind":"accepted","status":200,"also":[{"kind":"empty-response","status":200}]},
  "ENV-003": {"kind":"silently-ignored","status":200,"lost":[{"value":"ticket","readAs":"null"},{"value":"applicationToken","readAs":"null"}],"also":[{"kind":"empty-response","status":200}]},
  "ENV-004": {"kind":"accepted","status":200,"also":[{"kind":"empty-response","status":200}]},
  "ENV-005": {"kind":"accepted","status":200,"also":[]},
  "ENV-006": {"kind":"accepted","status":200,"also":[]},
  "ENV-007": {"kind":"accepted","status":200,"also":[]},
  "ENV-008": {"kind":"accepted","status":200,"also":[]},
  "ENV-009": {"kind":"accepted","status":200,"also":[]},
  "HDR-001": {"kind":"empty-response","status":200,"also":[]},
  "HDR-002": {"kind":"silently-ignored","status":200,"lost":[{"value":"ticket","readAs":"null"}],"also":[{"kind":"empty-response","status":200}]},
  "HDR-003": {"kind":"accepted","status":200,"also":[]},
  "HDR-004": {"kind":"accepted","status":200,"also":[]},
  "HDR-005": {"kind":"silently-ignored","status":200,"lost":[{"value":"applicationToken","readAs":"null"},{"value":"ticket","readAs":"null"}],"also":[]},
  "HDR-006": {"kind":"silently-ignored","status":200,"lost":[{"value":"ticket","readAs":"null"}],"also":[{"kind":"accepted","status":200}]},
  "HDR-007": {"kind":"accepted","status":200,"also":[{"kind":"fault","status":500,"faultCode":"InternalServiceFault"}]},
  "HDR-008": {"kind":"accepted","status":200,"also":[]},
  "HDR-009": {"kind":"accepted","status":200,"also":[]},
  "OP-001": {"kind":"accepted","status":200,"also":[{"kind":"fault","status":500,"faultCode":"Receiver"}]},
  "OP-002": {"kind":"empty-response","status":200,"also":[]},
  "OP-003": {"kind":"silently-ignored","status":200,"lost":[{"value":"ids","readAs":"other"}],"also":[{"kind":"accepted","status":200},{"kind":"empty-response","status":200}]},
  "OP-004": {"kind":"accepted","status":200,"also":[]},
  "IDS-001": {"kind":"silently-ignored","status":200,"lost":[{"value":"ids","readAs":"null"}],"also":[]},
  "IDS-002": {"kind":"silently-ignored","status":200,"lost":[{"value":"ids","readAs":"null"}],"also":[{"kind":"fault","status":500,"faultCode":"Receiver"}]},
  "IDS-003": {"kind":"fault","status":500,"faultCode":"Receiver","also":[]},
  "IDS-004": {"kind":"fault","status":500,"faultCode":"InternalServiceFault","also":[]},
  "IDS-005": {"kind":"fault","status":500,"faultCode":"Receiver","also":[]},
  "IDS-006": {"kind":"fault","status":500,"faultCode":"Receiver","also":[]},
  "IDS-007": {"kind":"accepted","status":200,"also":[]},
  "IDS-008": {"kind":"fault","status":500,"faultCode":"Receiver","also":[]},
  "IDS-009": {"kind":"accepted","status":200,"also":[]},
  "IDS-010": {"kind":"accepted","status":200,"also":[]},
  "HTTP-001": {"kind":"fault","status":500,"faultCode":"ActionNotSupported","also":[]},
  "HTTP-002": {"kind":"connection-dropped","also":[{"kind":"http-415","status":415}],"killsMonoListener":true},
  "HTTP-003": {"kind":"http-415","status":415,"also":[]},
  "HTTP-004": {"kind":"fault","status":500,"faultCode":"ActionNotSupported","also":[]},
  "HTTP-005": {"kind":"accepted","status":200,"also":[]},
  "HTTP-006": {"kind":"http-415","status":415,"also":[]},
  "HTTP-007": {"kind":"not-observed","also":[]},
  "HTTP-008": {"kind":"accepted","status":200,"also":[]},
  "HTTP-009": {"kind":"no-answer","also":[{"kind":"http-error","status":400}]},
  "RSP-001": {"kind":"not-observed","also":[]},
  "RSP-002": {"kind":"not-observed","also":[]},
  "RSP-003": {"kind":"not-observed","also":[]},
  "ERR-001": {"kind":"not-observed","also":[]},
  "ERR-002": {"kind":"not-observed","also":[]},
  "ERR-003": {"kind":"not-observed","also":[]},
};
// END GENERATED

function names() {
  const c = deleteChatSessionsContract();
  const token = c.requestHeaders.find((h) => h.children.length === 0)!;
  const cred = c.requestHeaders.find((h) => h.children.length === 1)!;
  const succeeded = c.responseHeaders.find((h) => h.part === 'Succeeded')?.element.local ?? 'Succeeded';
  return { ids: c.ids.element.local, ticket: `${cred.element.local}/${cred.children[0]}`, applicationToken: token.element.local, succeeded };
}

/** One line for a person: "silently ignored: Ids is read as null, nothing is deleted, Succeeded=true". */
export function describeOutcome(o: Outcome): string {
  const n = names();
  switch (o.kind) {
    case 'silently-ignored': {
      const parts = (o.lost ?? []).map((l) => {
        if (l.value === 'ids') return l.readAs === 'null' ? `${n.ids} is read as null: nothing is deleted` : `${n.ids} is read as other ids than sent: the ids sent are not all deleted`;
        if (l.value === 'ticket') return `${n.ticket} is read as ${l.readAs === 'null' ? 'null' : 'another value'}: the call runs without the caller's ticket`;
        return `${n.applicationToken} is read as ${l.readAs === 'null' ? 'null' : 'another value'}: Online refuses it as if none were sent`;
      });
      return `silently ignored, the answer says ${n.succeeded}=true: ${parts.join('; ')}`;
    }
    case 'accepted':
      return 'accepted: the operation runs with the values as meant (other SOAP servers may refuse it)';
    case 'fault':
      return `a SOAP Fault ${o.faultCode ?? ''} (HTTP ${o.status ?? 500}): nothing is deleted`.replace('  ', ' ');
    case 'http-415':
      return 'HTTP 415 Unsupported Media Type, no SOAP answer: nothing is deleted';
    case 'http-error':
      return `HTTP ${o.status} without a SOAP answer: nothing is deleted`;
    case 'empty-response':
      return `HTTP ${o.status ?? 200} with an empty body: nothing is deleted and the client reads no ${n.succeeded}`;
    case 'no-answer':
      return 'no HTTP answer: the connection stays open until the client gives up';
    case 'connection-dropped':
      return 'the connection is closed without an HTTP answer';
    case 'not-observed':
      return 'not observed: the rule judges responses, which no client sends to a server';
  }
}

export interface ConsequenceData extends Consequence {
  summary: string;
  server: string;
}

/** The consequence of breaking a rule, with its summary; throws for a rule that has none (a test keeps them complete). */
export function consequenceOf(ruleId: string): ConsequenceData {
  const c = CONSEQUENCES[ruleId];
  if (!c) throw new Error(`no measured consequence for ${ruleId}: run test/wcf/write-consequences.ts`);
  const others = c.also.map((o) => describeOutcome(o));
  const summary = describeOutcome(c) + (others.length ? ` (other cases: ${others.join('; ')})` : '');
  return { ...c, summary, server: CONSEQUENCE_SERVER };
}

/**
 * The headline consequence as one line for `validate`'s human output and `serve`'s Fault detail
 * ("silently ignored, Ids is read as null: nothing is deleted; …"); undefined for a rule no request
 * can break, or an id the catalogue does not know.
 */
export function wcfConsequenceLine(ruleId: string): string | undefined {
  const c = CONSEQUENCES[ruleId];
  return c && c.kind !== 'not-observed' ? describeOutcome(c) : undefined;
}
