/**
 * Every call the live flow makes (SoPrincipal, ChatSessionsForUser, the Chat.svc entity calls, and
 * DeleteChatSessions itself) judged by the same engine as the suite, against the contract of the
 * operation actually called, read from its vendored WSDL: the generic rules (XML, envelope, headers,
 * body element, HTTP, response, faults, schema) for every operation, plus an operation's own rules
 * (the IDS family for DeleteChatSessions). This is what makes the contract a parameter, not a singleton.
 */
import type { ServicesVersion } from '../contract/namespaces.ts';
import { serviceOperation } from '../contract/services.ts';
import type { Violation } from '../contract/rule.ts';
import { validate } from '../validate.ts';
import type { Exchange } from './soap-client.ts';
import { liveSecrets, type NamedSecret } from './secrets.ts';
import { secretsFor } from '../report/redact.ts';

export interface CallVerdict {
  service: string;
  operation: string;
  kind: 'request' | 'response';
  /** HTTP status of the response (responses only). */
  status?: number;
  conformant: boolean;
  violations: Violation[];
}

/** Verdicts on an exchange's request and (when one came back) its response. */
export function judgeExchange(x: Exchange, version: ServicesVersion): CallVerdict[] {
  const contract = serviceOperation(x.service, x.operation, version);
  const id = { service: x.service, operation: x.operation };
  const out: CallVerdict[] = [];
  if (x.request.bytes.byteLength) {
    const v = validate(x.request.bytes, { contract, kind: 'request', input: 'envelope', http: { method: x.request.method, headers: lower(x.request.headers) } });
    out.push({ ...id, kind: 'request', conformant: v.conformant, violations: v.violations });
  }
  if (x.ok) {
    const v = validate(x.response.bytes, { contract, kind: 'response', input: 'envelope', http: { status: x.response.status, headers: x.response.headers } });
    out.push({ ...id, kind: 'response', status: x.response.status, conformant: v.conformant, violations: v.violations });
  }
  return out;
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** One line per message, then its error violations: the live report's "envelope verdicts" text. */
export function describeCallVerdicts(verdicts: readonly CallVerdict[]): string {
  const lines: string[] = [];
  for (const v of verdicts) {
    const errors = v.violations.filter((x) => x.severity === 'error');
    const warnings = v.violations.length - errors.length;
    const what = `${v.service}.${v.operation} ${v.kind}${v.status !== undefined ? ` (HTTP ${v.status})` : ''}`;
    lines.push(`${v.conformant ? 'conformant    ' : 'NOT conformant'} ${what}${errors.length ? `: ${errors.length} error(s)` : ''}${warnings ? `, ${warnings} warning(s)` : ''}`);
    for (const e of errors) lines.push(`    ${e.rule} ${e.line !== null ? `line ${e.line}:${e.column} ` : ''}${e.message}`);
  }
  return lines.join('\n');
}

/**
 * The attachments a live scenario adds to the report: the verdicts as text and as JSON, secrets
 * redacted (a violation may quote a header value). Nothing when the scenario made no call.
 */
export function callVerdictAttachments(exchanges: readonly Exchange[], version: ServicesVersion, secrets: readonly NamedSecret[]): { body: string; mediaType: string; fileName: string }[] {
  const known = liveSecrets([...secrets]);
  // Each exchange's verdicts through the one redactor, with the secrets of both its messages (a
  // response may echo the request's ticket) on top of the run's.
  const verdicts = exchanges.flatMap((x) => {
    const s = secretsFor(x.request.bytes, known).learnHeaders(x.request.headers);
    if (x.ok) s.learnMessage({ bytes: x.response.bytes }).learnHeaders(x.response.headers);
    return s.redactDeep(judgeExchange(x, version));
  });
  if (!verdicts.length) return [];
  const bad = verdicts.filter((v) => !v.conformant).length;
  const text = `Envelope verdicts (every call, judged against its own WSDL operation): ${verdicts.length - bad} conformant, ${bad} not\n${describeCallVerdicts(verdicts)}`;
  return [
    { body: known.redact(text), mediaType: 'text/plain', fileName: 'envelope-verdicts.txt' },
    { body: known.redact(JSON.stringify(verdicts, null, 2)), mediaType: 'application/json', fileName: 'envelope-verdicts.json' },
  ];
}
