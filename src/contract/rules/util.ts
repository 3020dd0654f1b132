import { NS } from '../namespaces.ts';
import { clark, type XElement } from '../../xml/tree.ts';
import type { QName, HeaderPart } from '../wsdl.ts';
import type { CheckContext, Finding } from '../rule.ts';

export function is(el: XElement | undefined, q: QName): boolean {
  return !!el && el.ns === q.ns && el.local === q.local;
}

export function qn(q: QName): string {
  return clark(q.ns, q.local);
}

/** Human name of an element's namespace, for messages. */
export function nsName(ns: string): string {
  return ns === '' ? 'no namespace' : `namespace ${ns}`;
}

/** Depth-first walk without recursion: documents can be deep and wide. */
export function* descendants(el: XElement): Generator<XElement> {
  const stack: XElement[] = [...el.children].reverse();
  while (stack.length) {
    const e = stack.pop()!;
    yield e;
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
  }
}

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
    message: `${el.local} is in ${nsName(el.ns)}; the contract expects ${qn(expected)}`,
    hint: `did you mean ${qn(expected)}? ${how}`,
  };
}

export function headerParts(ctx: CheckContext): HeaderPart[] {
  return ctx.kind === 'request' ? ctx.contract.requestHeaders : ctx.contract.responseHeaders;
}

/** Whether `xsi:nil` on the element says nil (xs:boolean lexical space). */
export function isNil(el: XElement): boolean {
  const a = el.attrs.find((x) => x.ns === NS.xsi && x.local === 'nil');
  return !!a && (a.value.trim() === 'true' || a.value.trim() === '1');
}

export function textOf(el: XElement): string {
  return el.text.trim();
}

export const SOAP11_SPEC = 'SOAP 1.1 (W3C Note 2000-05-08)';
export const BP = 'WS-I Basic Profile 1.1';
