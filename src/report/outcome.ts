/**
 * What a call came to, in the words the report uses: success, an application error (HTTP 200 with
 * Succeeded=false), a SOAP Fault, an HTTP error without an envelope, or no answer at all. The
 * verdict comes from the rule catalogue (`validate`), so "success" means the same thing everywhere.
 */
import type { ProfileId } from '../contract/profiles.ts';
import type { Exchange } from '../transport/exchange.ts';
import { validate, type Verdict } from '../validate.ts';
import { looksLikeXml } from './attachments.ts';

export type CallOutcome = 'success' | 'app-error' | 'fault' | 'http-error' | 'no-answer';

export interface CallReport {
  outcome: CallOutcome;
  status?: number;
  /** The response verdict, when there was a SOAP response to judge. */
  verdict?: Verdict;
  summary: string;
}

export function describeCall(x: Exchange, profile: ProfileId): CallReport {
  if (!x.ok) return { outcome: 'no-answer', ...(x.response ? { status: x.response.status } : {}), summary: x.failure.message };
  const { status, headers, bytes } = x.response;
  if (!looksLikeXml(bytes)) {
    const ct = headers['content-type'] ?? '(no content type)';
    return { outcome: 'http-error', status, summary: `HTTP ${status} with ${bytes.byteLength ? `a ${ct} body that is not a SOAP message` : 'an empty body'}` };
  }
  const verdict = validate(bytes, { profile, kind: 'response', http: { status, headers } });
  const outcome: CallOutcome = verdict.outcome === 'fault' ? 'fault' : verdict.outcome === 'app-error' ? 'app-error' : status >= 400 ? 'http-error' : 'success';
  const errors = verdict.violations.filter((v) => v.severity === 'error');
  const summary =
    outcome === 'success'
      ? `HTTP ${status}, ${errors.length ? `a response violating ${errors.map((v) => v.rule).join(', ')}` : 'a conformant success response'}`
      : outcome === 'app-error'
        ? `HTTP ${status}, an application error: Succeeded=false with a filled ExceptionInfo`
        : outcome === 'fault'
          ? `HTTP ${status}, a SOAP Fault`
          : `HTTP ${status}`;
  return { outcome, status, verdict, summary };
}

/** The check behind "the call succeeded": HTTP 200, no Fault, Succeeded=true, a conformant response. */
export function assertCallSucceeded(report: CallReport): void {
  if (report.outcome === 'success' && report.status === 200 && report.verdict?.conformant) return;
  const why =
    report.outcome === 'app-error'
      ? 'it is an application error (HTTP 200 but Succeeded=false and a filled ExceptionInfo): the service refused the call'
      : report.outcome === 'fault'
        ? 'the service answered with a SOAP Fault'
        : report.outcome === 'no-answer'
          ? 'there was no answer'
          : report.outcome === 'http-error'
            ? 'the answer is an HTTP error, not a SOAP response'
            : 'the response does not conform to the contract';
  const violations = (report.verdict?.violations ?? []).map((v) => `  ${v.rule} (${v.severity}) ${v.message}${v.path ? ` at ${v.path}` : ''}`);
  throw new Error([`expected the call to succeed, but ${why}`, `  ${report.summary}`, ...violations].join('\n'));
}
