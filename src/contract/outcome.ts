/**
 * What a response came to: ONE vocabulary and ONE function, used by `validate` (the `outcome` of a
 * response verdict and its `--json` line), the offline suite's call reports, the live suite's
 * results, observations and recordings, and `serve`'s recent verdicts (which are validate's).
 *
 * The HTTP status is not part of it: a Fault sent with HTTP 200 is still a Fault (HTTP-007 says the
 * status is wrong), and an HTML error page with HTTP 500 is not a Fault (it is not SOAP at all).
 */
import type { XElement } from '../xml/tree.ts';
import { textOf } from '../xml/walk.ts';
import { isFault, type EnvelopeView } from './envelope-view.ts';

export type Outcome = 'success' | 'app-error' | 'fault' | 'unconfirmed' | 'not-soap';

/** The documented meaning of each outcome (README, `validate --help`). */
export const OUTCOMES: Readonly<Record<Outcome, string>> = {
  success: 'a SOAP response (not a Fault) whose Succeeded header block is true',
  'app-error': 'a SOAP response whose Succeeded header block is false: the service refused the call (an invalid ticket, say)',
  fault: 'a SOAP Fault: a Fault element in a SOAP envelope namespace as the Body\'s child, whatever the HTTP status',
  unconfirmed: 'a SOAP response (not a Fault) without a readable Succeeded header block: neither success nor failure is confirmed',
  'not-soap': 'no SOAP envelope at all: an empty body, an HTML page, text, XML that is not an Envelope, or bytes that do not parse',
};

export const OUTCOME_VALUES = Object.keys(OUTCOMES) as Outcome[];

/**
 * The outcome of a response from its envelope view (undefined when the bytes did not parse or were
 * empty); `isSucceeded` recognises the operation's Succeeded header block.
 */
export function responseOutcome(view: EnvelopeView | undefined, isSucceeded: (block: XElement) => boolean): Outcome {
  if (!view || !view.isEnvelope) return 'not-soap';
  if (isFault(view.first)) return 'fault';
  const block = view.headerBlocks.find(isSucceeded);
  // XML white space only (textOf), as every rule reads element text.
  const text = block ? textOf(block) : undefined;
  if (text === 'true' || text === '1') return 'success';
  if (text === 'false' || text === '0') return 'app-error';
  return 'unconfirmed';
}
