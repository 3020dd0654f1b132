/**
 * Text helpers for XML input: white space as XML defines it (never JavaScript's wider trim(), which
 * also strips U+00A0 and friends), and the one place that bounds how much of the input a message may
 * quote. Every quoted value, name, path and hint passes through `elide`, so a 15 MiB attribute value or
 * a 7 MiB element name costs a verdict a few hundred characters, however many findings quote it.
 */

/** XML 1.0 §2.3 [3] S: space, tab, CR, LF. */
export function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

const NOT_SPACE = /[^ \t\n\r]/;
/** Past this length a regex scan beats a character loop (it costs a call to start). */
const LONG = 64;

/** `s` without leading and trailing XML white space (the whitespace facet "collapse" at the ends). */
export function xmlTrim(s: string): string {
  let a = 0;
  let b = s.length;
  if (b > LONG) {
    // The white space between a million array items: the regex engine finds the end of it 4× faster.
    a = s.search(NOT_SPACE);
    if (a < 0) return '';
  }
  while (a < b && isXmlSpace(s.charCodeAt(a))) a++;
  while (b > a && isXmlSpace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** Whether `s` is empty or XML white space only (U+00A0 is character data, not white space). */
export function isXmlBlank(s: string): boolean {
  if (s.length > LONG) return !NOT_SPACE.test(s);
  for (let i = 0; i < s.length; i++) if (!isXmlSpace(s.charCodeAt(i))) return false;
  return true;
}

/** Longest value, name or namespace a message quotes whole. */
export const QUOTE_MAX = 80;
/** Longest message, hint or path a violation carries. */
export const FIELD_MAX = 1000;

/**
 * `s` if it is at most `max` characters, else its head and tail around a marker that says how much was
 * cut: `abc…[1048576 characters cut]…xyz`. The result is never longer than `max` (for max ≥ 40).
 */
export function elide(s: string, max: number = QUOTE_MAX): string {
  if (s.length <= max) return s;
  const cut = s.length;
  // The marker's own length depends on the number it prints; size it for the whole length.
  const marker = (n: number) => `…[${n} characters cut]…`;
  const room = Math.max(0, max - marker(cut).length);
  let head = Math.ceil(room / 2);
  let tail = room - head;
  // Do not split a surrogate pair: a lone surrogate is not XML and not valid UTF-8.
  if (head > 0 && isHighSurrogate(s.charCodeAt(head - 1))) head--;
  if (tail > 0 && isLowSurrogate(s.charCodeAt(s.length - tail))) tail--;
  return `${s.slice(0, head)}${marker(s.length - head - tail)}${s.slice(s.length - tail)}`;
}

/** A quoted piece of input in a message: at most QUOTE_MAX characters. */
export function quote(s: string): string {
  return elide(s, QUOTE_MAX);
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}
