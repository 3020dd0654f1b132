import { checkMessage, type CheckOptions, type CheckResult } from './contract/check.ts';
import { looksLikeHttp, parseRawHttp } from './transport/http-message.ts';

export interface ValidateOptions extends CheckOptions {
  /** `auto` (default) recognises a raw HTTP message by its start line. */
  input?: 'auto' | 'envelope' | 'http';
}

export type Verdict = CheckResult;

/**
 * Validate one message: a bare envelope or a raw HTTP message, request or response. Never throws for
 * bad input; every problem is a located violation.
 */
export function validate(bytes: Uint8Array | string, options: ValidateOptions = {}): Verdict {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  const mode = options.input ?? 'auto';
  if (mode === 'http' || (mode === 'auto' && looksLikeHttp(data))) {
    const raw = parseRawHttp(data);
    if ('problem' in raw) {
      return checkMessage(new Uint8Array(0), { ...options, kind: options.kind ?? raw.kind, http: { headers: {}, problem: { message: raw.problem, line: raw.line } } });
    }
    return checkMessage(raw.body, { ...options, kind: options.kind ?? raw.kind, http: raw.http });
  }
  return checkMessage(data, options);
}
