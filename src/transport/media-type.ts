/** Reading the HTTP headers a SOAP binding uses: Content-Type parameters and the SOAPAction value. */
import { supportedEncoding } from '../xml/decode.ts';

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (!value) return undefined;
  // indexOf and slice, no split or regex: every request's Content-Type is read by two rules.
  let end = value.indexOf(';');
  const type = (end < 0 ? value : value.slice(0, end)).trim().toLowerCase();
  const params: Record<string, string> = {};
  while (end >= 0) {
    const from = end + 1;
    end = value.indexOf(';', from);
    const p = end < 0 ? value.slice(from) : value.slice(from, end);
    const i = p.indexOf('=');
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = unquoted(p.slice(i + 1).trim());
  }
  return { type, params };
}

/** `"x"` → `x` (what /^"(.*)"$/ did: only when there is no line break inside). */
function unquoted(v: string): string {
  if (v.length < 2 || v.charCodeAt(0) !== 0x22 || v.charCodeAt(v.length - 1) !== 0x22) return v;
  const inner = v.slice(1, -1);
  return /[\n\r\u2028\u2029]/.test(inner) ? v : inner;
}

/** A SOAPAction header value without its surrounding quotes (WS-I R2744 quotes it). */
export function unquoteSoapAction(raw: string): string {
  return unquoted(raw.trim());
}
