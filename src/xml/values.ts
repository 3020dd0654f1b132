/**
 * Small helpers to write the bodies of ordinary NetServer calls and read their answers. Values are
 * written in the operation's namespace (elementFormDefault="qualified"), children in the order given,
 * which is the order the WSDL's sequence declares (WCF's DataContractSerializer is order-sensitive).
 */
import { esc } from './writer.ts';
import type { XElement } from './tree.ts';
import { descendants as allDescendants, isNil as isXsiNil } from './walk.ts';

export type XValue = string | number | boolean | null | XObject | XValue[] | RawXml;
export interface XObject {
  [name: string]: XValue;
}
/** Already serialised XML (for round-tripping an entity the tenant gave us). */
export class RawXml {
  constructor(readonly xml: string) {}
}

/** Children of an element (written in the inherited default namespace). */
export function writeChildren(value: XObject): string {
  return Object.entries(value)
    .map(([name, v]) => writeElement(name, v))
    .join('');
}

export function writeElement(name: string, v: XValue): string {
  if (Array.isArray(v)) return v.map((x) => writeElement(name, x)).join('');
  if (v === null) return `<${name} i:nil="true"/>`;
  if (v instanceof RawXml) return v.xml;
  if (typeof v === 'object') return `<${name}>${writeChildren(v)}</${name}>`;
  return `<${name}>${esc(String(v))}</${name}>`;
}

/**
 * Re-serialises an element received from the tenant under a new name, with some direct children set
 * to new text. Namespaces are kept (declared where they change), `xsi:nil` is kept, other attributes
 * are dropped. Used to send back a "default entity" with our fields filled in.
 */
export function reserialize(el: XElement, rename: string, set: Record<string, string> = {}, parentNs = el.ns): string {
  const todo = new Map(Object.entries(set));
  const kids = el.children.map((c) => {
    const v = todo.get(c.local);
    if (v !== undefined) {
      todo.delete(c.local);
      const x = c.ns !== el.ns ? ` xmlns="${esc(c.ns)}"` : '';
      return `<${c.local}${x}>${esc(v)}</${c.local}>`;
    }
    return serializeElement(c, el.ns);
  });
  for (const [k, v] of todo) kids.push(`<${k}>${esc(v)}</${k}>`);
  const x = el.ns !== parentNs ? ` xmlns="${esc(el.ns)}"` : '';
  return `<${rename}${x}>${kids.join('')}</${rename}>`;
}

function serializeElement(el: XElement, parentNs: string): string {
  const x = el.ns !== parentNs ? ` xmlns="${esc(el.ns)}"` : '';
  const nil = isXsiNil(el) ? ' i:nil="true"' : '';
  if (el.children.length === 0 && el.text === '') return `<${el.local}${x}${nil}/>`;
  const inner = el.children.length ? el.children.map((c) => serializeElement(c, el.ns)).join('') : esc(el.text);
  return `<${el.local}${x}${nil}>${inner}</${el.local}>`;
}

export function child(el: XElement | undefined, local: string): XElement | undefined {
  return el?.children.find((c) => c.local === local);
}

/** Descendants with this local name, found by the catalogue's walk (no recursion: depth is the input's). */
export function descendants(el: XElement | undefined, local: string): XElement[] {
  return el ? [...allDescendants(el)].filter((c) => c.local === local) : [];
}

export function isNil(el: XElement | undefined): boolean {
  return !!el && isXsiNil(el);
}

export function textAt(el: XElement | undefined, ...path: string[]): string | undefined {
  let cur = el;
  for (const p of path) cur = child(cur, p);
  return cur && !isNil(cur) ? cur.text.trim() : undefined;
}

export function intAt(el: XElement | undefined, ...path: string[]): number | undefined {
  const t = textAt(el, ...path);
  return t !== undefined && /^-?\d+$/.test(t) ? Number(t) : undefined;
}
