/**
 * Which headers a proxy passes on. Hop-by-hop headers (RFC 9110 §7.6.1) describe one connection, not
 * the message, so they stop here; everything else goes on as the client (or the upstream) wrote it:
 * same names, same case, same order, repeated headers kept apart.
 */
export { headerMap } from '../transport/http-info.ts';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** `rawHeaders` as node gives them ([name, value, name, value, …]) without the hop-by-hop ones. */
export function endToEnd(raw: readonly string[], options: { dropHost?: boolean } = {}): string[] {
  const named = new Set(HOP_BY_HOP);
  // A header the Connection header names is hop-by-hop too.
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i]!.toLowerCase() === 'connection') for (const n of raw[i + 1]!.split(',')) if (n.trim()) named.add(n.trim().toLowerCase());
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (named.has(name) || (options.dropHost && name === 'host')) continue;
    out.push(raw[i]!, raw[i + 1]!);
  }
  return out;
}
