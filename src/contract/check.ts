import { parseXml, type ParseLimits, type ParseResult } from '../xml/parse.ts';
import { locate, type XElement } from '../xml/tree.ts';
import { rulesFor } from './catalogue.ts';
import { PROFILES, type ProfileId } from './profiles.ts';
import type { OperationContract } from './wsdl.ts';
import { deleteChatSessionsContract } from './delete-chat-sessions.ts';
import { DEFAULT_VERSION, type ServicesVersion } from './namespaces.ts';
import { envelopeView, isFault } from './envelope-view.ts';
import { schemasFor } from './schema.ts';
import { releaseSchemaDoc } from './rules/schema-check.ts';
import { expectsSoapBody, HTTP_MESSAGE_RULE } from './rules/http.ts';
import { is } from './rules/util.ts';
import { ITEM_REPORT_LIMIT } from './rules/ids.ts';
import type { CheckContext, Finding, HttpInfo, MessageKind, Rule, Violation } from './rule.ts';

import { responseOutcome, type Outcome } from './outcome.ts';

export type { Outcome } from './outcome.ts';

export interface CheckOptions {
  profile?: ProfileId;
  /** The operation the message belongs to; DeleteChatSessions at `version` when not given. */
  contract?: OperationContract;
  version?: ServicesVersion;
  /** Request or response; detected from the Body when not given. */
  kind?: MessageKind;
  http?: HttpInfo;
  limits?: Partial<ParseLimits>;
  /** Hands the one parse of the message to a caller that needs the tree too (the redactor, serve). */
  onParsed?: (message: { bytes: Uint8Array; parse: ParseResult; http?: HttpInfo }) => void;
}

export interface CheckResult {
  kind: MessageKind;
  profile: ProfileId;
  conformant: boolean;
  outcome?: Outcome;
  violations: Violation[];
}

function toViolation(ruleId: string, severity: Violation['severity'], f: Finding, defaultHint: string): Violation {
  const at = f.at;
  const loc =
    at === undefined
      ? { line: null, column: null, path: null }
      : 'qname' in at
        ? locate(at as XElement)
        : { line: at.line, column: at.column, path: 'path' in at ? (at.path as string) : null };
  return { rule: ruleId, severity, message: f.message, ...loc, hint: f.hint ?? defaultHint };
}

/**
 * At most this many findings per rule (plus one line counting the rest): a message with 100 000
 * stray header blocks must not turn into a verdict a hundred times its size.
 */
export const FINDINGS_PER_RULE = ITEM_REPORT_LIMIT;

function capped(findings: Finding[]): Finding[] {
  if (findings.length <= FINDINGS_PER_RULE + 1) return findings;
  const rest = findings.length - FINDINGS_PER_RULE;
  return [...findings.slice(0, FINDINGS_PER_RULE), { ...findings[FINDINGS_PER_RULE]!, message: `…and ${rest} more like this (first ${FINDINGS_PER_RULE} listed)` }];
}

function detectKind(first: XElement | undefined): MessageKind {
  return first && (isFault(first) || first.local.endsWith('Response')) ? 'response' : 'request';
}

/** Schema backstops run after every specific rule, so they can stay quiet where one spoke. */
const ordered = new WeakMap<readonly Rule[], readonly Rule[]>();
function orderedRules(contract: OperationContract): readonly Rule[] {
  const list = rulesFor(contract);
  let o = ordered.get(list);
  if (!o) {
    o = [...list.filter((r) => !r.backstop), ...list.filter((r) => r.backstop)];
    ordered.set(list, o);
  }
  return o;
}

/** Runs the whole catalogue over one message body (and its HTTP metadata, when known). */
export function checkMessage(bytes: Uint8Array | string, options: CheckOptions = {}): CheckResult {
  const profile = PROFILES[options.profile ?? 'wsdl'];
  const contract = options.contract ?? deleteChatSessionsContract(options.version ?? DEFAULT_VERSION);
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const parse = parseXml(data, options.limits);
  options.onParsed?.({ bytes: data, parse, http: options.http });
  const doc = parse.ok ? parse.doc : undefined;
  const view = doc ? envelopeView(doc) : undefined;
  const kind = options.kind ?? detectKind(view?.first);
  const reported = new Set<string>();
  const ctx: CheckContext = { kind, profile, contract, parse, doc, view, http: options.http, schemas: schemasFor(contract), reported, bytes: data };
  const violations: Violation[] = [];
  // A 415 or 413 carries no envelope; judging its empty body as XML would be noise.
  const soapBody = expectsSoapBody(ctx) || data.byteLength > 0;
  try {
    for (const rule of orderedRules(contract)) {
      if (rule.appliesTo !== 'both' && rule.appliesTo !== kind) continue;
      if (!soapBody && rule.family !== 'HTTP') continue;
      // An unreadable HTTP message has no headers or body worth judging: only its own rule speaks.
      if (ctx.http?.problem && rule.id !== HTTP_MESSAGE_RULE) continue;
      const findings = capped(rule.check(ctx));
      if (findings.length && rule.severity === 'error') reported.add(rule.id);
      for (const f of findings) violations.push(toViolation(rule.id, rule.severity, f, rule.hint));
    }
  } finally {
    if (doc) releaseSchemaDoc(doc);
  }
  const result: CheckResult = { kind, profile: profile.id, conformant: !violations.some((v) => v.severity === 'error'), violations };
  if (kind === 'response') result.outcome = outcomeOf(ctx);
  return result;
}

function outcomeOf(ctx: CheckContext): Outcome {
  const succeeded = ctx.contract.responseHeaders.find((h) => h.part === 'Succeeded');
  return responseOutcome(ctx.view, (b) => !!succeeded && is(b, succeeded.element));
}
