/**
 * Namespace-bound XPath for assertions on SMALL documents (one envelope at a time): the `xpath`
 * package is quadratic or worse on big node sets, so rules never use it; steps and tests do.
 *
 * Prefixes in expressions are a fixed registry passed in (contract/xpath-bindings.ts), never the document's own: `so:Ids` means
 * {service namespace}Ids whatever prefix the sender chose, which is exactly the point of asserting
 * by namespace.
 */
import { DOMParser, type Document as XDoc, type Element as XEl, type Node as XNode } from '@xmldom/xmldom';
import { createRequire } from 'node:module';
import { parseXml } from './parse.ts';
import { clark } from './tree.ts';

/**
 * The two calls used from the `xpath` package, typed here: its own .d.ts pulls the whole DOM lib into
 * the program (`/// <reference lib="dom" />`), which changes global types such as fetch's BodyInit
 * for every file in the project.
 */
type Select = (expression: string, node: XNode) => XNode[] | XNode | string | number | boolean | null;
const xpath = createRequire(import.meta.url)('xpath') as { useNamespaces(map: Record<string, string>): Select };

/** Prefix → namespace URI; the contract's registry is built in src/contract/xpath-bindings.ts. */
export type Bindings = Readonly<Record<string, string>>;

export function describeBindings(bindings: Readonly<Record<string, string>>): string {
  return Object.entries(bindings)
    .map(([p, u]) => `${p} = ${u}`)
    .join('\n');
}

export type XPathErrorKind = 'not-xml' | 'bad-expression' | 'no-match' | 'wrong-type';

/** A failed query, with everything a reader needs to see why: the expression, the bindings, hints. */
export class XPathError extends Error {
  override readonly name = 'XPathError';
  constructor(
    readonly kind: XPathErrorKind,
    readonly expression: string,
    readonly bindings: Readonly<Record<string, string>>,
    readonly detail: string,
    readonly suggestions: readonly string[] = [],
  ) {
    super(
      [
        `${detail}`,
        `  XPath: ${expression}`,
        ...(suggestions.length ? suggestions.map((s) => `  ${s}`) : []),
        `  with namespace bindings:`,
        ...describeBindings(bindings)
          .split('\n')
          .map((l) => `    ${l}`),
      ].join('\n'),
    );
  }
}

export type XPathValue = string | number | boolean | XNode[];

const QNAME_STEP = /(?<![\w$@-])(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)(?=\s*(?:\[|\/|\)|$|\s|\||,|=|!|<|>))/g;
const AXES_AND_FUNCTIONS = new Set([
  'and', 'or', 'div', 'mod', 'node', 'text', 'comment', 'processing-instruction', 'true', 'false', 'last', 'position',
  'count', 'string', 'number', 'boolean', 'not', 'sum', 'normalize-space', 'local-name', 'namespace-uri', 'name', 'contains',
  'starts-with', 'string-length', 'concat', 'substring', 'translate', 'floor', 'ceiling', 'round', 'lang', 'id',
]);

/** A parsed small document you can ask XPath questions of. */
export class XmlQuery {
  private readonly select: Select;

  private constructor(
    readonly document: XDoc,
    readonly bindings: Bindings,
  ) {
    this.select = xpath.useNamespaces(this.bindings);
  }

