/**
 * Secrets never reach a report, fixture or log. Elements are found by expanded name (namespace +
 * local name) so a ticket under any prefix is caught; only their character data is replaced, every
 * other byte of the message stays as it was sent. Known secret values are scrubbed on top, anywhere,
 * as a second line of defence (a ticket echoed in a fault string, say).
 */
import { SaxesParser } from 'saxes';
import { SERVICES_VERSIONS } from '../contract/namespaces.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { decodeXml } from '../xml/decode.ts';

export const REDACTED = '[redacted]';

/** Header blocks and fields that carry secrets, by local name, in any NetServer services namespace. */
const SECRET_LOCALS = new Set(['Ticket', 'ApplicationToken', 'Password']);
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

let serviceNamespaces: Set<string> | undefined;
function secretNamespaces(): Set<string> {
  serviceNamespaces ??= new Set(SERVICES_VERSIONS.map((v) => deleteChatSessionsContract(v).tns));
  return serviceNamespaces;
}

function isSecret(ns: string, local: string): boolean {
  return SECRET_LOCALS.has(local) && secretNamespaces().has(ns);
}

/**
 * Replaces known secret values anywhere in `text`. Values shorter than `minLength` are skipped: they
 * would redact ordinary text such as an id.
 */
export function redactValues(text: string, secrets: readonly string[], minLength = 4): string {
  let out = text;
  // Longest first, so a secret that contains another is replaced whole.
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) if (s.length >= minLength) out = out.split(s).join(REDACTED);
  return out;
}


/** Character ranges [from, to) holding the text of secret leaf elements, or undefined if unparsable. */
function secretSpans(text: string): [number, number][] | undefined {
  if (/<!DOCTYPE/i.test(text)) return undefined;
  const spans: [number, number][] = [];
  const open: { secret: boolean; start: number; leaf: boolean }[] = [];
  const p = new SaxesParser({ xmlns: true });
  p.on('opentag', (t) => {
    const parent = open[open.length - 1];
    if (parent) parent.leaf = false;
    open.push({ secret: isSecret(t.uri ?? '', t.local ?? ''), start: p.position, leaf: true });
  });
  p.on('closetag', (t) => {
    const top = open.pop();
    if (!top || !top.secret || !top.leaf || t.isSelfClosing) return;
    const end = text.lastIndexOf('</', p.position - 1);
    if (end >= top.start) spans.push([top.start, end]);
  });
  try {
    p.write(text).close();
  } catch {
    return undefined;
  }
  return spans;
}

/** A regex fallback for text that does not parse: still catches `<x:Ticket …>secret</`. */
function redactByPattern(text: string): string {
  return text.replace(/(<(?:[\w.-]+:)?(?:Ticket|ApplicationToken|Password)\b[^>]*(?<!\/)>)([^<]*)(?=<\/)/g, (_m, tag: string, value: string) =>
    value.trim() ? `${tag}${REDACTED}` : `${tag}${value}`,
  );
}

/** Redacts an XML message (bytes or text) for display. Returns text. */
export function redactXml(input: Uint8Array | string, knownSecrets: readonly string[] = []): string {
  let text: string;
  if (typeof input === 'string') text = input;
  else {
    const d = decodeXml(input);
    text = 'text' in d ? d.text : new TextDecoder('utf-8', { fatal: false }).decode(input);
  }
  const spans = secretSpans(text);
  let out: string;
  if (spans === undefined) out = redactByPattern(text);
  else {
    out = '';
    let at = 0;
    for (const [from, to] of spans) {
      out += text.slice(at, from) + (text.slice(from, to).trim() ? REDACTED : text.slice(from, to));
      at = to;
    }
    out += text.slice(at);
  }
  return redactValues(out, knownSecrets);
}

/** Copies headers with credentials replaced. Names compared case-insensitively. */
export function redactHeaders(headers: Record<string, string>, knownSecrets: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HEADERS.has(k.toLowerCase()) ? REDACTED : redactValues(v, knownSecrets);
  return out;
}

/** For free text (logs, error messages): known values only. */
export function redactText(text: string, knownSecrets: readonly string[] = []): string {
  return redactValues(redactByPattern(text), knownSecrets);
}
