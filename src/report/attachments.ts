/**
 * What the HTML report shows of each message: the exact bytes (secrets redacted) as `text/xml`, so
 * the cucumber formatter renders them inline, and the HTTP head as text. One place decides the
 * formatting so every scenario reads the same.
 */
import type { Verdict } from '../validate.ts';
import { describeRequestHead, describeResponseHead, type Exchange, type SentRequest } from '../transport/exchange.ts';
import { ruleById } from '../contract/catalogue.ts';
import { messageText, redactHeaders, Secrets, secretsFor } from './redact.ts';

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

function bodyAttachment(bytes: Uint8Array, what: string, secrets: Secrets): Attachment {
  if (bytes.byteLength === 0) return { data: '(empty body)', mediaType: 'text/plain', fileName: `${what}-body.txt` };
  if (looksLikeXml(bytes)) return { data: secrets.redact(messageText(bytes)), mediaType: 'text/xml', fileName: `${what}.xml` };
  return { data: secrets.redact(new TextDecoder().decode(bytes)), mediaType: 'text/plain', fileName: `${what}-body.txt` };
}

/** A request that was only built and checked, never sent. */
export function requestAttachments(req: Omit<SentRequest, 'url'> & { url?: string }, known: KnownSecrets, label = 'request'): Attachment[] {
  const secrets = messageSecrets(req.bytes, req.headers, known);
  const head = req.url
    ? describeRequestHead({ ...req, url: req.url, headers: redactHeaders(req.headers, secrets) })
    : [`${req.method} (not sent)`, ...Object.entries(redactHeaders(req.headers, secrets)).map(([k, v]) => `${k}: ${v}`)].join('\n');
  return [
    { data: secrets.redact(head), mediaType: 'text/plain', fileName: `${label}-http.txt` },
    bodyAttachment(req.bytes, label, secrets),
  ];
}

/** A response built by a scenario (not received from a target). */
export function builtResponseAttachments(status: number | undefined, headers: Record<string, string>, bytes: Uint8Array, known: KnownSecrets, label = 'response'): Attachment[] {
  const secrets = messageSecrets(bytes, headers, known);
  const head = [`HTTP ${status ?? '(no status)'} (built by the scenario, not received)`, ...Object.entries(redactHeaders(headers, secrets)).map(([k, v]) => `${k}: ${v}`)].join('\n');
  return [
    { data: secrets.redact(head), mediaType: 'text/plain', fileName: `${label}-http.txt` },
    bodyAttachment(bytes, label, secrets),
  ];
}

/** Both halves of an exchange, or the request and the failure. */
export function exchangeAttachments(x: Exchange, known: KnownSecrets): Attachment[] {
  // The request's secrets redact the response too: a server may echo the ticket it was sent.
  const secrets = messageSecrets(x.request.bytes, x.request.headers, known);
  if (x.ok) secrets.merge(messageSecrets(x.response.bytes, x.response.headers, []));
  const out = requestAttachments(x.request, secrets, 'request');
  if (x.ok) {
    out.push({ data: secrets.redact(`${describeResponseHead({ ...x.response, headers: redactHeaders(x.response.headers, secrets) })}\n(${Math.round(x.durationMs)} ms)`), mediaType: 'text/plain', fileName: 'response-http.txt' });
    out.push(bodyAttachment(x.response.bytes, 'response', secrets));
  } else {
    out.push({ data: `no response: ${secrets.redact(x.failure.message)}`, mediaType: 'text/plain', fileName: 'failure.txt' });
  }
  return out;
}

/**
 * A verdict, rule by rule, with statements and hints: what the reader needs to fix the message.
 * `secrets`: those of the judged message (see secretsFor), since messages quote it.
 */
export function verdictAttachment(v: Verdict, label: string, secrets: KnownSecrets = []): Attachment {
  const s = secrets instanceof Secrets ? secrets : new Secrets(secrets);
  const lines = [`${label}: ${v.conformant ? 'conformant' : 'NOT conformant'} under profile ${v.profile} (${v.kind}${v.outcome ? `, outcome ${v.outcome}` : ''})`];
  if (!v.violations.length) lines.push('no violations');
  for (const x of v.violations) {
    const rule = ruleById(x.rule);
    lines.push(
      '',
      `${x.rule} [${x.severity}] ${rule.statement}`,
      `  found:  ${x.message}`,
      `  where:  ${x.path ?? '(message)'}${x.line !== null ? ` (line ${x.line}, column ${x.column})` : ''}`,
      ...(x.hint ? [`  fix:    ${x.hint}`] : []),
      `  source: ${rule.source}`,
    );
  }
  return { data: s.redact(lines.join('\n')), mediaType: 'text/plain', fileName: `${label.replace(/\W+/g, '-')}-verdict.txt` };
}
