import { decodeXml } from './decode.ts';
import { XML_NAMESPACES as NS } from './names.ts';
import type { XAttr, XDocument, XElement } from './tree.ts';
import { isXmlBlank, isXmlSpace, quote as quoted } from './text.ts';

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
  /** Characters in one run of character data (between two tags) or one CDATA section. */
  maxTextLength: number;
  /** Prefix bindings in scope at one element. */
  maxNamespaceBindings: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxBytes: 256 * 1024 * 1024,
  maxDepth: 64,
  maxElements: 5_000_000,
  maxAttributesPerElement: 256,
  // A ticket or token is a few hundred characters; a megabyte of text in one node is an attack or a bug.
  maxTextLength: 1024 * 1024,
  maxNamespaceBindings: 256,
};

export type ParseResult =
  | { ok: true; doc: XDocument; problems: ParseProblem[] }
  | { ok: false; problems: ParseProblem[] };

type MutableElement = { -readonly [K in keyof XElement]: XElement[K] } & { children: XElement[]; attrs: XAttr[] };

const NO_CHILDREN: XElement[] = [];
const NO_ATTRS: XAttr[] = [];
const XMLNS = NS.xmlns;
const XML_NS = NS.xml;

/**
 * The namespace bindings in scope at an element: its own declarations on top of its parent's scope,
 * which is shared, never copied. A document that declares a namespace on each of a million elements
 * then costs one small map per element, not a copy of everything in scope (up to 256 bindings) each.
 * Lookups walk at most `maxDepth` levels.
 */
export class NsScope implements ReadonlyMap<string, string> {
  /**
   * This element's own bindings in declaration order, prefix and URI alternating in one array: found
   * by comparing, which costs less than hashing a prefix sliced from this message; a Map as well
   * when it declares many.
   */
  private readonly pairs: readonly string[];
  private readonly own: ReadonlyMap<string, string> | undefined;

  constructor(
    readonly parent: NsScope | undefined,
    /** Distinct prefixes, each once, each followed by its URI. */
    pairs: string[],
    /** Distinct prefixes in scope. */
    readonly size: number,
  ) {
    this.pairs = pairs;
    let own: Map<string, string> | undefined;
    if (pairs.length > 2 * SCAN_MAX) {
      own = new Map();
      for (let i = 0; i < pairs.length; i += 2) own.set(pairs[i]!, pairs[i + 1]!);
    }
    this.own = own;
  }

  private ownGet(prefix: string): string | undefined {
    if (this.own !== undefined) return this.own.get(prefix);
    const ps = this.pairs;
    for (let i = 0; i < ps.length; i += 2) if (ps[i] === prefix) return ps[i + 1];
    return undefined;
  }

  get(prefix: string): string | undefined {
    for (let s: NsScope | undefined = this; s !== undefined; s = s.parent) {
      const uri = s.ownGet(prefix);
      if (uri !== undefined) return uri;
    }
    return undefined;
  }

  has(prefix: string): boolean {
    return this.get(prefix) !== undefined;
  }

  /** Innermost binding of each prefix, innermost scope first. */
  *entries(): MapIterator<[string, string]> {
    const seen = new Set<string>();
    for (let s: NsScope | undefined = this; s !== undefined; s = s.parent) {
      for (let i = 0; i < s.pairs.length; i += 2) {
        const p = s.pairs[i]!;
        if (seen.has(p)) continue;
        seen.add(p);
        yield [p, s.pairs[i + 1]!];
      }
    }
    return undefined;
  }

  *keys(): MapIterator<string> {
    for (const [p] of this.entries()) yield p;
    return undefined;
  }

