import { checkMessage, type CheckOptions, type CheckResult } from './contract/check.ts';
import { looksLikeHttp, parseRawHttp } from './transport/http-message.ts';

export interface ValidateOptions extends CheckOptions {
  /** `auto` (default) recognises a raw HTTP message by its start line. */
  input?: 'auto' | 'envelope' | 'http';
}

/**
 * The catalogue's result, plus how a raw HTTP capture's body was read (decoded from a
 * Content-Encoding, de-chunked) when that matters to the reader. Not part of `--json`.
 */
export type Verdict = CheckResult & { notes?: string[] };

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
    const v: Verdict = checkMessage(raw.body, { ...options, kind: options.kind ?? raw.kind, http: raw.http });
    // Positions in the file, not in the body: a body the file holds as is starts at raw.bodyLine.
    if (!raw.transformed && raw.bodyLine > 1) v.violations = v.violations.map((x) => (x.line === null ? x : { ...x, line: x.line + raw.bodyLine - 1 }));
    if (raw.notes.length) v.notes = raw.notes;
    return v;
  }
  return checkMessage(data, options);
}
