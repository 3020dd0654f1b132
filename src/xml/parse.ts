import { SaxesParser, type SaxesTagNS } from 'saxes';
import { decodeXml } from './decode.ts';
import type { XAttr, XDocument, XElement } from './tree.ts';

/** What can go wrong while reading a document; the catalogue maps each kind to an `XML-*` rule. */
export type ParseProblemKind = 'empty' | 'encoding' | 'syntax' | 'namespace' | 'doctype' | 'pi' | 'limit';

export interface ParseProblem {
  kind: ParseProblemKind;
  message: string;
  line: number;
  column: number;
}

export interface ParseLimits {
  /** Bytes of input. */
  maxBytes: number;
  /** Element nesting. A DeleteChatSessions envelope is 5 deep; 64 leaves room for rich header blocks. */
  maxDepth: number;
  maxElements: number;
  maxAttributesPerElement: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 5_000_000,
  maxAttributesPerElement: 256,
};

export type ParseResult =
  | { ok: true; doc: XDocument; problems: ParseProblem[] }
  | { ok: false; problems: ParseProblem[] };

interface Open {
  el: MutableElement;
  text: string[];
  counts: Map<string, number>;
}

type MutableElement = { -readonly [K in keyof XElement]: XElement[K] } & { children: XElement[]; attrs: XAttr[] };

const NO_CHILDREN: XElement[] = [];
const NO_ATTRS: XAttr[] = [];
const XMLNS = 'http://www.w3.org/2000/xmlns/';

class Abort extends Error {}

export function parseXml(input: Uint8Array | string, limits: Partial<ParseLimits> = {}): ParseResult {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const size = typeof input === 'string' ? Buffer.byteLength(input) : input.byteLength;
  if (size > lim.maxBytes) {
    return fail('limit', `the document is ${size} bytes, over the limit of ${lim.maxBytes}`, 1, 1);
  }
  let text: string;
  if (typeof input === 'string') {
    text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  } else {
    const d = decodeXml(input);
    if ('kind' in d) return fail('encoding', d.message, d.line, d.column);
    text = d.text;
  }
  if (text.trim() === '') return fail('empty', 'the document is empty: no root element', 1, 1);

  const problems: ParseProblem[] = [];
  const stack: Open[] = [];
  let root: XElement | undefined;
  let elements = 0;
  let attributes = 0;
  let startLine = 1;
  let startColumn = 1;
  let xmlDeclaration: XDocument['xmlDeclaration'];

  const p = new SaxesParser<{ xmlns: true; position: true }>({ xmlns: true, position: true });
  const stop = (kind: ParseProblemKind, message: string, line = p.line, column = p.column + 1): never => {
    problems.push({ kind, message, line, column });
    throw new Abort(message);
  };

  p.on('error', (e) => {
    const msg = e.message.replace(/^\d+:\d+: /, '');
    stop(/prefix|namespace|xmlns/i.test(msg) ? 'namespace' : 'syntax', msg);
  });
  p.on('xmldecl', (d) => {
    xmlDeclaration = { version: d.version ?? '1.0', encoding: d.encoding };
  });
  p.on('doctype', () => {
    // Refused on sight: nothing declared in it is ever expanded (SOAP 1.1 §3, billion laughs, XXE).
    const at = text.indexOf('<!DOCTYPE');
    const before = at < 0 ? '' : text.slice(0, at);
    const line = before.split('\n').length;
    const column = at < 0 ? p.column + 1 : at - before.lastIndexOf('\n');
    stop('doctype', 'a DOCTYPE (DTD) is not allowed in a SOAP message; it was refused before any entity was expanded', line, column);
  });
  p.on('processinginstruction', (pi) => {
    problems.push({ kind: 'pi', message: `processing instruction <?${pi.target}?> is not allowed in a SOAP message`, line: p.line, column: p.column + 1 });
  });
  // Line/column of the `<` of each start tag, from saxes' character offset (just past the name and
  // one delimiter, which may be a newline). Tags arrive in document order, so one forward-moving
  // cursor over the newlines keeps this linear.
  let cursorLine = 1;
  let lineStart = 0;
  let nextNewline = text.indexOf('\n');
  p.on('opentagstart', (t) => {
    const lt = p.position - t.name.length - 2;
    while (nextNewline !== -1 && nextNewline < lt) {
      cursorLine++;
      lineStart = nextNewline + 1;
      nextNewline = text.indexOf('\n', lineStart);
    }
    startLine = cursorLine;
    startColumn = lt - lineStart + 1;
    attributes = 0;
    if (stack.length >= lim.maxDepth) stop('limit', `elements are nested deeper than ${lim.maxDepth} levels`, startLine, startColumn);
    if (++elements > lim.maxElements) stop('limit', `the document has more than ${lim.maxElements} elements`, startLine, startColumn);
  });
  p.on('attribute', () => {
    if (++attributes > lim.maxAttributesPerElement) {
      stop('limit', `an element has more than ${lim.maxAttributesPerElement} attributes`, startLine, startColumn);
    }
  });
  p.on('opentag', (t: SaxesTagNS) => {
    const parent = stack[stack.length - 1];
    const attrs: XAttr[] = [];
    for (const a of Object.values(t.attributes)) {
      attrs.push({ qname: a.name, prefix: a.prefix, local: a.local, ns: a.uri, value: a.value });
    }
    const ns = t.uri ?? '';
    const key = `${ns} ${t.local}`;
    const idx = parent ? parent.counts.get(key) ?? 0 : 0;
    if (parent) parent.counts.set(key, idx + 1);
    const declares = attrs.some((a) => a.ns === XMLNS || a.qname === 'xmlns');
    const el: MutableElement = {
      qname: t.name,
      prefix: t.prefix,
      local: t.local,
      ns,
      attrs: attrs.length ? attrs : NO_ATTRS,
      children: NO_CHILDREN,
      text: '',
      line: startLine,
      column: startColumn,
      parent: parent?.el,
      sameNameIndex: idx,
      scope: declares || !parent ? scopeOf(attrs, parent?.el.scope) : parent.el.scope,
    };
    if (parent) {
      if (parent.el.children === NO_CHILDREN) parent.el.children = [];
      parent.el.children.push(el);
    } else {
      root = el;
    }
    stack.push({ el, text: [], counts: new Map() });
  });
  const onText = (s: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text.push(s);
  };
  p.on('text', onText);
  p.on('cdata', onText);
  p.on('closetag', () => {
    const top = stack.pop();
    if (top && top.text.length) top.el.text = top.text.length === 1 ? top.text[0]! : top.text.join('');
  });

  try {
    p.write(text).close();
  } catch (e) {
    if (e instanceof Abort) return { ok: false, problems };
    // A parser bug must not look like a verdict about the input.
    throw e;
  }
  if (!root) return fail('empty', 'the document has no root element', 1, 1);
  return { ok: true, doc: { root, source: text, xmlDeclaration }, problems };
}

function scopeOf(attrs: readonly XAttr[], inherited: ReadonlyMap<string, string> | undefined): ReadonlyMap<string, string> {
  const scope = new Map(inherited ?? [['xml', 'http://www.w3.org/XML/1998/namespace']]);
  for (const a of attrs) {
    if (a.qname === 'xmlns') scope.set('', a.value);
    else if (a.prefix === 'xmlns') scope.set(a.local, a.value);
  }
  return scope;
}

function fail(kind: ParseProblemKind, message: string, line: number, column: number): ParseResult {
  return { ok: false, problems: [{ kind, message, line, column }] };
}
