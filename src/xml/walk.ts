import { XML_NAMESPACES } from './names.ts';
import type { XElement } from './tree.ts';
import { xmlTrim } from './text.ts';

/** Depth-first walk without recursion: documents can be deep and wide. */
export function* descendants(el: XElement): Generator<XElement> {
  const stack: XElement[] = [...el.children].reverse();
  while (stack.length) {
    const e = stack.pop()!;
    yield e;
    for (let i = e.children.length - 1; i >= 0; i--) stack.push(e.children[i]!);
  }
}

/** Whether `xsi:nil` on the element says nil (xs:boolean lexical space). */
export function isNil(el: XElement): boolean {
  const a = el.attrs.find((x) => x.ns === XML_NAMESPACES.xsi && x.local === 'nil');
  const v = a && xmlTrim(a.value);
  return v === 'true' || v === '1';
}

/** Whether the element has this namespace and local name. */
export function is(el: XElement | undefined, q: { ns: string; local: string }): boolean {
  return !!el && el.ns === q.ns && el.local === q.local;
}

/** The element's text without surrounding XML white space (never JavaScript's trim(), which strips U+00A0). */
export function textOf(el: XElement): string {
  return xmlTrim(el.text);
}
