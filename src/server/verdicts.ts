import { violationSize } from '../contract/check.ts';
import type { Violation } from '../contract/rule.ts';

/** What the server decided about one request; served as JSON by GET /__conformance/verdicts. */
export interface ServerVerdict {
  /** ISO 8601 time the request arrived. */
  time: string;
  method: string;
  /** Request path without the query string. */
  path: string;
  /** The SOAPAction header as sent (quotes kept), or null when absent. */
  soapAction: string | null;
  /** HTTP status the server answered with. */
  status: number;
  /**
   * What the server answered: a normal response, an opt-in application error, a Fault, or an
   * HTTP-level refusal (`busy`: 503, the in-flight body budget was spent; the request was not judged).
   */
  answer: 'success' | 'app-error' | 'fault' | 'action-not-supported' | 'unsupported-media-type' | 'too-large' | 'timeout' | 'method-not-allowed' | 'busy';
  conformant: boolean;
  violations: Violation[];
  /** Why a request was not judged (answer `busy`). */
  note?: string;
}

/** Default budget of the verdict history, in characters of the verdicts' text. */
export const DEFAULT_VERDICT_HISTORY_CHARS = 16 * 1024 * 1024;

/** A rough size of a verdict in characters: what its JSON costs, within a small constant. */
export function verdictSize(v: ServerVerdict): number {
  let n = 200 + v.path.length + (v.soapAction?.length ?? 0) + (v.note?.length ?? 0);
  for (const x of v.violations) n += violationSize(x);
  return n;
}

/**
 * The most recent verdicts, bounded in count and in characters: memory stays bounded however long
 * serve runs and however large each verdict is, and the JSON of the whole history always fits a string.
 */
export class VerdictRing {
  private items: { v: ServerVerdict; size: number }[] = [];
  private start = 0;
  private chars = 0;
  constructor(
    private readonly capacity: number,
    private readonly maxChars: number = DEFAULT_VERDICT_HISTORY_CHARS,
  ) {}

  push(v: ServerVerdict): void {
    if (this.capacity <= 0) return;
    const size = verdictSize(v);
    this.items.push({ v, size });
    this.chars += size;
    while (this.items.length - this.start > this.capacity || (this.chars > this.maxChars && this.items.length - this.start > 1)) {
      this.chars -= this.items[this.start]!.size;
      this.start++;
    }
    if (this.start > 1024 && this.start * 2 > this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
  }

  /** Oldest first. */
  list(): ServerVerdict[] {
    return this.items.slice(this.start).map((x) => x.v);
  }

  /** Characters the history holds now (for tests and the stress run). */
  size(): number {
    return this.chars;
  }
}