  /**
   * Parses bytes already fit for the safe parser (no DTD, within limits, well-formed); anything else is
   * an XPathError of kind `not-xml` carrying the parser's located message, never an exception from xmldom.
   */
  static parse(input: Uint8Array | string, options: { bindings: Bindings }): XmlQuery | XPathError {
    const checked = parseXml(input);
    const bindings = options.bindings;
    if (!checked.ok) {
      const p = checked.problems[0]!;
      return new XPathError('not-xml', '(none)', bindings, `not an XML document XPath can query: ${p.message} (line ${p.line}, column ${p.column})`);
    }
    let fatal: string | undefined;
    const dom = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') fatal ??= msg;
      },
    }).parseFromString(checked.doc.source, 'text/xml');
    if (fatal !== undefined) return new XPathError('not-xml', '(none)', bindings, `xmldom refused the document: ${fatal}`);
    return new XmlQuery(dom, bindings);
  }

  /** Raw evaluation: a node list, string, number or boolean. */
  evaluate(expression: string, context?: XNode): XPathValue {
    try {
      const r = this.select(expression, context ?? this.document);
      if (Array.isArray(r)) return r as unknown as XNode[];
      if (typeof r === 'string' || typeof r === 'number' || typeof r === 'boolean') return r;
      return r === null ? [] : [r as unknown as XNode];
    } catch (e) {
      throw new XPathError('bad-expression', expression, this.bindings, `the XPath expression is not valid: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** Nodes selected; an empty list is a valid answer here. */
  nodes(expression: string): XNode[] {
    const r = this.evaluate(expression);
    if (!Array.isArray(r)) throw new XPathError('wrong-type', expression, this.bindings, `the expression yields a ${typeof r}, not nodes`);
    return r;
  }

  /** At least one node, or an XPathError that suggests same-named nodes in other namespaces. */
  some(expression: string): XNode[] {
    const r = this.nodes(expression);
    if (r.length === 0) throw this.noMatch(expression);
    return r;
  }

  /** Exactly one node. */
  one(expression: string): XNode {
    const r = this.some(expression);
    if (r.length > 1) throw new XPathError('no-match', expression, this.bindings, `expected one node, selected ${r.length}`);
    return r[0]!;
  }

  count(expression: string): number {
    return this.nodes(expression).length;
  }

  /** The string value: of the first selected node, or of a string/number/boolean expression. */
  string(expression: string): string {
    const r = this.evaluate(expression);
    if (Array.isArray(r)) {
      if (r.length === 0) throw this.noMatch(expression);
      return r[0]!.textContent ?? '';
    }
    return String(r);
  }

  boolean(expression: string): boolean {
    const r = this.evaluate(expression);
    return Array.isArray(r) ? r.length > 0 : typeof r === 'string' ? r.length > 0 : typeof r === 'number' ? r !== 0 && !Number.isNaN(r) : r;
  }

  /** The error for an empty selection, with "did you mean" hints for names bound to another namespace. */
  noMatch(expression: string): XPathError {
    return new XPathError('no-match', expression, this.bindings, 'the XPath selected nothing', this.suggest(expression));
  }

  /**
   * For every name test in the expression that matches no element of the document, lists elements
   * with the same local name in other namespaces. Heuristic on purpose: it reads name tests with a
   * regular expression, which is enough for the location paths steps write.
   */
  suggest(expression: string): string[] {
    const all = Array.from(this.document.getElementsByTagName('*')) as XEl[];
    const out: string[] = [];
    const seen = new Set<string>();
    // String literals and attribute tests are not element name tests.
    const names = expression.replace(/"[^"]*"|'[^']*'/g, '""').replace(/(?:@|attribute::)[\w.-]+(?::[\w.-]+)?/g, '@');
    for (const m of names.matchAll(QNAME_STEP)) {
      const prefix = m[1];
      const local = m[2]!;
      if (!prefix && AXES_AND_FUNCTIONS.has(local)) continue;
      const ns = prefix ? (this.bindings as Record<string, string>)[prefix] : '';
      if (ns === undefined) {
        out.push(`prefix "${prefix}" is not in the registry (${Object.keys(this.bindings).join(' ')})`);
        continue;
      }
      if (all.some((e) => e.localName === local && (e.namespaceURI ?? '') === ns)) continue;
      const others = [...new Set(all.filter((e) => e.localName === local).map((e) => clark(e.namespaceURI ?? '', local)))];
      const key = `${prefix ?? ''}:${local}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (others.length) out.push(`no element ${clark(ns, local)} in the document; did you mean ${others.map((o) => `\`${o}\``).join(' or ')}?`);
      else out.push(`no element named ${local} in any namespace`);
    }
    return out;
  }
}

/** Convenience for one-off questions: parse, then ask. Throws XPathError. */
export function queryXml(input: Uint8Array | string, options: { bindings: Bindings }): XmlQuery {
  const q = XmlQuery.parse(input, options);
  if (q instanceof XPathError) throw q;
  return q;
}
