import type { XElement, XDocument, Location } from '../xml/tree.ts';
import type { ParseResult } from '../xml/parse.ts';
import type { Profile } from './profiles.ts';
import type { OperationContract } from './wsdl.ts';
import type { EnvelopeView } from './envelope-view.ts';
import type { SchemaValidation } from './schema.ts';
import type { HttpInfo } from '../transport/http-info.ts';

/**
 * At most this many findings per rule (plus one line counting the rest): a message with 100 000
 * stray header blocks or bad ids must not turn into a verdict a hundred times its size.
 */
export const FINDINGS_PER_RULE = 50;

export type Severity = 'error' | 'warning';
export type Family = 'XML' | 'ENV' | 'HDR' | 'OP' | 'IDS' | 'HTTP' | 'RSP' | 'ERR';
export type MessageKind = 'request' | 'response';

/** The JSON shape of a violation (DESIGN §6): part of the promise to users. */
export interface Violation {
  rule: string;
  severity: Severity;
  message: string;
  line: number | null;
  column: number | null;
  path: string | null;
  /** One line on how to fix it (human output; not part of the §6 JSON promise, but additive). */
  hint?: string;
}

export type { HttpInfo };

export interface CheckContext {
  /**
   * A fact about this message computed once, on first use, and shared by every rule that asks (the
   * IDS rules' scan of a million items, the header rules' walk): explicit per-message state owned by
   * the engine, not a cache hidden in a rule module.
   */
  derive<T>(fact: (ctx: CheckContext) => T): T;
  kind: MessageKind;
  profile: Profile;
  contract: OperationContract;
  parse: ParseResult;
  doc: XDocument | undefined;
  view: EnvelopeView | undefined;
  http: HttpInfo | undefined;
  /** The XSD backstop's validator; compiled (and libxml2 loaded) on its first call. */
  schemas: SchemaValidation;
  /** The body bytes as received (before decoding). */
  bytes: Uint8Array;
}

export interface Finding {
  message: string;
  at?: XElement | Location | { line: number; column: number };
  hint?: string;
  /** Overrides the rule's `answer` for this finding (e.g. an unsupported charset is refused, a mismatched one is a Fault). */
  answer?: ServeAnswer;
}

/**
 * What a rule needs before it can say anything; the engine runs it only when the message has it, so
 * no rule repeats the test.
 * - `http`: the HTTP metadata is known (serve, a captured HTTP message).
 * - `soap-body`: the exchange says a SOAP envelope travels (a request, or a response with status
 *   200, 202 or 500 or none known); a bare 415 or 413 carries none.
 * - `content`: there is something to judge as XML (a SOAP body is expected or bytes arrived).
 * - `document`: the content parsed as XML (`doc` and `view` are set).
 * - `envelope`: and its document element is a SOAP Envelope.
 * - `http-problem`: the captured HTTP message could not be read. An unreadable message is judged
 *   only by the rules that need this; no other rule runs on it.
 */
export type Need = 'http' | 'soap-body' | 'content' | 'document' | 'envelope' | 'http-problem';

/** The context a rule sees, narrowed by what it declared it needs. */
export type ContextFor<N extends Need> = CheckContext &
  ('http' extends N ? { http: HttpInfo } : unknown) &
  ('http-problem' extends N ? { http: HttpInfo & { problem: NonNullable<HttpInfo['problem']> } } : unknown) &
  ('document' extends N ? { doc: XDocument; view: EnvelopeView } : unknown) &
  ('envelope' extends N ? { doc: XDocument; view: EnvelopeView } : unknown);

/**
 * How `serve` answers a request when a rule of this kind reports an error, strongest first: the
 * channel refuses a wrong method or media type before reading, an unreadable message is a Client
 * Fault saying so, a wrong action is WCF's ActionNotSupported; anything else is a Client Fault naming
 * the rules.
 */
export const SERVE_ANSWERS = ['method-not-allowed', 'unsupported-media-type', 'unreadable', 'action-not-supported', 'fault'] as const;
export type ServeAnswer = (typeof SERVE_ANSWERS)[number];

/** Which rules a backstop stands behind: it stays quiet once one of them reported an error. */
export interface StandsBehind {
  families?: readonly Family[];
  rules?: readonly string[];
}

export interface Rule {
  id: string;
  family: Family;
  severity: Severity;
  /** One-line statement of what must hold. */
  statement: string;
  /** Where in the contract (or the standards it names) the rule comes from. */
  source: string;
  appliesTo: MessageKind | 'both';
  /** Schema backstops run after every specific rule and stay quiet where one of those spoke. */
  backstop?: boolean;
  /** For a backstop: the specific rules it stands behind. */
  standsBehind?: StandsBehind;
  /** What the rule needs (see Need); the engine gates on it. */
  needs: readonly Need[];
  /** How serve answers when this rule reports an error; default `fault`. A finding may override it. */
  answer?: ServeAnswer;
  /** Default fix hint when a finding has none of its own. */
  hint: string;
  check(ctx: CheckContext): Finding[];
}

/** A rule as it is written: its `check` sees the context narrowed by its `needs`. */
export type RuleSpec<N extends Need> = Omit<Rule, 'check' | 'needs'> & {
  needs: readonly N[];
  check(ctx: ContextFor<N>): Finding[];
};

/** Declares a rule; the engine guarantees `check` runs only on a context that has what it needs. */
export function defineRule<const N extends Need = never>(spec: RuleSpec<N>): Rule {
  return spec as unknown as Rule;
}
