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
