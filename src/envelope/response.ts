import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { PROFILES, type ProfileId } from '../contract/profiles.ts';
import type { HeaderPart, OperationContract } from '../contract/wsdl.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { esc } from '../xml/writer.ts';

/** An HTTP response as a server would send it. */
export interface BuiltResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface ResponseOptions {
  profile?: ProfileId;
  /** The operation answered; DeleteChatSessions at `version` by default. */
  contract?: OperationContract;
  version?: ServicesVersion;
}

/** The one place the response builders choose their default operation. */
function contractOf(options: ResponseOptions): OperationContract {
  return options.contract ?? deleteChatSessionsContract(options.version ?? DEFAULT_VERSION);
}

function contentType(profile: ProfileId): string {
  return `${PROFILES[profile].mediaType}; charset=utf-8`;
}

/**
 * The four response headers, shaped like WCF writes them: nil blocks carry their own xmlns and xsi
 * prefix `i`, Succeeded is a plain boolean.
 */
function responseHeaders(contract: OperationContract, succeeded: boolean, exceptionInfo?: string, omit: readonly string[] = []): string {
  const parts = contract.responseHeaders.filter((h) => !omit.includes(h.part) && !omit.includes(h.element.local));
  return wcfResponseHeaders(parts, succeeded, exceptionInfo);
}

/**
 * Response header blocks of any NetServer operation written like WCF: Succeeded as a plain boolean,
 * a filled ExceptionInfo when given, every other block nil with its own xmlns and prefix `i`.
 */
export function wcfResponseHeaders(parts: readonly Pick<HeaderPart, 'part' | 'element'>[], succeeded: boolean, exceptionInfo?: string): string {
  return parts
    .map((h) => {
      const n = h.element.local;
      if (h.part === 'Succeeded') return `<${n} xmlns="${h.element.ns}">${succeeded}</${n}>`;
      if (h.part === 'ExceptionInfo' && exceptionInfo) return `<${n} xmlns="${h.element.ns}">${exceptionInfo}</${n}>`;
      return `<${n} i:nil="true" xmlns="${h.element.ns}" xmlns:i="${NS.xsi}"/>`;
    })
    .join('');
}

function envelope(profile: ProfileId, header: string, body: string, prefix = 's'): string {
  const ns = PROFILES[profile].envelopeNs;
  const p = prefix;
  return `<${p}:Envelope xmlns:${p}="${ns}">${header ? `<${p}:Header>${header}</${p}:Header>` : ''}<${p}:Body>${body}</${p}:Body></${p}:Envelope>`;
}

/** HTTP 200, empty DeleteChatSessionsResponse, Succeeded=true, the other headers nil. */
export function buildSuccessResponse(
  options: ResponseOptions & {
    /** Raw XML put inside DeleteChatSessionsResponse (a deliberate RSP-002 violation). */
    responseContent?: string;
    /** Response header blocks to leave out, by part or element name (a deliberate RSP-003 violation). */
    omitHeaders?: readonly string[];
  } = {},
): BuiltResponse {
  const profile = options.profile ?? 'wsdl';
  const c = contractOf(options);
  const r = c.response.local;
  const inner = options.responseContent ? `<${r} xmlns="${c.tns}">${options.responseContent}</${r}>` : `<${r} xmlns="${c.tns}"/>`;
  return { status: 200, headers: { 'content-type': contentType(profile) }, body: envelope(profile, responseHeaders(c, true, undefined, options.omitHeaders), inner) };
}

/** The children of a filled SoExceptionInfo, as NetServer sends them for an application error. */
export function exceptionInfoXml(message: string, exceptionType: string, friendlyText = message): string {
  const nil = (n: string) => `<${n} i:nil="true" xmlns:i="${NS.xsi}"/>`;
  return (
    `<Message>${esc(message)}</Message>${nil('StackTrace')}<FriendlyText>${esc(friendlyText)}</FriendlyText>` +
    `<ExceptionType>${esc(exceptionType)}</ExceptionType><Source>NetServer</Source>${nil('InnerException')}${nil('Parameters')}`
  );
}

export interface AppErrorOptions extends ResponseOptions {
  message: string;
  exceptionType: string;
  friendlyText?: string;
}

