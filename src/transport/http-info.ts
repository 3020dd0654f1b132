/** HTTP metadata of one message, as the wire carried it: what the HTTP rules judge. */
export interface HttpInfo {
  method?: string;
  target?: string;
  status?: number;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Set when the captured HTTP message itself could not be read (HTTP-009 reports it). */
  problem?: { message: string; line: number };
  /** Body length as sent, when the judged body was decoded from a Content-Encoding (HTTP-008 compares it). */
  wireBytes?: number;
}

/** Node's `rawHeaders` in the shape HttpInfo holds: lower-cased names, repeated headers joined with ", ". */
export function headerMap(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    out[name] = out[name] === undefined ? raw[i + 1]! : `${out[name]}, ${raw[i + 1]!}`;
  }
  return out;
}
