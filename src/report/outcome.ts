/**
 * What a call came to, in the words every report uses: the response's outcome from the one outcome
 * function (src/contract/outcome.ts, through `validate`), or no answer at all.
 */
import type { ProfileId } from '../contract/profiles.ts';
import type { Outcome } from '../contract/outcome.ts';
import type { Exchange } from '../transport/exchange.ts';
import { validate, type Verdict } from '../validate.ts';

/** A response's outcome (src/contract/outcome.ts), or no answer at all (the exchange failed). */
export type CallOutcome = Outcome | 'no-answer';

export interface CallReport {
  outcome: CallOutcome;
  status?: number;
  /** The response verdict: every answer is judged, SOAP or not. */
  verdict?: Verdict;
  summary: string;
}

export function describeCall(x: Exchange, profile: ProfileId): CallReport {
  if (!x.ok) return { outcome: 'no-answer', ...(x.response ? { status: x.response.status } : {}), summary: x.failure.message };
  const { status, headers, bytes } = x.response;
  const verdict = validate(bytes, { profile, kind: 'response', http: { status, headers } });
  const outcome = verdict.outcome ?? 'not-soap';
  const errors = verdict.violations.filter((v) => v.severity === 'error');
  const ct = headers['content-type'] ?? '(no content type)';
  const summary =
    outcome === 'success'
      ? `HTTP ${status}, ${errors.length ? `a response violating ${errors.map((v) => v.rule).join(', ')}` : 'a conformant success response'}`
      : outcome === 'app-error'
        ? `HTTP ${status}, an application error: Succeeded=false with a filled ExceptionInfo`
        : outcome === 'fault'
          ? `HTTP ${status}, a SOAP Fault`
          : outcome === 'unconfirmed'
            ? `HTTP ${status}, a SOAP response without a Succeeded header block`
            : `HTTP ${status} with ${bytes.byteLength ? `a ${ct} body that is not a SOAP message` : 'an empty body'}`;
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
          : report.outcome === 'not-soap'
            ? 'the answer is not a SOAP response'
            : report.outcome === 'unconfirmed'
              ? 'the response does not say Succeeded=true'
              : 'the response does not conform to the contract';
  const violations = (report.verdict?.violations ?? []).map((v) => `  ${v.rule} (${v.severity}) ${v.message}${v.path ? ` at ${v.path}` : ''}`);
  throw new Error([`expected the call to succeed, but ${why}`, `  ${report.summary}`, ...violations].join('\n'));
}