/** An application error the NetServer way: HTTP 200, Succeeded=false, a filled ExceptionInfo. */
export function buildAppErrorResponse(options: AppErrorOptions): BuiltResponse {
  const profile = options.profile ?? 'wsdl';
  const c = contractOf(options);
  const info = exceptionInfoXml(options.message, options.exceptionType, options.friendlyText);
  const r = c.response.local;
  return { status: 200, headers: { 'content-type': contentType(profile) }, body: envelope(profile, responseHeaders(c, false, info), `<${r} xmlns="${c.tns}"/>`) };
}

export interface Fault11Options {
  /** A QName with its namespace, e.g. { ns: NS.soap11, local: 'Client' }. */
  code: { ns: string; local: string };
  faultString: string;
  /** Raw XML placed inside <detail>. */
  detail?: string;
  status?: number;
  /** Envelope prefix (default `s`): a Fault is recognised by namespace, so any prefix must do. */
  envelopePrefix?: string;
  /** Prefix bound to a non-SOAP faultcode namespace (default `a`). */
  codePrefix?: string;
  /**
   * Namespace of the Fault element itself. Anything but the envelope namespace builds a lookalike:
   * an element called Fault that is not a SOAP Fault.
   */
  faultNamespace?: string;
}

/** A SOAP 1.1 Fault (HTTP 500) the way WCF writes one. */
export function buildFault11(o: Fault11Options): BuiltResponse {
  const p = o.envelopePrefix ?? 's';
  const cp = o.codePrefix ?? 'a';
  const code = o.code.ns === NS.soap11 ? `${p}:${o.code.local}` : `${cp}:${o.code.local}`;
  const codeNs = o.code.ns === NS.soap11 ? '' : ` xmlns:${cp}="${o.code.ns}"`;
  const detail = o.detail !== undefined ? `<detail>${o.detail}</detail>` : '';
  const fault = o.faultNamespace !== undefined && o.faultNamespace !== NS.soap11 ? { open: `<Fault xmlns="${o.faultNamespace}">`, close: '</Fault>' } : { open: `<${p}:Fault>`, close: `</${p}:Fault>` };
  const body = `${fault.open}<faultcode${codeNs}>${code}</faultcode><faultstring xml:lang="en-US">${esc(o.faultString)}</faultstring>${detail}${fault.close}`;
  return { status: o.status ?? 500, headers: { 'content-type': contentType('wsdl') }, body: envelope('wsdl', '', body, p) };
}

/** WCF's own wording when no operation has the request's action (serve, the tenant and the fixtures answer with it). */
export function actionNotSupportedText(action: string): string {
  return (
    `The message with Action '${action}' cannot be processed at the receiver, due to a ContractFilter mismatch at the EndpointDispatcher. ` +
    'This may be because of either a contract mismatch (mismatched Actions between sender and receiver) or a binding/security mismatch between the sender and the receiver.  ' +
    'Check that sender and receiver have the same contract and the same binding (including security requirements, e.g. Message, Transport, None).'
  );
}

/**
 * The Fault WCF's EndpointDispatcher sends when no operation has the request's action: faultcode
 * a:ActionNotSupported in WCF's addressing-none namespace, HTTP 500.
 */
export function buildActionNotSupportedFault(action: string): BuiltResponse {
  return buildFault11({ code: { ns: NS.wcfAddressingNone, local: 'ActionNotSupported' }, faultString: actionNotSupportedText(action) });
}

/** A bodiless status answer, such as WCF's 415 for a media type the binding does not take. */
export function buildEmptyStatus(status: number): BuiltResponse {
  return { status, headers: { 'content-length': '0' }, body: '' };
}

/** What IIS or a proxy answers when the service itself is down: an HTML page, not a SOAP message. */
export function buildHtmlErrorPage(status = 500, title = 'Runtime Error'): BuiltResponse {
  const body =
    `<!DOCTYPE html>\n<html><head><title>${esc(title)}</title></head>\n<body><h1>Server Error in '/' Application.</h1>\n` +
    `<h2><i>${esc(title)}</i></h2><p>An application error occurred on the server.</p></body></html>\n`;
  return { status, headers: { 'content-type': 'text/html; charset=utf-8' }, body };
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
