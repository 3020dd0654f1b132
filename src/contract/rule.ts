import type { XElement, XDocument, Location } from '../xml/tree.ts';
import type { ParseResult } from '../xml/parse.ts';
import type { Profile } from './profiles.ts';
import type { OperationContract } from './wsdl.ts';
import type { EnvelopeView } from './envelope-view.ts';
import type { ContractSchemas } from './schema.ts';
import type { HttpInfo } from '../transport/http-info.ts';

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
  kind: MessageKind;
  profile: Profile;
  contract: OperationContract;
  parse: ParseResult;
  doc: XDocument | undefined;
  view: EnvelopeView | undefined;
  http: HttpInfo | undefined;
  schemas: ContractSchemas;
  /** The body bytes as received (before decoding). */
  bytes: Uint8Array;
  /** Rules that reported so far in this run; backstop rules stay quiet where a specific rule spoke. */
  reported: ReadonlySet<string>;
}

export interface Finding {
  message: string;
  at?: XElement | Location | { line: number; column: number };
  hint?: string;
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
  /** Default fix hint when a finding has none of its own. */
  hint: string;
  check(ctx: CheckContext): Finding[];
}
