import { XmlDocument, type XmlElement, type XmlTreeNode } from 'libxml2-wasm';
import { pathOf, type XDocument, type XElement } from '../../xml/tree.ts';
import type { CheckContext, Finding } from '../rule.ts';

/**
 * XSD backstop: validates one element of the message in place with the WSDL's schemas. The message
 * is parsed by libxml2 once per check, lazily, and only after the safe parser refused any DTD.
 */
const parsed = new WeakMap<XDocument, XmlDocument | null>();

function libxmlDoc(doc: XDocument): XmlDocument | null {
  if (!parsed.has(doc)) {
    // The string is already decoded; blank the declared encoding (same length, so columns hold) or
    // libxml2 would try to re-decode UTF-16-declared text it receives as UTF-8.
    const text = doc.source.replace(/^(<\?xml[^>]*?)(encoding\s*=\s*(["'])[^"']*\3)/, (_m, a: string, b: string) => a + ' '.repeat(b.length));
    let d: XmlDocument | null = null;
    try {
      d = XmlDocument.fromString(text);
    } catch {
      d = null;
    }
    parsed.set(doc, d);
  }
  return parsed.get(doc) ?? null;
}

export function releaseSchemaDoc(doc: XDocument): void {
  parsed.get(doc)?.dispose();
  parsed.delete(doc);
}

function elementChildren(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (let n: XmlTreeNode | null = el.firstChild; n; n = n.next) if ('firstChild' in n && 'attrs' in n) out.push(n as XmlElement);
  return out;
}

/** Finds the libxml2 element at the same position as `target` by walking element-child indices. */
function counterpart(doc: XmlDocument, target: XElement): XmlElement | undefined {
  const indices: number[] = [];
  for (let e = target; e.parent; e = e.parent) indices.push(e.parent.children.indexOf(e));
  let cur: XmlElement | undefined = doc.root;
  for (const i of indices.reverse()) cur = cur ? elementChildren(cur)[i] : undefined;
  return cur;
}

export function schemaFindings(ctx: CheckContext, el: XElement): Finding[] {
  if (!ctx.doc) return [];
  const doc = libxmlDoc(ctx.doc);
  const node = doc ? counterpart(doc, el) : undefined;
  if (!node) return [{ at: el, message: `${el.local} could not be checked against the schema (libxml2 could not read the message)` }];
  return ctx.schemas.validateElement(node, el.ns).map((e) => ({
    at: { line: e.line || el.line, column: e.line === el.line ? el.column : 1, path: pathOf(el) },
    message: `schema: ${e.message}`,
  }));
}
