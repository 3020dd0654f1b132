import { NS } from '../namespaces.ts';
import { clark, type XElement } from '../../xml/tree.ts';
import { quote, xmlTrim } from '../../xml/text.ts';
import type { QName, HeaderPart } from '../wsdl.ts';
import type { CheckContext, Finding } from '../rule.ts';

export { is, textOf } from '../../xml/walk.ts';

export function qn(q: QName): string {
  return clark(q.ns, q.local);
}

/** Human name of an element's namespace, for messages. */
export function nsName(ns: string): string {
  return ns === '' ? 'no namespace' : `namespace ${quote(ns)}`;
}

export { descendants, isNil } from '../../xml/walk.ts';

/**
 * "Did you mean": an element that has the expected local name but another namespace, explained with
 * the namespace the contract wants and how to get there.
 */
export function wrongNamespace(el: XElement, expected: QName): Finding {
  const how =
    el.ns === ''
      ? `declare the namespace and qualify it, e.g. xmlns:p="${expected.ns}" and <p:${expected.local}>`
      : `bind its prefix to ${expected.ns}`;
  return {
    at: el,
    message: `${quote(el.local)} is in ${nsName(el.ns)}; the contract expects ${qn(expected)}`,
    hint: `did you mean ${qn(expected)}? ${how}`,
  };
}

export function headerParts(ctx: CheckContext): HeaderPart[] {
  return ctx.kind === 'request' ? ctx.contract.requestHeaders : ctx.contract.responseHeaders;
}

/** Text the element holds beyond XML white space, quoted for a message; '' when there is none. */
export function strayText(el: XElement): string {
  const t = xmlTrim(el.text);
  return t === '' ? '' : quote(t);
}

export const SOAP11_SPEC = 'SOAP 1.1 (W3C Note 2000-05-08)';
export const BP = 'WS-I Basic Profile 1.1';

/** Whether an element is a declared header block of this message kind by name (service namespace or unqualified). */
export function isHeaderBlockLike(ctx: CheckContext, el: XElement): boolean {
  return (el.ns === ctx.contract.tns || el.ns === '') && headerParts(ctx).some((p) => p.element.local === el.local);
}

/**
 * Body children other than misplaced header blocks: HDR-002 reports those with the better message,
 * and the operation element after them still gets every OP and IDS check.
 */
export function bodyPayload(ctx: CheckContext): XElement[] {
  return ctx.view?.bodyChildren.filter((c) => !isHeaderBlockLike(ctx, c)) ?? [];
}

/** The element the operation rules judge: the first Body child that is not a misplaced header block. */
export function operationElement(ctx: CheckContext): XElement | undefined {
  return ctx.view?.bodyChildren.find((c) => !isHeaderBlockLike(ctx, c));
}

const escapeRe = (t: string) => t.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** libxml2 names an attribute `attribute '{namespace}local'` in its schema messages. */
const SOAP_ATTRIBUTE = new RegExp(`attribute '\\{(${[NS.soap11, NS.soap12].map(escapeRe).join('|')})\\}`);

/**
 * Schema findings about SOAP's own attributes (mustUnderstand, actor, role, encodingStyle) on a header
 * block or body child: SOAP allows them on any block whatever its schema says, and the ENV rules judge them.
 */
export function isSoapAttributeNoise(f: Finding): boolean {
  return SOAP_ATTRIBUTE.test(f.message);
}
