/** How one `serve` verdict appears on the live page: the request as received, judged, and what the server answered. */
import type { Violation } from '../../contract/rule.ts';
import type { PageExchangeInput } from './store.ts';

/** The parts of a serve verdict the page needs (structural, so report/ does not import server/). */
export interface JudgedRequest {
  time: string;
  method: string;
  path: string;
  status: number;
  answer: string;
  conformant: boolean;
  violations: Violation[];
}

export function pageEntry(v: JudgedRequest, headers: Record<string, string>, seen: { body?: Uint8Array; secrets?: PageExchangeInput['secrets'] }): PageExchangeInput {
  const rules = [...new Set(v.violations.map((x) => x.rule))];
  return {
    time: v.time,
    method: v.method,
    path: v.path,
    status: v.status,
    conformant: v.conformant,
    summary: `request ${v.conformant ? 'conformant' : 'NOT conformant'}${rules.length ? ` ${rules.join(',')}` : ''} | answered ${v.status} ${v.answer}`,
    messages: [
      { label: 'request', startLine: `${v.method} ${v.path} HTTP/1.1`, headers, body: seen.body ?? new Uint8Array(0), verdict: { conformant: v.conformant, violations: v.violations }, ...(seen.body ? {} : { note: 'the body was not read (refused before reading)' }) },
    ],
    secrets: seen.secrets ?? [],
  };
}
