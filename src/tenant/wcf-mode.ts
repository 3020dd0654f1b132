/**
 * The emulated tenant's `wcf` mode: DeleteChatSessions answered the way the WCF reference in the
 * tests answers (test/wcf; the measured data is src/contract/consequences.ts), silent acceptance
 * included. A request that breaks a rule whose consequence is a failure fails that way; one that only
 * breaks rules WCF tolerates is read as WCF's message contract reads it: strictly by namespace, so an
 * unqualified Ids is read as null and nothing is deleted, and the answer is still Succeeded=true.
 */
import { CONSEQUENCES, type Outcome } from '../contract/consequences.ts';
import { NS } from '../contract/namespaces.ts';
import type { Violation } from '../contract/rule.ts';
import type { DeleteChatSessionsContract as OperationContract } from '../contract/delete-chat-sessions.ts';
import { buildFault11, type BuiltResponse } from '../envelope/response.ts';
import { isNil } from '../xml/walk.ts';
import type { XElement } from '../xml/tree.ts';

export type WcfAnswer =
  | { kind: 'proceed' }
  | { kind: 'respond'; response: BuiltResponse }
  /** Close the connection without an answer. */
  | { kind: 'drop' }
  /** Say nothing and keep the connection open (the client gives up). */
  | { kind: 'hang' };

/**
 * The order WCF meets problems in: the transport (media type, connection), then reading the
 * envelope, then deserializing the body. The first failing consequence among the errors wins.
 */
const FAILURE_ORDER: readonly Outcome['kind'][] = ['http-415', 'connection-dropped', 'no-answer', 'http-error', 'empty-response', 'fault'];

/** What the WCF reference did with the request's errors: a failure, or proceed with a strict read. */
export function wcfAnswer(errors: readonly Violation[], action: string): WcfAnswer {
  const outcomes = errors.map((e) => CONSEQUENCES[e.rule]).filter((c): c is NonNullable<typeof c> => c !== undefined);
  for (const kind of FAILURE_ORDER) {
    const hit = outcomes.find((o) => o.kind === kind);
    if (!hit) continue;
    switch (kind) {
      case 'http-415':
        return { kind: 'respond', response: { status: 415, headers: {}, body: '' } };
      case 'connection-dropped':
        return { kind: 'drop' };
      case 'no-answer':
        return { kind: 'hang' };
      case 'http-error':
        return { kind: 'respond', response: { status: hit.status ?? 400, headers: { 'content-type': 'text/html' }, body: '<h1>Bad Request</h1>' } };
      case 'empty-response':
        return { kind: 'respond', response: { status: hit.status ?? 200, headers: {}, body: '' } };
      case 'fault':
        return { kind: 'respond', response: referenceFault(hit.faultCode ?? 'InternalServiceFault', action) };
    }
  }
  return { kind: 'proceed' };
}

/** The ActionNotSupported Fault as the reference writes it. */
export function wcfActionNotSupported(action: string): BuiltResponse {
  return referenceFault('ActionNotSupported', action);
}

/** The Faults as the reference writes them (Mono: `Receiver` unqualified, the others in WCF's addressing namespace). */
function referenceFault(code: string, action: string): BuiltResponse {
  if (code === 'Receiver') {
    const body = `<s:Fault><faultcode>Receiver</faultcode><faultstring xml:lang="">There was an error deserializing the object of type System.Int32[].</faultstring></s:Fault>`;
    return { status: 500, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS.soap11}"><s:Body>${body}</s:Body></s:Envelope>` };
  }
  const text =
    code === 'ActionNotSupported'
      ? `Action '${action}' did not match any operations in the target contract`
      : 'The server was unable to process the request due to an internal error.  The server may be able to return exception details (it depends on the server settings).';
  return buildFault11({ code: { ns: NS.wcfAddressingNone, local: code }, faultString: text });
}

export interface WcfRead {
  /** null where the message contract reads null (unqualified, nil, missing). */
  ids: number[] | null;
  ticket: string | null;
  applicationToken: string | null;
}

const is = (e: XElement, q: { ns: string; local: string }) => e.ns === q.ns && e.local === q.local;

/**
 * The values as WCF's message contract reads them: header blocks only from the Header that is
 * Envelope's first child, each in the service namespace; Ids only in the service namespace (the last
 * one wins), its items only in the Arrays namespace.
 */
export function wcfRead(env: XElement, c: OperationContract): WcfRead {
  const first = env.children[0];
  const header = first && first.local === 'Header' && first.ns === env.ns ? first : undefined;
  const body = env.children.find((x) => x.local === 'Body' && x.ns === env.ns);
  const token = c.requestHeaders.find((h) => h.children.length === 0);
  const cred = c.requestHeaders.find((h) => h.children.length === 1);
  const block = (q: { ns: string; local: string } | undefined) => (q && header ? header.children.find((b) => is(b, q)) : undefined);
  const tokenEl = block(token?.element);
  const credEl = block(cred?.element);
  const ticketEl = credEl?.children.find((x) => x.ns === c.tns && x.local === cred!.children[0]);
  const op = body?.children.find((x) => is(x, c.request));
  const idsEls = op?.children.filter((x) => is(x, c.ids.element)) ?? [];
  const idsEl = idsEls[idsEls.length - 1];
  const ids = !idsEl || isNil(idsEl) ? null : idsEl.children.filter((x) => is(x, c.ids.item)).map((x) => Number(x.text.trim()));
  const text = (e: XElement | undefined) => (e && !isNil(e) ? e.text.trim() : null);
  return { ids, ticket: text(ticketEl), applicationToken: text(tokenEl) };
}
