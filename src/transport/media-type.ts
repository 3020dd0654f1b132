/** Reading the HTTP headers a SOAP binding uses: Content-Type parameters and the SOAPAction value. */
import { supportedEncoding } from '../xml/decode.ts';

export interface MediaType {
  type: string;
  params: Record<string, string>;
}

export function parseMediaType(value: string | undefined): MediaType | undefined {
  if (!value) return undefined;
  const [type, ...rest] = value.split(';');
  const params: Record<string, string> = {};
  for (const p of rest) {
    const i = p.indexOf('=');
    if (i < 0) continue;
    params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"(.*)"$/, '$1');
  }
  return { type: type!.trim().toLowerCase(), params };
}

/** A SOAPAction header value without its surrounding quotes (WS-I R2744 quotes it). */
export function unquoteSoapAction(raw: string): string {
  return raw.trim().replace(/^"(.*)"$/, '$1');
}
