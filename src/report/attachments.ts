/**
 * What the HTML report shows of each message, the same for the offline and the live suite:
 * `request-http.txt` (start line and headers), `request.xml` (the exact bytes, secrets redacted) with
 * `request-pretty.xml` beside it, the same three for the response, and the verdict. One place decides
 * the names and the formatting so every scenario reads the same.
 */
import type { Verdict } from '../validate.ts';
import { describeRequestHead, describeResponseHead, type Exchange, type SentRequest } from '../transport/exchange.ts';
import { renderVerdict } from './verdict-render.ts';
import { messageText, redactHeaders, Secrets, secretsFor } from './redact.ts';
import { prettyXml } from './pretty-xml.ts';

/** Values known to be secret: a list (the target's credentials) or a redactor that already knows them. */
export type KnownSecrets = readonly string[] | Secrets;

export interface Attachment {
  data: string;
  mediaType: 'text/xml' | 'text/plain';
  fileName: string;
}

export function looksLikeXml(bytes: Uint8Array): boolean {
  let i = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return true;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  // '<' but not '<!DOCTYPE html' or '<html': an HTML error page is shown as text, not as XML.
  if (bytes[i] !== 0x3c) return false;
  const head = new TextDecoder().decode(bytes.subarray(i, i + 16)).toLowerCase();
  return !head.startsWith('<!doctype html') && !head.startsWith('<html');
}

/** The secrets of a message (its body and HTTP head) plus the known ones: every attachment of it passes through them. */
function messageSecrets(bytes: Uint8Array, headers: Record<string, string>, known: KnownSecrets): Secrets {
  return secretsFor(bytes.byteLength ? bytes : undefined, known).learnHeaders(headers);
}

/**
 * The body as it was (secrets redacted, every other byte kept), and for XML a pretty-printed copy
 * beside it when the exact bytes are not already laid out that way.
 */
function bodyAttachments(bytes: Uint8Array, what: string, secrets: Secrets): Attachment[] {
  if (bytes.byteLength === 0) return [{ data: '(empty body)', mediaType: 'text/plain', fileName: `${what}-body.txt` }];
  if (!looksLikeXml(bytes)) return [{ data: secrets.redact(new TextDecoder().decode(bytes)), mediaType: 'text/plain', fileName: `${what}-body.txt` }];
  const exact = secrets.redact(messageText(bytes));
  const pretty = prettyXml(exact);
  const out: Attachment[] = [{ data: exact, mediaType: 'text/xml', fileName: `${what}.xml` }];
  if (pretty.trim() !== exact.trim()) out.push({ data: pretty, mediaType: 'text/xml', fileName: `${what}-pretty.xml` });
  return out;
}

/** A request that was only built and checked, never sent. */
export function requestAttachments(req: Omit<SentRequest, 'url'> & { url?: string }, known: KnownSecrets, label = 'request'): Attachment[] {
  const secrets = messageSecrets(req.bytes, req.headers, known);
  const head = req.url
    ? describeRequestHead({ ...req, url: req.url, headers: redactHeaders(req.headers, secrets) })
    : [`${req.method} (not sent)`, ...Object.entries(redactHeaders(req.headers, secrets)).map(([k, v]) => `${k}: ${v}`)].join('\n');
  return [
    { data: secrets.redact(head), mediaType: 'text/plain', fileName: `${label}-http.txt` },
    ...bodyAttachments(req.bytes, label, secrets),
  ];
}

/** A response built by a scenario (not received from a target). */
export function builtResponseAttachments(status: number | undefined, headers: Record<string, string>, bytes: Uint8Array, known: KnownSecrets, label = 'response'): Attachment[] {
  const secrets = messageSecrets(bytes, headers, known);
  const head = [`HTTP ${status ?? '(no status)'} (built by the scenario, not received)`, ...Object.entries(redactHeaders(headers, secrets)).map(([k, v]) => `${k}: ${v}`)].join('\n');
  return [
    { data: secrets.redact(head), mediaType: 'text/plain', fileName: `${label}-http.txt` },
    ...bodyAttachments(bytes, label, secrets),
  ];
}

/** Both halves of an exchange, or the request and the failure. */
export function exchangeAttachments(x: Exchange, known: KnownSecrets): Attachment[] {
  // The request's secrets redact the response too: a server may echo the ticket it was sent.
  const secrets = messageSecrets(x.request.bytes, x.request.headers, known);
  if (x.ok) secrets.merge(messageSecrets(x.response.bytes, x.response.headers, []));
  const out = requestAttachments(x.request, secrets, 'request');
  if (x.ok) {
    // The head exactly as received (the time it took is the report's business, not the message's).
    out.push({ data: secrets.redact(describeResponseHead({ ...x.response, headers: redactHeaders(x.response.headers, secrets) })), mediaType: 'text/plain', fileName: 'response-http.txt' });
    out.push(...bodyAttachments(x.response.bytes, 'response', secrets));
  } else {
    out.push({ data: `no response: ${secrets.redact(x.failure.message)}`, mediaType: 'text/plain', fileName: 'failure.txt' });
  }
  return out;
}

/**
 * A verdict, rule by rule, with statements and hints: the `report` format of the verdict renderer.
 * `secrets`: those of the judged message (see secretsFor), since messages quote it.
 */
export function verdictAttachment(v: Verdict, label: string, secrets: KnownSecrets = []): Attachment {
  const s = secrets instanceof Secrets ? secrets : new Secrets(secrets);
  return { data: s.redact(renderVerdict(v, 'report', { label })), mediaType: 'text/plain', fileName: `${label.replace(/\W+/g, '-')}-verdict.txt` };
}
