import { isXmlSpace } from '../../xml/text.ts';

/** xs:int's bounds (XML Schema Part 2 §3.3.17: minInclusive, maxInclusive). */
export const INT_MIN = -2147483648;
export const INT_MAX = 2147483647;

/**
 * The value of an xs:int literal: XML white space collapsed at the ends (never JavaScript's wider
 * trim()), an optional sign, one or more digits. `undefined` when the text is not in the lexical
 * space. Up to 15 significant digits are exact as a number; a longer literal (far outside xs:int) is
 * its canonical spelling instead, `-` and digits without leading zeros, so equal values still compare
 * equal without parsing a megabyte of digits into a BigInt. One pass, no allocation for the usual
 * short id: it runs once per item of a million-item array, for the IDS rules and the schema backstop.
 */
export function xsIntValue(s: string, from = 0, to = s.length): number | string | undefined {
  const n = to;
  let i = from;
  while (i < n && isXmlSpace(s.charCodeAt(i))) i++;
  let end = n;
  while (end > i && isXmlSpace(s.charCodeAt(end - 1))) end--;
  const sign = s.charCodeAt(i);
  const neg = sign === 0x2d;
  if (neg || sign === 0x2b) i++;
  if (i === end) return undefined;
  let value = 0;
  let first = -1;
  for (let k = i; k < end; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x30 || c > 0x39) return undefined;
    if (first === -1 && c !== 0x30) first = k;
    value = value * 10 + (c - 0x30);
  }
  if (first === -1 || end - first <= 15) return neg ? -value : value;
  return `${neg ? '-' : ''}${s.slice(first, end)}`;
}

/** Whether the text is a valid xs:int: lexical and in range. */
export function isXsInt(s: string, from = 0, to = s.length): boolean {
  const v = xsIntValue(s, from, to);
  return typeof v === 'number' && v >= INT_MIN && v <= INT_MAX;
}
