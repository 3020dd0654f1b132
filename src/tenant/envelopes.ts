/**
 * Responses of the emulated tenant for ordinary operations, shaped like the DeleteChatSessions ones in
 * src/envelope/response.ts (the same WCF shape: the operation's response header blocks, nil ones with
 * their own xmlns and prefix `i`). DeleteChatSessions itself is answered by those builders directly.
 */
import { NS } from '../contract/namespaces.ts';
import { exceptionInfoXml, wcfResponseHeaders, type BuiltResponse } from '../envelope/response.ts';
import type { OperationContract } from '../contract/services.ts';

const CT = 'text/xml; charset=utf-8';

export { exceptionInfoXml };

const headers = (op: OperationContract, succeeded: boolean, exceptionInfo?: string): string => wcfResponseHeaders(op.responseHeaders, succeeded, exceptionInfo);

function envelope(header: string, body: string): string {
  return `<s:Envelope xmlns:s="${NS.soap11}"><s:Header>${header}</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

/** HTTP 200, Succeeded=true, `inner` as the children of the response element. */
export function opSuccess(op: OperationContract, inner: string): BuiltResponse {
  const r = op.response.local;
  const body = inner ? `<${r} xmlns="${op.response.ns}" xmlns:i="${NS.xsi}">${inner}</${r}>` : `<${r} xmlns="${op.response.ns}"/>`;
  return { status: 200, headers: { 'content-type': CT }, body: envelope(headers(op, true), body) };
}

/** An application error the NetServer way: HTTP 200, Succeeded=false, ExceptionInfo filled. */
export function opAppError(op: OperationContract, message: string, exceptionType: string): BuiltResponse {
  const r = op.response.local;
  return { status: 200, headers: { 'content-type': CT }, body: envelope(headers(op, false, exceptionInfoXml(message, exceptionType)), `<${r} xmlns="${op.response.ns}"/>`) };
}
