/**
 * Violations are located in the message as received; the page shows it redacted, and a redacted
 * value is longer or shorter than the secret it replaces. This maps a (line, column) of the original
 * text to the same place in the redacted one, so a mark after a ticket on the same line still sits
 * under the character the rule meant. A place inside a redacted value maps to the marker's start.
 */
import { REDACTED } from '../redact.ts';

export interface Place {
  line: number;
  column: number;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function offsetOf(starts: number[], text: string, p: Place): number | undefined {
  const start = starts[p.line - 1];
  if (start === undefined || p.column < 1) return undefined;
  const end = starts[p.line] ?? text.length + 1;
  return Math.min(start + p.column - 1, end - 1);
}

function placeOf(starts: number[], offset: number): Place {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** Walks both texts once: equal characters advance together, a marker in the redacted text skips the value it replaced. */
function offsetMap(original: string, redacted: string): (offset: number) => number {
  if (original === redacted) return (o) => o;
  // Segments [fromOriginal, toOriginal) → fromRedacted; positions inside a redacted value map to its marker.
  const jumps: { from: number; to: number; at: number }[] = [];
  let i = 0;
  let j = 0;
  const ANCHOR = 24;
  while (i < original.length && j < redacted.length) {
    if (redacted.startsWith(REDACTED, j) && !original.startsWith(REDACTED, i)) {
      const after = j + REDACTED.length;
      const probe = redacted.slice(after, after + ANCHOR);
      const k = probe ? original.indexOf(probe, i) : original.length;
      if (k < 0) break;
      jumps.push({ from: i, to: k, at: j });
      i = k;
      j = after;
      continue;
    }
    if (original[i] !== redacted[j]) break;
    i++;
    j++;
  }
  return (o) => {
    let delta = 0;
    for (const s of jumps) {
      if (o < s.from) break;
      if (o < s.to) return s.at;
      delta = s.at + REDACTED.length - s.to;
    }
    return Math.min(o + delta, redacted.length);
  };
}

/** One mapper per message: `map(place)` is the same place in the redacted text (undefined when out of range). */
export function placeMapper(original: string, redacted: string): (p: Place) => Place | undefined {
  const from = lineStarts(original);
  const to = lineStarts(redacted);
  const map = offsetMap(original, redacted);
  return (p) => {
    const o = offsetOf(from, original, p);
    return o === undefined ? undefined : placeOf(to, map(o));
  };
}
