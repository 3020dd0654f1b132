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
  /** What the server answered: a normal response, an opt-in application error, a Fault, or an HTTP-level refusal. */
  answer: 'success' | 'app-error' | 'fault' | 'action-not-supported' | 'unsupported-media-type' | 'too-large' | 'timeout' | 'method-not-allowed';
  conformant: boolean;
  violations: Violation[];
}

/** A fixed-size ring of the most recent verdicts: memory stays bounded however long serve (or proxy) runs. */
export class VerdictRing<T = ServerVerdict> {
  private readonly items: T[] = [];
  private next = 0;
  constructor(private readonly capacity: number) {}

  push(v: T): void {
    if (this.capacity <= 0) return;
    if (this.items.length < this.capacity) this.items.push(v);
    else this.items[this.next] = v;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Oldest first. */
  list(): T[] {
    if (this.items.length < this.capacity) return [...this.items];
    return [...this.items.slice(this.next), ...this.items.slice(0, this.next)];
  }
}
