/**
 * A pretty-printed copy of an XML message for reading in a report, beside the exact bytes (which stay
 * as they were). One pass over the markup, linear in the input: an element with only text stays on
 * one line, every other tag starts its own line, indented by depth. Text is never changed, only the
 * whitespace between tags.
 */
const TOKEN = /<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\/[^>]*>|<[^>]*?\/>|<[^>]*>|[^<]+/g;

export function prettyXml(text: string, indent = '  '): string {
  const out: string[] = [];
  let depth = 0;
  const tokens = text.match(TOKEN) ?? [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.startsWith('<')) {
      if (t.trim() !== '') out.push(`${indent.repeat(depth)}${t.trim()}`);
      continue;
    }
    if (t.startsWith('</')) {
      depth = Math.max(0, depth - 1);
      out.push(`${indent.repeat(depth)}${t}`);
      continue;
    }
    const opening = !t.startsWith('<?') && !t.startsWith('<!') && !t.endsWith('/>');
    // <a>text</a> stays together: the common leaf of a SOAP message.
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (opening && next !== undefined && !next.startsWith('<') && after?.startsWith('</')) {
      out.push(`${indent.repeat(depth)}${t}${next}${after}`);
      i += 2;
      continue;
    }
    out.push(`${indent.repeat(depth)}${t}`);
    if (opening) depth++;
  }
  return out.join('\n');
}
