import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { PROFILES, type ProfileId } from '../contract/profiles.ts';
import { deleteChatSessionsContract } from '../contract/wsdl.ts';
import { esc } from './xml-writer.ts';

/** An HTTP response as a server would send it. */
export interface BuiltResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ResponseOptions {
  profile?: ProfileId;
  version?: ServicesVersion;
}

function contentType(profile: ProfileId): string {
  return `${PROFILES[profile].mediaType}; charset=utf-8`;
}

/**
 * The four response headers, shaped like WCF writes them: nil blocks carry their own xmlns and xsi
 * prefix `i`, Succeeded is a plain boolean.
 */
function responseHeaders(version: ServicesVersion, succeeded: boolean, exceptionInfo?: string): string {
  const c = deleteChatSessionsContract(version);
  return c.responseHeaders
    .map((h) => {
      const n = h.element.local;
      if (h.part === 'Succeeded') return `<${n} xmlns="${h.element.ns}">${succeeded}</${n}>`;
      if (h.part === 'ExceptionInfo' && exceptionInfo) return `<${n} xmlns="${h.element.ns}">${exceptionInfo}</${n}>`;
      return `<${n} i:nil="true" xmlns="${h.element.ns}" xmlns:i="${NS.xsi}"/>`;
    })
    .join('');
}

function envelope(profile: ProfileId, header: string, body: string): string {
  const ns = PROFILES[profile].envelopeNs;
  return `<s:Envelope xmlns:s="${ns}">${header ? `<s:Header>${header}</s:Header>` : ''}<s:Body>${body}</s:Body></s:Envelope>`;
}

/** HTTP 200, empty DeleteChatSessionsResponse, Succeeded=true, the other headers nil. */
export function buildSuccessResponse(options: ResponseOptions & { responseContent?: string } = {}): BuiltResponse {
  const version = options.version ?? DEFAULT_VERSION;
  const profile = options.profile ?? 'wsdl';
  const c = deleteChatSessionsContract(version);
  const r = c.response.local;
  const inner = options.responseContent ? `<${r} xmlns="${c.tns}">${options.responseContent}</${r}>` : `<${r} xmlns="${c.tns}"/>`;
  return { status: 200, headers: { 'content-type': contentType(profile) }, body: envelope(profile, responseHeaders(version, true), inner) };
}

export interface AppErrorOptions extends ResponseOptions {
  message: string;
  exceptionType: string;
  friendlyText?: string;
}

/** An application error the NetServer way: HTTP 200, Succeeded=false, a filled ExceptionInfo. */
export function buildAppErrorResponse(options: AppErrorOptions): BuiltResponse {
  const version = options.version ?? DEFAULT_VERSION;
  const profile = options.profile ?? 'wsdl';
  const c = deleteChatSessionsContract(version);
  const info =
    `<Message>${esc(options.message)}</Message><StackTrace i:nil="true" xmlns:i="${NS.xsi}"/>` +
    `<FriendlyText>${esc(options.friendlyText ?? options.message)}</FriendlyText><ExceptionType>${esc(options.exceptionType)}</ExceptionType>` +
    `<Source>NetServer</Source><InnerException i:nil="true" xmlns:i="${NS.xsi}"/><Parameters i:nil="true" xmlns:i="${NS.xsi}"/>`;
  const r = c.response.local;
  return { status: 200, headers: { 'content-type': contentType(profile) }, body: envelope(profile, responseHeaders(version, false, info), `<${r} xmlns="${c.tns}"/>`) };
}

export interface Fault11Options {
  /** A QName with its namespace, e.g. { ns: NS.soap11, local: 'Client' }. */
  code: { ns: string; local: string };
  faultString: string;
  /** Raw XML placed inside <detail>. */
  detail?: string;
  status?: number;
}

/** A SOAP 1.1 Fault (HTTP 500) the way WCF writes one. */
export function buildFault11(o: Fault11Options): BuiltResponse {
  const code = o.code.ns === NS.soap11 ? `s:${o.code.local}` : `a:${o.code.local}`;
  const codeNs = o.code.ns === NS.soap11 ? '' : ` xmlns:a="${o.code.ns}"`;
  const detail = o.detail !== undefined ? `<detail>${o.detail}</detail>` : '';
  const body = `<s:Fault><faultcode${codeNs}>${code}</faultcode><faultstring xml:lang="en-US">${esc(o.faultString)}</faultstring>${detail}</s:Fault>`;
  return { status: o.status ?? 500, headers: { 'content-type': contentType('wsdl') }, body: envelope('wsdl', '', body) };
}

export interface Fault12Options {
  code: 'Sender' | 'Receiver' | 'VersionMismatch' | 'MustUnderstand' | 'DataEncodingUnknown';
  subcode?: { ns: string; local: string };
  reason: string;
  detail?: string;
  status?: number;
}

/** A SOAP 1.2 Fault. */
export function buildFault12(o: Fault12Options): BuiltResponse {
  const sub = o.subcode ? `<s:Subcode><s:Value xmlns:a="${o.subcode.ns}">a:${o.subcode.local}</s:Value></s:Subcode>` : '';
  const detail = o.detail !== undefined ? `<s:Detail>${o.detail}</s:Detail>` : '';
  const body = `<s:Fault><s:Code><s:Value>s:${o.code}</s:Value>${sub}</s:Code><s:Reason><s:Text xml:lang="en-US">${esc(o.reason)}</s:Text></s:Reason>${detail}</s:Fault>`;
  return { status: o.status ?? 500, headers: { 'content-type': contentType('soap12') }, body: envelope('soap12', '', body) };
}
