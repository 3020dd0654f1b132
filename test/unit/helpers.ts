/**
 * Shared inputs for the core's unit tests. Every contract word (namespaces, element names, actions)
 * comes from src/contract, never retyped, so these tests follow the WSDL if it changes.
 */
import { readContractText } from '../../src/contract/files.ts';
import { NS } from '../../src/contract/namespaces.ts';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import type { BuiltRequest } from '../../src/envelope/request.ts';
import type { BuiltResponse } from '../../src/envelope/response.ts';
import type { Verdict } from '../../src/validate.ts';
import type { HeaderPart } from '../../src/contract/wsdl.ts';

export const C = deleteChatSessionsContract();
export const OP = C.request.local;
export const RESP = C.response.local;
export const IDS = C.ids.element.local;
export const INT = C.ids.item.local;

function part(parts: HeaderPart[], name: string): HeaderPart {
  const p = parts.find((x) => x.part === name);
  if (!p) throw new Error(`the contract has no header part ${name}`);
  return p;
}
export const TOKEN = part(C.requestHeaders, 'ApplicationToken').element.local;
export const CREDS = part(C.requestHeaders, 'Credentials').element.local;
export const TICKET = part(C.requestHeaders, 'Credentials').children[0]!;
export const TZ = part(C.requestHeaders, 'TimeZone').element.local;
export const SUCCEEDED = part(C.responseHeaders, 'Succeeded').element.local;
export const EXCEPTION_INFO = part(C.responseHeaders, 'ExceptionInfo').element.local;

/** Sorted rule ids of a verdict (errors and warnings), so an assertion names the whole verdict. */
export function ids(v: Verdict): string[] {
  return v.violations.map((x) => x.rule).sort();
}

export function errorIds(v: Verdict): string[] {
  return v.violations.filter((x) => x.severity === 'error').map((x) => x.rule).sort();
}

/** A SOAP envelope with the usual prefixes bound: s (envelope), so (service), arr, xsi, xsd. */
export function envelope(o: { header?: string | null; body?: string; ns?: string; inside?: string; after?: string } = {}): string {
  const header = o.header === null ? '' : `<s:Header>${o.header ?? headerBlocks()}</s:Header>`;
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n` +
    `<s:Envelope xmlns:s="${o.ns ?? NS.soap11}" xmlns:so="${C.tns}" xmlns:arr="${NS.arrays}" xmlns:xsi="${NS.xsi}" xmlns:xsd="${NS.xs}">\n` +
    `${o.inside ?? ''}${header}\n` +
    `<s:Body>${o.body ?? operation()}</s:Body>${o.after ?? ''}\n` +
    `</s:Envelope>\n`
  );
}

export function headerBlocks(token = true, ticket = true): string {
  return (token ? `<so:${TOKEN}>app</so:${TOKEN}>` : '') + (ticket ? `<so:${CREDS}><so:${TICKET}>t</so:${TICKET}></so:${CREDS}>` : '');
}

/** The operation element with the given raw content inside Ids (or raw content of the operation). */
export function operation(items: string | null = `<arr:${INT}>1</arr:${INT}>`, idsAttrs = ''): string {
  return items === null ? `<so:${OP}/>` : `<so:${OP}><so:${IDS}${idsAttrs}>${items}</so:${IDS}></so:${OP}>`;
}

export function item(v: string, attrs = ''): string {
  return `<arr:${INT}${attrs}>${v}</arr:${INT}>`;
}

export function items(...vs: (string | number)[]): string {
  return vs.map((v) => item(String(v))).join('');
}

/** A conformant SOAP 1.1 response envelope (headers as WCF writes them), with overridable parts. */
export function responseEnvelope(o: { headers?: string; body?: string; ns?: string } = {}): string {
  const nil = (n: string) => `<${n} xsi:nil="true" xmlns="${C.tns}"/>`;
  const headers =
    o.headers ?? C.responseHeaders.map((h) => (h.part === 'Succeeded' ? `<${h.element.local} xmlns="${C.tns}">true</${h.element.local}>` : nil(h.element.local))).join('');
  return (
    `<s:Envelope xmlns:s="${o.ns ?? NS.soap11}" xmlns:xsi="${NS.xsi}"><s:Header>${headers}</s:Header>` +
    `<s:Body>${o.body ?? `<${RESP} xmlns="${C.tns}"/>`}</s:Body></s:Envelope>`
  );
}

/** Frames a built request as a raw HTTP message; header values of null are left out. */
export function httpRequest(r: { body: string; headers: Record<string, string> }, o: { method?: string; headers?: Record<string, string | null>; contentLength?: number | null } = {}): string {
  const body = Buffer.from(r.body, 'utf8');
  const headers: Record<string, string | null> = { host: '127.0.0.1', ...r.headers, 'content-length': String(body.byteLength), ...o.headers };
  if (o.contentLength !== undefined) headers['content-length'] = o.contentLength === null ? null : String(o.contentLength);
  const lines = Object.entries(headers)
    .filter((e): e is [string, string] => e[1] !== null)
    .map(([k, v]) => `${k}: ${v}`);
  return `${o.method ?? 'POST'} ${C.endpointPath} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n${r.body}`;
}

export function httpResponse(r: Pick<BuiltResponse, 'status' | 'headers' | 'body'>, reason = 'X'): string {
  const lines = Object.entries({ ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) }).map(([k, v]) => `${k}: ${v}`);
  return `HTTP/1.1 ${r.status} ${reason}\r\n${lines.join('\r\n')}\r\n\r\n${r.body}`;
}

export type { BuiltRequest };

/** The documentation page's request and response examples, read from the page itself. */
export function docsExamples(): { request: string; response: string } {
  const md = readContractText('docs', 'Services86-CustomerService-DeleteChatSessions.md');
  const blocks = [...md.matchAll(/```xml\r?\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const request = blocks.find((b) => b.includes(`:${OP}>`));
  const response = blocks.find((b) => b.includes(`:${RESP}>`));
  if (!request || !response) throw new Error('documentation page: request or response example not found');
  return { request, response };
}