  *values(): MapIterator<string> {
    for (const [, uri] of this.entries()) yield uri;
    return undefined;
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(fn: (value: string, key: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [p, uri] of this.entries()) fn(uri, p, this);
  }
}

/** Own bindings of one scope found by a linear scan; past it a Map (an element may declare 256). */
const SCAN_MAX = 8;

const ROOT_SCOPE = new NsScope(undefined, ['xml', XML_NS], 1);

/*
 * A hand-written, strict, non-validating XML 1.0 + Namespaces reader for SOAP messages. It is written
 * for this input class (small envelopes up to flat arrays of a million leaves): one pass over the
 * decoded string with native indexOf scans, no per-element allocation beyond the element itself, and
 * the first well-formedness or namespace error stops it with a position. There is no DTD support at
 * all: a DOCTYPE is refused where it starts, so no entity is ever declared, let alone expanded.
 */

/** XML 1.0 (5th ed.) §2.2 Char, inverted: the first match is the first character a document may not contain. */
const NOT_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME_START = ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_MORE = '\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040';
/** §2.3 Name. */
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}${NAME_MORE}]*$`, 'u');
/** An ASCII QName: every character a NameChar, the first of each part a NameStartChar, at most one colon. */
const ASCII_QNAME = /^[A-Z_a-z][\w.-]*(?::[A-Z_a-z][\w.-]*)?$/;
const XML_DECL =
  /<\?xml[ \t\n]+version[ \t\n]*=[ \t\n]*(?:"(1\.[0-9]+)"|'(1\.[0-9]+)')(?:[ \t\n]+encoding[ \t\n]*=[ \t\n]*(?:"([A-Za-z][A-Za-z0-9._-]*)"|'([A-Za-z][A-Za-z0-9._-]*)'))?(?:[ \t\n]+standalone[ \t\n]*=[ \t\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\n]*\?>/y;
const PREDEFINED = new Map([['lt', '<'], ['gt', '>'], ['amp', '&'], ['apos', "'"], ['quot', '"']]);

interface QNameParts {
  prefix: string;
  local: string;
  /** The name itself, one string per distinct name in a document (attribute names are not sliced anew each time). */
  name: string;
  /**
   * The scope an element of this name was last resolved in, and the namespace it got there: the
   * next one in the same scope (a million `arr:int`, siblings in an envelope) needs no lookup.
   */
  at: NsScope | undefined;
  ns: string;
}

function qnameParts(prefix: string, local: string, name: string): QNameParts {
  return { prefix, local, name, at: undefined, ns: '' };
}

/** A problem stops the reader; it is thrown to unwind and caught at the top. */
class Stop {
  constructor(readonly problem: ParseProblem) {}
}

/** Per-depth bookkeeping, reused across siblings so leaves cost no allocation. */
interface Frame {
  el: MutableElement;
  /**
   * Character data chunks once there are many (until then they are joined into el.text as they
   * come: a join per element cost more than the few concatenations of an indented envelope).
   */
  parts: string[] | null;
  /**
   * The last chunk of `parts` and how many times in a row it came: the indentation between a million
   * items is one shared string, joined by repeat() at the end instead of a million-entry array.
   */
  run: string;
  runCount: number;
  /** Chunks joined into el.text so far. */
  chunks: number;
  firstNs: string;
  firstLocal: string;
  firstCount: number;
  names: Map<string, number> | null;
  /** The children no longer all share the first one's name (and there are few: found by a scan). */
  mixed: boolean;
  /** Shared part of this element's attribute-less children (see Leaf). */
  shape: Shape | null;
}

interface Shape {
  readonly qname: string;
  readonly prefix: string;
  readonly local: string;
  readonly ns: string;
  readonly parent: XElement | undefined;
  readonly scope: NsScope;
  /** The (line-end normalized) source, for Leaf text kept as offsets. */
  readonly src: string;
  /** Attributes shared by siblings that spell them identically (`xsi:type="xsd:int"` on a million items). */
  readonly attrs: XAttr[];
}

/** Same attributes, in the same order, with the same values (their namespaces then resolve alike). */
function sameAttrs(a: readonly XAttr[], b: readonly XAttr[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i]!.qname !== b[i]!.qname || a[i]!.value !== b[i]!.value) return false;
  return true;
}

/**
 * An element without attributes, its name, namespace, parent and scope kept in a Shape shared with
 * its same-named siblings. One class with a fixed prototype (not a prototype per sibling group, which
 * would keep invalidating optimized code).
 */
class Leaf implements MutableElement {
  children: XElement[] = NO_CHILDREN;
  /**
   * Short plain text is kept as offsets into the source and sliced when read: a million `<int>`
   * values then cost no string each while the tree is built (they would all survive young-generation
   * GC), only short-lived ones when a rule looks.
   */
  textStart = 0;
  textEnd = 0;
  textValue: string | null = null;
  constructor(
    readonly shape: Shape,
    readonly line: number,
    readonly column: number,
    readonly sameNameIndex: number,
  ) {}
  get text(): string {
    if (this.textValue !== null) return this.textValue;
    return this.textEnd > this.textStart ? this.shape.src.slice(this.textStart, this.textEnd) : '';
  }
  set text(v: string) {
    this.textValue = v;
  }
  get qname(): string {
    return this.shape.qname;
  }
  get prefix(): string {
    return this.shape.prefix;
  }
  get local(): string {
    return this.shape.local;
  }
  get ns(): string {
    return this.shape.ns;
  }
  get parent(): XElement | undefined {
    return this.shape.parent;
  }
  get scope(): NsScope {
    return this.shape.scope;
  }
  get attrs(): XAttr[] {
    return this.shape.attrs;
  }
}

/** Where an element's text can be read without a string of its own: `span` is set to its range. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * The string holding `el`'s text, with `span` set to the text's range in it. A leaf's short text is
 * kept as offsets into the source: reading it here costs no slice, where `el.text` allocates one (a
 * million items read by two rules were two million short-lived strings).
 */
export function textSpan(el: XElement, span: TextSpan): string {
  if (el instanceof Leaf && el.textValue === null) {
    span.start = el.textStart;
    span.end = el.textEnd;
    return el.shape.src;
  }
  const t = el.text;
  span.start = 0;
  span.end = t.length;
  return t;
}

/** No limits given: the defaults are read as they are, not copied per message. */
const NO_LIMITS: Partial<ParseLimits> = Object.freeze({});

export function parseXml(input: Uint8Array | string, limits: Partial<ParseLimits> = NO_LIMITS): ParseResult {
  const lim = limits === NO_LIMITS ? DEFAULT_LIMITS : { ...DEFAULT_LIMITS, ...limits };
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
  if (isXmlBlank(text)) return fail('empty', 'the document is empty: no root element', 1, 1);
  // Non-fatal problems (processing instructions) found before a fatal one are kept.
  const problems: ParseProblem[] = [];
  try {
    return new Reader(text, lim, problems).run();
  } catch (e) {
    if (e instanceof Stop) return { ok: false, problems: [...problems, e.problem] };
    // A reader bug must not look like a verdict about the input.
    throw e;
  }
}

/*
 * The reader is a class, not a function with inner helpers: tsx compiles with esbuild's keepNames,
 * which wraps every closure creation in a defineProperty call, and a dozen per parse made small
 * documents cost more in naming functions than in reading XML.
 */
const isSpace = isXmlSpace;

/** Text chunk `s` joins the element's character data (a Leaf's offset text is materialized first). */
function addText(f: Frame, s: string): void {
  const el = f.el;
  if (el instanceof Leaf && el.textValue === null && el.textEnd > el.textStart) el.textValue = el.text;
  if (el.text === '') el.text = s;
  else if (f.parts !== null) {
    if (s === f.run) f.runCount++;
    else {
      flushRun(f);
      f.run = s;
      f.runCount = 1;
    }
  } else if (f.chunks < CONCAT_MAX) {
    el.text += s;
    f.chunks++;
  } else {
    f.parts = [el.text];
    f.run = s;
    f.runCount = 1;
  }
}

function flushRun(f: Frame): void {
  if (f.runCount > 0) f.parts!.push(f.runCount === 1 ? f.run : f.run.repeat(f.runCount));
  f.runCount = 0;
}

/** The element's text once its end tag is read. */
function joinText(f: Frame): void {
  if (f.parts === null) return;
  flushRun(f);
  f.el.text = f.parts.join('');
  f.parts = null;
}

/** No reference, no `]` (so no `]]>`) between start and end: the chunk is its own value. */
function plainText(src: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x26 || c === 0x5d) return false;
  }
  return true;
}

/** Text chunks of one element joined by concatenation; past it they are collected and joined once. */
const CONCAT_MAX = 8;
/** Distinct names checked per document; past it names are checked each time (no unbounded map). */
const NAMES_MAX = 4096;
/** Names up to this length are compared in place (startsWith); longer ones by native search or slice. */
const SHORT_NAME = 12;
/** Slots of the reader's table of recent names (a power of two). */
const RECENT_SIZE = 64;
const PI_REPORT_LIMIT = 50;
/** Attribute values a document reads before short ones are interned. */
const INTERN_AFTER = 64;

class Reader {
  readonly src: string;
  readonly n: number;
  // Line of each start tag by a forward-only newline cursor: tags come in document order.
  cursorLine = 1;
  lineStart = 0;
  nextNewline: number;
  pis = 0;
  /**
   * Names repeat within a document (a million `arr:int`): each distinct spelling is checked once per
   * document. Per reader, not per process: the keys are slices of this request's text, and a
   * process-wide cache would keep every request body they were cut from alive.
   */
  private names: Map<string, QNameParts> | undefined;
  /**
   * Checked names by a cheap hash of their length and end characters: the usual document has a few
   * dozen distinct names, found here by one string comparison instead of a Map lookup that hashes a
   * fresh slice. A slot taken by another name sends the name to `names`.
   */
  private readonly recent: (QNameParts | undefined)[] = new Array(RECENT_SIZE);
  private values: Map<string, string> | undefined;
  private readonly scratch: XAttr[] = [];
  /** Attribute values read so far. */
  private attrValues = 0;

  intern(v: string): string {
    const values = (this.values ??= new Map());
    const had = values.get(v);
    if (had !== undefined) return had;
    if (values.size < NAMES_MAX) values.set(v, v);
    return v;
  }

  constructor(
    readonly original: string,
    readonly lim: ParseLimits,
    readonly problems: ParseProblem[],
  ) {
    // §2.11: CR LF and lone CR are LF before parsing. Both keep every position on its line and column.
    this.src = original.includes('\r') ? original.replace(/\r\n?/g, '\n') : original;
    this.n = this.src.length;
    this.nextNewline = this.src.indexOf('\n');
  }

  where(offset: number): { line: number; column: number } {
    const src = this.src;
    let line = 1;
    let start = 0;
    for (let i = src.indexOf('\n'); i !== -1 && i < offset; i = src.indexOf('\n', i + 1)) {
      line++;
      start = i + 1;
    }
    return { line, column: offset - start + 1 };
  }

  stop(kind: ParseProblemKind, message: string, offset: number): never {
    throw new Stop({ kind, message, ...this.where(offset) });
  }

  qname(name: string, offset: number, what: string): QNameParts {
    const len = name.length;
    const h = (len * 31 + name.charCodeAt(0) * 7 + name.charCodeAt(len - 1)) & (RECENT_SIZE - 1);
    const r = this.recent[h];
    if (r !== undefined && r.name === name) return r;
    let q: QNameParts | string | undefined = r === undefined ? undefined : this.names?.get(name);
    if (q === undefined) {
      q = checkQName(name);
      // A bad name stops the reader: only good ones are kept.
      if (typeof q === 'string') {
        return this.stop(q.startsWith('ns:') ? 'namespace' : 'syntax', `${what} name "${quoted(name)}" ${q.replace(/^ns:/, '')}`, offset);
      }
      if (r === undefined) this.recent[h] = q;
      else {
        const names = (this.names ??= new Map());
        // Bounded: hostile input can invent any number of names.
        if (names.size < NAMES_MAX) names.set(name, q);
      }
    }
    return q;
  }

  lineOf(offset: number): number {
    while (this.nextNewline !== -1 && this.nextNewline < offset) {
      this.cursorLine++;
      this.lineStart = this.nextNewline + 1;
      this.nextNewline = this.src.indexOf('\n', this.lineStart);
    }
    return this.cursorLine;
  }

  skipSpace(i: number): number {
    const src = this.src;
    const n = this.n;
    while (i < n && isSpace(src.charCodeAt(i))) i++;
    return i;
  }

  /** End of a name: the first space, `/`, `>`, `=` or `?` (or the end of input). */
  nameEnd(i: number): number {
    const src = this.src;
    const n = this.n;
    for (; i < n; i++) {
      const c = src.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x09 || c === 0x3e || c === 0x2f || c === 0x3d || c === 0x3f) return i;
    }
    return i;
  }

  tooLong(offset: number): never {
    return this.stop('limit', `a text node is longer than ${this.lim.maxTextLength} characters`, offset);
  }

  decodeRefs(s: string, offset: number): string {
    let out = '';
    let last = 0;
    for (let i = s.indexOf('&'); i !== -1; i = s.indexOf('&', last)) {
      const semi = s.indexOf(';', i + 1);
      if (semi === -1) this.stop('syntax', 'a "&" that does not start a reference (write &amp;)', offset + i);
      const ref = s.slice(i + 1, semi);
      let ch: string | undefined;
      if (ref.charCodeAt(0) === 0x23 /* # */) {
        const hex = ref.charCodeAt(1) === 0x78; /* x */
        const digits = ref.slice(hex ? 2 : 1);
        // XML 1.0 §4.1 [66] allows any number of leading zeros; the significant digits are bounded.
        const significant = digits.replace(/^0+(?=.)/, '');
        const code = (hex ? /^[0-9a-fA-F]{1,8}$/ : /^[0-9]{1,10}$/).test(significant) && (hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits) ? parseInt(significant, hex ? 16 : 10) : NaN;
        if (code >= 0 && code <= 0x10ffff) {
          ch = String.fromCodePoint(code);
          if (NOT_CHAR.test(ch)) ch = undefined;
        }
        if (ch === undefined) this.stop('syntax', `character reference &${quoted(ref)}; is not a legal XML character`, offset + i);
      } else {
        ch = PREDEFINED.get(ref);
        if (ch === undefined) {
          this.stop('syntax', `entity &${quoted(ref)}; is not defined (a SOAP message has no DTD; only the five predefined entities exist)`, offset + i);
        }
      }
      out += s.slice(last, i) + ch;
      last = semi + 1;
    }
    return out + s.slice(last);
  }

  /** Comment, PI or DOCTYPE at `<!`/`<?`; returns the offset after it. Shared by prolog, content and epilog. */
  markup(i: number, inContent: boolean): number {
    const src = this.src;
    const c = src.charCodeAt(i + 1);
    if (c === 0x21 /* ! */) {
      if (src.startsWith('<!--', i)) {
        const end = src.indexOf('-->', i + 4);
        if (end === -1) this.stop('syntax', 'unterminated comment', i);
        const dd = src.indexOf('--', i + 4);
        if (dd < end || (end > i + 4 && src.charCodeAt(end - 1) === 0x2d)) this.stop('syntax', '"--" is not allowed inside a comment', dd < end ? dd : end - 1);
        return end + 3;
      }
      if (src.startsWith('<!DOCTYPE', i)) {
        // Refused on sight: nothing declared in it is ever expanded (SOAP 1.1 §3, billion laughs, XXE).
        this.stop(inContent ? 'syntax' : 'doctype', 'a DOCTYPE (DTD) is not allowed in a SOAP message; it was refused before any entity was expanded', i);
      }
      if (inContent && src.startsWith('<![CDATA[', i)) return i; // handled by the caller
      return this.stop('syntax', `unexpected markup "${quoted(src.slice(i, i + 12))}"`, i);
    }
    // Processing instruction.
    const te = this.nameEnd(i + 2);
    const target = src.slice(i + 2, te);
    if (target === '' || !NAME.test(target)) this.stop('syntax', 'processing instruction without a valid target name', i);
    // Namespaces in XML §7: a PI target is an NCName; a colon in an otherwise valid name is a namespace error.
    if (target.includes(':')) this.stop('namespace', `processing instruction target "${quoted(target)}" contains a colon (Namespaces in XML §7)`, i);
    if (target.toLowerCase() === 'xml') this.stop('syntax', 'an XML declaration is only allowed at the very start of the document', i);
    const end = src.indexOf('?>', te);
    if (end === -1) this.stop('syntax', `unterminated processing instruction <?${quoted(target)}`, i);
    if (end !== te && !isSpace(src.charCodeAt(te))) this.stop('syntax', `processing instruction target "${quoted(target)}" must be followed by a space`, te);
    // A verdict lists the first few; a million PIs must not become a million violations.
    if (++this.pis <= PI_REPORT_LIMIT) {
      this.problems.push({ kind: 'pi', message: `processing instruction <?${quoted(target)}?> is not allowed in a SOAP message`, line: this.lineOf(i), column: i - this.lineStart + 1 });
    } else if (this.pis === PI_REPORT_LIMIT + 1) {
      this.problems.push({ kind: 'pi', message: `more processing instructions follow (only the first ${PI_REPORT_LIMIT} are listed)`, line: this.lineOf(i), column: i - this.lineStart + 1 });
    }
    return end + 2;
  }

  run(): ParseResult {
    const src = this.src;
    const n = this.n;
    const lim = this.lim;
    const problems = this.problems;

    const bad = NOT_CHAR.exec(src);
    if (bad) {
      const c = bad[0].codePointAt(0)!;
      this.stop('syntax', `character U+${c.toString(16).toUpperCase().padStart(4, '0')} is not allowed in XML`, bad.index);
    }
    let xmlDeclaration: XDocument['xmlDeclaration'];
    let pos = 0;
    if (src.startsWith('<?xml', 0) && (isSpace(src.charCodeAt(5)) || src.charCodeAt(5) === 0x3f)) {
      XML_DECL.lastIndex = 0;
      const m = XML_DECL.exec(src);
      if (!m) this.stop('syntax', 'malformed XML declaration (expected <?xml version="1.0" encoding="…"?>)', 0);
      xmlDeclaration = { version: (m![1] ?? m![2])!, encoding: m![3] ?? m![4] };
      pos = XML_DECL.lastIndex;
    }

    // Prolog.
    for (;;) {
      pos = this.skipSpace(pos);
      if (pos >= n) return { ok: false, problems: [...problems, { kind: 'empty', message: 'the document has no root element', line: 1, column: 1 }] };
      if (src.charCodeAt(pos) !== 0x3c) this.stop('syntax', 'text is not allowed before the root element', pos);
      const c = src.charCodeAt(pos + 1);
      if (c === 0x21 || c === 0x3f) pos = this.markup(pos, false);
      else break;
    }

    const frames: Frame[] = [];
    let depth = 0;
    let root: MutableElement | undefined;
    let elements = 0;
    let lastName = '';
    let lastParts: QNameParts = qnameParts('', '', '');
    let lastWs = '';

    // Content: pos is at a `<` or at character data.
    while (pos < n) {
      const lt = src.indexOf('<', pos);
      const textEnd = lt === -1 ? n : lt;
      if (textEnd > pos) {
        if (depth === 0) {
          // Epilog: only white space, comments and PIs after the root element.
          for (let i = pos; i < textEnd; i++) if (!isSpace(src.charCodeAt(i))) this.stop('syntax', 'text is not allowed after the root element', i);
        } else {
          let s: string;
          const len = textEnd - pos;
          if (len > lim.maxTextLength) this.tooLong(pos);
          const f = frames[depth - 1]!;
          const el = f.el;
          if (len <= 32 && el instanceof Leaf && el.textEnd === 0 && el.textValue === null && plainText(src, pos, textEnd)) {
            el.textStart = pos;
            el.textEnd = textEnd;
            pos = textEnd;
            // fall through to the markup at `lt`
          } else {
          // Indentation between a million siblings is the same few bytes each time: share one string.
          if (len === lastWs.length && src.startsWith(lastWs, pos)) s = lastWs;
          else {
            s = src.slice(pos, textEnd);
            const gt = s.indexOf(']]>');
            if (gt !== -1) this.stop('syntax', '"]]>" is not allowed in character data', pos + gt);
            if (s.indexOf('&') !== -1) s = this.decodeRefs(s, pos);
            else if (isXmlBlank(s)) lastWs = s;
          }
          addText(f, s);
          }
        }
      }
      if (lt === -1) break;
      pos = lt;
      const c = src.charCodeAt(lt + 1);

      if (c === 0x2f /* / end tag */) {
        if (depth === 0) this.stop('syntax', 'end tag without a matching start tag', lt);
        const f = frames[depth - 1]!;
        const q = f.el.qname;
        let i = lt + 2 + q.length;
        // A long name by indexOf, not startsWith (slow on long names): a miss stops the reader, so a
        // search that runs on past the tag happens once per document at most.
        if ((q.length > SHORT_NAME ? src.indexOf(q, lt + 2) !== lt + 2 : !src.startsWith(q, lt + 2)) || (i < n && !isSpace(src.charCodeAt(i)) && src.charCodeAt(i) !== 0x3e)) {
          if (this.nameEnd(lt + 2) >= n) this.stop('syntax', `the document ends inside the end tag of <${quoted(q)}>`, lt);
          const got = src.slice(lt + 2, this.nameEnd(lt + 2));
          this.stop('syntax', `end tag </${quoted(got)}> does not match start tag <${quoted(q)}> (line ${f.el.line})`, lt);
        }
        i = this.skipSpace(i);
        if (src.charCodeAt(i) !== 0x3e) this.stop('syntax', `end tag </${quoted(q)}> is not closed with ">"`, i);
        joinText(f);
        depth--;
        pos = i + 1;
        continue;
      }
      if (c === 0x21 || c === 0x3f) {
        if (depth === 0) {
          pos = this.markup(lt, false);
          continue;
        }
        if (src.startsWith('<![CDATA[', lt)) {
          const end = src.indexOf(']]>', lt + 9);
          if (end === -1) this.stop('syntax', 'unterminated CDATA section', lt);
          if (end - lt - 9 > lim.maxTextLength) this.tooLong(lt);
          if (end > lt + 9) addText(frames[depth - 1]!, src.slice(lt + 9, end));
          pos = end + 3;
          continue;
        }
        pos = this.markup(lt, true);
        continue;
      }

      // Start tag.
      if (depth === 0 && root) this.stop('syntax', 'a document has exactly one root element; another one starts here', lt);
      const line = this.lineOf(lt);
      const column = lt - this.lineStart + 1;
      if (depth >= lim.maxDepth) throw new Stop({ kind: 'limit', message: `elements are nested deeper than ${lim.maxDepth} levels`, line, column });
      if (++elements > lim.maxElements) throw new Stop({ kind: 'limit', message: `the document has more than ${lim.maxElements} elements`, line, column });

      let i: number;
      let name: string;
      let parts: QNameParts;
      const afterLast = lt + 1 + lastName.length;
      // A long name by slice and ===, not startsWith (slow on long names; a slice of a long name
      // costs no copy); a short one by startsWith (a short slice is a copy).
      if (
        lastName !== '' &&
        this.nameEnd(afterLast) === afterLast &&
        src.charCodeAt(afterLast - 1) === lastName.charCodeAt(lastName.length - 1) &&
        (lastName.length > SHORT_NAME ? src.slice(lt + 1, afterLast) === lastName : src.startsWith(lastName, lt + 1))
      ) {
        name = lastName;
        parts = lastParts;
        i = afterLast;
      } else {
        i = this.nameEnd(lt + 1);
        if (i >= n) this.stop('syntax', 'the document ends inside a start tag', lt);
        name = src.slice(lt + 1, i);
        if (name === '') this.stop('syntax', 'a "<" that does not start a tag (write &lt;)', lt);
        parts = this.qname(name, lt + 1, 'element');
        name = parts.name;
        lastName = name;
        lastParts = parts;
      }

      // Attributes, collected in a reused scratch array (counted, not pushed: setting an array's
      // length is a runtime call) and copied at exact size below: a pushed-to array keeps room for
      // 17 entries, 140 bytes per element of a million-item array with one attribute each.
      const scratch = this.scratch;
      let na = 0;
      let seen: Set<string> | null = null;
      let selfClosing = false;
      for (;;) {
        const s = i;
        i = this.skipSpace(i);
        const ch = src.charCodeAt(i);
        if (ch === 0x3e) {
          i++;
          break;
        }
        if (ch === 0x2f) {
          if (src.charCodeAt(i + 1) !== 0x3e) this.stop('syntax', 'expected "/>"', i);
          selfClosing = true;
          i += 2;
          break;
        }
        if (i >= n) this.stop('syntax', `start tag <${quoted(name)}> is not closed`, lt);
        if (i === s) this.stop('syntax', 'attributes must be separated by white space', i);
        const ae = this.nameEnd(i);
        const an = src.slice(i, ae);
        if (an === '') this.stop('syntax', `unexpected "${src[i]}" in start tag <${quoted(name)}>`, i);
        const aq = this.qname(an, i, 'attribute');
        const aname = aq.name;
        const at = i;
        i = this.skipSpace(ae);
        if (src.charCodeAt(i) !== 0x3d) this.stop('syntax', `attribute ${quoted(an)} has no value (expected =)`, i);
        i = this.skipSpace(i + 1);
        const quote = src.charCodeAt(i);
        if (quote !== 0x22 && quote !== 0x27) this.stop('syntax', `the value of attribute ${quoted(an)} must be quoted`, i);
        const close = src.indexOf(quote === 0x22 ? '"' : "'", i + 1);
        if (close === -1) this.stop('syntax', `the value of attribute ${quoted(an)} is not closed`, i);
        let value = src.slice(i + 1, close);
        const ltIn = value.indexOf('<');
        if (ltIn !== -1) this.stop('syntax', `"<" is not allowed in the value of attribute ${quoted(an)}`, i + 1 + ltIn);
        // §3.3.3: literal white space becomes a space before references are expanded.
        if (value.indexOf('\n') !== -1 || value.indexOf('\t') !== -1) value = value.replace(/[\t\n]/g, ' ');
        if (value.indexOf('&') !== -1) value = this.decodeRefs(value, i + 1);
        // Short values repeat (namespace URIs, xsi:type="xsd:int"): keep one string each. Only a
        // document with many attributes gains from that; the first few are not worth a lookup.
        if (value.length <= 64 && ++this.attrValues > INTERN_AFTER) value = this.intern(value);
        if (na > 0) {
          if (na >= lim.maxAttributesPerElement) {
            throw new Stop({ kind: 'limit', message: `an element has more than ${lim.maxAttributesPerElement} attributes`, line, column });
          }
          // A set once there are many, so 256-attribute elements by the thousand stay linear.
          if (na < 8) {
            for (let k = 0; k < na; k++) if (scratch[k]!.qname === an) this.stop('syntax', `attribute ${quoted(an)} appears twice on <${quoted(name)}>`, at);
          } else {
            if (seen === null) {
              seen = new Set();
              for (let k = 0; k < na; k++) seen.add(scratch[k]!.qname);
            }
            if (seen.has(an)) this.stop('syntax', `attribute ${quoted(an)} appears twice on <${quoted(name)}>`, at);
            seen.add(an);
          }
        }
        const isDecl = an === 'xmlns' || aq.prefix === 'xmlns';
        scratch[na++] = { qname: aname, prefix: aq.prefix, local: aq.local, ns: isDecl ? XMLNS : '', value };
        i = close + 1;
      }

      const attrs: XAttr[] = na === 0 ? NO_ATTRS : scratch.slice(0, na);
      // Namespaces.
      const parentFrame = depth > 0 ? frames[depth - 1]! : undefined;
      const parent = parentFrame?.el;
      let scope: NsScope = parent ? (parent.scope as NsScope) : ROOT_SCOPE;
      if (attrs !== NO_ATTRS) {
        let declared: string[] | undefined;
        let size = scope.size;
        for (const a of attrs) {
          if (a.ns !== XMLNS) continue;
          const p = a.qname === 'xmlns' ? '' : a.local;
          if (p === 'xmlns') this.stop('namespace', 'the prefix xmlns must not be declared', lt);
          if (p === 'xml' ? a.value !== XML_NS : a.value === XML_NS || a.value === XMLNS) {
            this.stop('namespace', `prefix "${quoted(p)}" cannot be bound to ${a.value === '' ? 'nothing' : quoted(a.value)}`, lt);
          }
          if (p !== '' && a.value === '') this.stop('namespace', `prefix "${quoted(p)}" cannot be undeclared (xmlns:${quoted(p)}="") in XML 1.0`, lt);
          declared ??= [];
          if (!scope.has(p)) size++;
          if (size > lim.maxNamespaceBindings) {
            throw new Stop({ kind: 'limit', message: `more than ${lim.maxNamespaceBindings} namespace bindings are in scope`, line, column });
          }
          // Each prefix once: a second xmlns:p on one element was refused as a duplicate attribute.
          declared.push(p, a.value);
        }
        if (declared) scope = new NsScope(scope, declared, size);
        let prefixed = 0;
        for (const a of attrs) {
          if (a.ns === XMLNS || a.prefix === '') continue;
          const uri = scope.get(a.prefix);
          if (uri === undefined) this.stop('namespace', `prefix "${quoted(a.prefix)}" of attribute ${quoted(a.qname)} is not bound to a namespace`, lt);
          (a as { ns: string }).ns = uri!;
          prefixed++;
        }
        if (prefixed > 1) {
          // Two prefixed attributes with one expanded name (Namespaces in XML §6.3).
          const expanded = new Map<string, XAttr>();
          for (const a of attrs) {
            if (a.prefix === '' || a.ns === XMLNS) continue;
            const key = `{${a.ns}}${a.local}`;
            const other = expanded.get(key);
            if (other) this.stop('namespace', `attributes ${quoted(other.qname)} and ${quoted(a.qname)} have the same expanded name ${quoted(key)}`, lt);
            expanded.set(key, a);
          }
        }
      }
      let ns: string;
      if (parts.at === scope) ns = parts.ns;
      else {
        if (parts.prefix === '') ns = scope.get('') ?? '';
        else {
          const uri = scope.get(parts.prefix);
          if (uri === undefined) this.stop('namespace', `prefix "${quoted(parts.prefix)}" of element ${quoted(name)} is not bound to a namespace`, lt);
          ns = uri!;
        }
        parts.at = scope;
        parts.ns = ns;
      }

      // Index among same-named siblings, without a map while the siblings all share one name.
      let sameNameIndex = 0;
      if (parentFrame) {
        const f = parentFrame;
        if (parent!.children === NO_CHILDREN) {
          f.firstNs = ns;
          f.firstLocal = parts.local;
          f.firstCount = 1;
          f.names = null;
          f.mixed = false;
        } else if (!f.mixed && f.names === null && f.firstLocal === parts.local && f.firstNs === ns) {
          sameNameIndex = f.firstCount++;
        } else if (f.names === null && parent!.children.length <= SCAN_MAX) {
          // A few mixed siblings (an envelope's Header and Body): the nearest twin's index, plus one,
          // costs less than a map keyed by namespace and name.
          f.mixed = true;
          const kids = parent!.children;
          for (let k = kids.length - 1; k >= 0; k--) {
            const c = kids[k]!;
            if (c.local === parts.local && c.ns === ns) {
              sameNameIndex = c.sameNameIndex + 1;
              break;
            }
          }
        } else {
          if (f.names === null) {
            const names = new Map<string, number>();
            for (const c of parent!.children) {
              const key = `${c.ns} ${c.local}`;
              names.set(key, (names.get(key) ?? 0) + 1);
            }
            f.names = names;
          }
          const key = `${ns} ${parts.local}`;
          sameNameIndex = f.names.get(key) ?? 0;
          f.names.set(key, sameNameIndex + 1);
        }
      }

      let el: MutableElement;
      if (parentFrame && scope === parent!.scope) {
        // Siblings that declare no namespace share everything but text and position (attributes too,
        // when they spell them alike): one Shape for all of them keeps each of a million array items
        // small (less memory, cheaper GC).
        let shape = parentFrame.shape;
        if (shape === null || shape.qname !== name || shape.parent !== parent || !sameAttrs(shape.attrs, attrs)) {
          shape = { qname: name, prefix: parts.prefix, local: parts.local, ns, parent, scope, src, attrs };
          parentFrame.shape = shape;
        }
        el = new Leaf(shape, line, column, sameNameIndex);
      } else {
        el = { qname: name, prefix: parts.prefix, local: parts.local, ns, attrs, children: NO_CHILDREN, text: '', line, column, parent, sameNameIndex, scope };
      }
      if (parent) {
        if (parent.children === NO_CHILDREN) parent.children = [];
        parent.children.push(el);
      } else {
        root = el;
      }
      if (!selfClosing) {
        const f = frames[depth];
        if (f) {
          f.el = el;
          f.parts = null;
          f.runCount = 0;
          f.chunks = 0;
          f.names = null;
          f.shape = null;
        } else frames.push({ el, parts: null, run: '', runCount: 0, chunks: 0, firstNs: '', firstLocal: '', firstCount: 0, names: null, mixed: false, shape: null });
        depth++;
      }
      pos = i;
    }

    if (depth > 0) {
      const open = frames[depth - 1]!.el;
      this.stop('syntax', `the document ends before element <${quoted(open.qname)}> (line ${open.line}) is closed`, n);
    }
    if (!root) return { ok: false, problems: [...problems, { kind: 'empty', message: 'the document has no root element', line: 1, column: 1 }] };
    return { ok: true, doc: { root, source: this.original, xmlDeclaration }, problems };
  }
}

/** A QName's parts, or why it is not one (`ns:` marks a namespace rather than a syntax problem). */
function checkQName(name: string): QNameParts | string {
  // Nearly every name is ASCII: one simple expression proves it a QName (an NCName, or two joined by
  // one colon); anything else gets the full checks below, and their verdict.
  if (ASCII_QNAME.test(name)) {
    const colon = name.indexOf(':');
    return colon === -1 ? qnameParts('', name, name) : qnameParts(name.slice(0, colon), name.slice(colon + 1), name);
  }
  if (!NAME.test(name)) return 'is not a valid XML name';
  const colon = name.indexOf(':');
  if (colon === -1) return qnameParts('', name, name);
  if (colon === 0 || colon === name.length - 1 || name.indexOf(':', colon + 1) !== -1) return 'ns:is not a valid qualified name (Namespaces in XML §4)';
  const local = name.slice(colon + 1);
  if (!NAME.test(local) || local.includes(':')) return 'ns:is not a valid qualified name (Namespaces in XML §4)';
  return qnameParts(name.slice(0, colon), local, name);
}

function fail(kind: ParseProblemKind, message: string, line: number, column: number): ParseResult {
  return { ok: false, problems: [{ kind, message, line, column }] };
}
