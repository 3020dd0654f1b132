import { elide, FIELD_MAX, isXmlBlank, quote, xmlTrim } from './text.ts';

/**
 * A compact, read-only element tree built by the safe parser. It keeps exactly what the rules need
 * (expanded names, in-scope namespaces, source positions) and nothing else, so a million-item `Ids`
 * array stays linear in time and modest in memory. XPath assertions use xmldom instead (src/xml/xpath.ts).
 */
export interface XAttr {
  readonly qname: string;
  readonly prefix: string;
  readonly local: string;
  readonly ns: string;
  readonly value: string;
}

export interface XElement {
  readonly qname: string;
  readonly prefix: string;
  readonly local: string;
  readonly ns: string;
  readonly attrs: readonly XAttr[];
  readonly children: readonly XElement[];
  /** Concatenated character data directly inside this element (not descendants). */
  readonly text: string;
  /** 1-based position of the `<` that starts the element. */
  readonly line: number;
  readonly column: number;
  readonly parent: XElement | undefined;
  /** Index among siblings with the same expanded name (0-based), for paths like `int[3]`. */
  readonly sameNameIndex: number;
  /** Prefix → namespace bindings in scope at this element ('' is the default namespace). */
  readonly scope: ReadonlyMap<string, string>;
}

export interface XDocument {
  readonly root: XElement;
  readonly source: string;
  readonly xmlDeclaration: { version: string; encoding: string | undefined } | undefined;
}

export interface Location {
  line: number;
  column: number;
  path: string;
}

const SEP = ' › ';

/**
 * `Envelope › Body › DeleteChatSessions › Ids › int[3]`: each name quoted (a 7 MiB element name costs
 * a path QUOTE_MAX characters), the whole at most FIELD_MAX.
 */
export function pathOf(el: XElement): string {
  const parts: string[] = [];
  for (let e: XElement | undefined = el; e; e = e.parent) {
    const cur = e;
    // `some` stops at the first twin, so paths stay cheap even inside a million-item array.
    const repeated = cur.sameNameIndex > 0 || (cur.parent?.children.some((s) => s !== cur && s.local === cur.local && s.ns === cur.ns) ?? false);
    const name = quote(cur.local);
    parts.push(repeated ? `${name}[${cur.sameNameIndex + 1}]` : name);
  }
  return elide(parts.reverse().join(SEP), FIELD_MAX);
}

export function locate(el: XElement): Location {
  return { line: el.line, column: el.column, path: pathOf(el) };
}

export function attr(el: XElement, ns: string, local: string): XAttr | undefined {
  return el.attrs.find((a) => a.ns === ns && a.local === local);
}

export function childElements(el: XElement, ns?: string, local?: string): XElement[] {
  return el.children.filter((c) => (ns === undefined || c.ns === ns) && (local === undefined || c.local === local));
}

/** Character data other than XML white space (U+00A0 is text). */
export function hasText(el: XElement): boolean {
  return !isXmlBlank(el.text);
}

/** Clark notation, used in messages: `{urn:x}name`, each part quoted (bounded). */
export function clark(ns: string, local: string): string {
  return ns ? `{${quote(ns)}}${quote(local)}` : quote(local);
}

/** Resolve a QName-valued attribute (e.g. xsi:type) against the element's in-scope namespaces. */
export function resolveQName(el: XElement, value: string): { ns: string; local: string } | { unboundPrefix: string } {
  const v = xmlTrim(value);
  const i = v.indexOf(':');
  const prefix = i < 0 ? '' : v.slice(0, i);
  const local = i < 0 ? v : v.slice(i + 1);
  const ns = el.scope.get(prefix);
  if (ns === undefined) {
    if (prefix === '') return { ns: '', local };
    return { unboundPrefix: prefix };
  }
  return { ns, local };
}
