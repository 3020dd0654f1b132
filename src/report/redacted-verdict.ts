/**
 * A verdict fit to be shown: the message judged once, its secrets learned from that same parse (and
 * lexically from the raw input, which covers an HTTP message that could not be read and a body that
 * could not be parsed), every string of the verdict passed through the one redactor.
 */
import { validate, type ValidateOptions, type Verdict } from '../validate.ts';
import type { HttpInfo } from '../contract/rule.ts';
import type { ParseResult } from '../xml/parse.ts';
import { messageText, secretElementNames, Secrets } from './redact.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { DEFAULT_VERSION } from '../contract/namespaces.ts';

export interface JudgedMessage {
  /** Redacted: safe to print, store or answer with. */
  verdict: Verdict;
  /** The secrets of this message and the known ones: pass every other output of it through them. */
  secrets: Secrets;
  /** The one parse of the body (for callers that read the tree, e.g. serve's app-error ticket). */
  parse: ParseResult | undefined;
  http: HttpInfo | undefined;
}

/** Judges one message (validate's options) and redacts the verdict with its secrets plus `known`. */
export function judgeRedacted(bytes: Uint8Array | string, options: ValidateOptions = {}, known?: Secrets | readonly string[]): JudgedMessage {
  // The carriers of the contract the message is judged against (already loaded by validate).
  const carriers = secretElementNames(options.contract ?? deleteChatSessionsContract(options.version ?? DEFAULT_VERSION));
  const secrets = new Secrets(known instanceof Secrets ? [] : (known ?? []), { carriers });
  if (known instanceof Secrets) secrets.merge(known);
  let parse: ParseResult | undefined;
  let http: HttpInfo | undefined;
  let body: Uint8Array | undefined;
  const raw = validate(bytes, {
    ...options,
    onParsed: (m) => {
      parse = m.parse;
      http = m.http;
      body = m.bytes;
      secrets.learnMessage(m);
      options.onParsed?.(m);
    },
  });
  // The input as a whole too: the head of a raw HTTP message, or one whose body was never parsed.
  const whole = typeof bytes === 'string' ? bytes.length : bytes.byteLength;
  if (!parse?.ok || body === undefined || body.byteLength !== whole) secrets.learnText(messageText(bytes));
  // learnMessage took the headers the engine judged; the caller's own only when they were others.
  if (options.http && http !== options.http) secrets.learnHeaders(options.http.headers);
  return { verdict: redactVerdict(raw, secrets), secrets, parse, http };
}

/** Every string of a verdict (messages, hints, paths) through the redactor; numbers and keys kept. */
export function redactVerdict(v: Verdict, secrets: Secrets): Verdict {
  return secrets.redactDeep(v);
}
