import { resolveQName, type XDocument, type XElement } from '../../xml/tree.ts';
import { NS } from '../namespaces.ts';
import type { OperationContract, QName } from '../wsdl.ts';
import type { SchemaError } from '../schema.ts';
import type { CheckContext, Finding } from '../rule.ts';

/**
 * XSD backstop: validates one element of the message with the WSDL's schemas (libxml2).
 *
 * The element is re-serialized from the safe parser's tree rather than re-parsing the whole message:
 * libxml2 then never sees anything but a small, well-formed, DTD-free fragment, and each start tag is
 * put on its own line so libxml2's line numbers map back to our elements and their source positions.
 *
 * Array items that are plainly valid (`<arr:int>` with an in-range integer, no attributes but
 * namespace declarations, no children) are left out after the first one. Dropping valid occurrences
 * of the one repeated particle of ArrayOfint cannot change the verdict, and it keeps a million-id
 * request from costing a million-node libxml2 tree. Every other item, valid or not, is kept, so the
 * backstop still judges anything the specific IDS rules do not name.
 */

/** Kept for callers that release per-document state; the fragment approach keeps none. */
export function releaseSchemaDoc(_doc: XDocument): void {}

interface Fragment {
  xml: string;
  /** Element whose start tag is on line i + 1. */
  lines: XElement[];
}

const INT_MIN = 2147483648; // magnitude of xs:int's minimum
const INT_MAX = 2147483647;

/** xs:int after the whitespace facet "collapse": only XML white space, never JavaScript's wider trim. */
function isPlainInt(s: string): boolean {
  const n = s.length;
  let i = 0;
  while (i < n && isXmlSpace(s.charCodeAt(i))) i++;
  let neg = false;
  const sign = s.charCodeAt(i);
  if (sign === 0x2b || sign === 0x2d) {
    neg = sign === 0x2d;
    i++;
  }
  let value = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    value = value * 10 + (c - 0x30);
    digits++;
    if (value > INT_MIN) return false;
  }
  if (digits === 0) return false;
  while (i < n && isXmlSpace(s.charCodeAt(i))) i++;
  return i === n && (neg ? value <= INT_MIN : value <= INT_MAX);
}

function isXmlSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

type ArrayItem = { item: QName; itemType: QName };

/** The request's xs:int array item (DeleteChatSessions' `Ids/int`), whose plain copies the fast path skips. */
function intArrayItem(contract: OperationContract): ArrayItem | undefined {
  return contract.requestElements.find((d) => d.array && d.array.itemType.ns === NS.xs && d.array.itemType.local === 'int')?.array;
}

function isPlainItem(el: XElement, arr: ArrayItem | undefined): boolean {
  if (!arr || el.local !== arr.item.local || el.ns !== arr.item.ns || el.children.length !== 0) return false;
  for (const a of el.attrs) {
    if (a.ns === NS.xmlns) continue;
    // The documentation example writes xsi:type="xsd:int" on every item: still plain when it resolves to xs:int.
    if (a.ns !== NS.xsi || a.local !== 'type') return false;
    const t = resolveQName(el, a.value);
    if (!('ns' in t) || t.ns !== arr.itemType.ns || t.local !== arr.itemType.local) return false;
  }
  return isPlainInt(el.text);
}

/** Newlines become character references so that only start tags begin lines (see `lines`). */
function escText(s: string): string {
  return /[&<>\r\n]/.test(s)
    ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;').replace(/\n/g, '&#10;')
    : s;
}

function escAttr(s: string): string {
  return /[&<"\t\n\r]/.test(s)
    ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
    : s;
}

function startTag(el: XElement, isTop: boolean, lines: XElement[]): string {
  let s = `<${el.qname}`;
  if (isTop) {
    // Every binding in scope, so prefixes in names and in QName values (xsi:type) still resolve.
    for (const [prefix, uri] of el.scope) {
      if (prefix === 'xml') continue;
      s += prefix === '' ? ` xmlns="${escAttr(uri)}"` : ` xmlns:${prefix}="${escAttr(uri)}"`;
    }
  }
  for (const a of el.attrs) {
    if (isTop && a.ns === NS.xmlns) continue;
    s += ` ${a.qname}="${escAttr(a.value)}"`;
  }
  lines.push(el);
  return s;
}

function serialize(top: XElement, contract: OperationContract): Fragment {
  const arr = intArrayItem(contract);
  const out: string[] = [];
  const lines: XElement[] = [];
  // Explicit stack: the tree may be as deep as the parser's limit allows.
  type Step = { el: XElement; close: boolean };
  const stack: Step[] = [{ el: top, close: false }];
  while (stack.length) {
    const { el, close } = stack.pop()!;
    if (close) {
      out.push(`</${el.qname}>`);
      continue;
    }
    const open = startTag(el, el === top, lines);
    if (el.children.length === 0) {
      out.push(el.text === '' ? `${open}/>` : `${open}>${escText(el.text)}</${el.qname}>`);
      continue;
    }
    // White space between child elements means nothing to the schema; a million-item array has megabytes of it.
    out.push(/^[ \t\n\r]*$/.test(el.text) ? `${open}>` : `${open}>${escText(el.text)}`);
    stack.push({ el, close: true });
    let keptPlain = false;
    const kids: XElement[] = [];
    for (const c of el.children) {
      if (isPlainItem(c, arr)) {
        if (keptPlain) continue;
        keptPlain = true;
      }
      kids.push(c);
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ el: kids[i]!, close: false });
  }
  // Start tags begin lines; end tags follow on the same line as whatever came last.
  let xml = '';
  for (const piece of out) xml += piece.charCodeAt(0) === 0x3c && piece.charCodeAt(1) !== 0x2f && xml !== '' ? `\n${piece}` : piece;
  return { xml, lines };
}

/**
 * Results for small fragments, by exact text: the same header blocks (token, credentials, time zone)
 * arrive on every request, and libxml2's parse + validate is most of a small message's cost. The key
 * is the whole fragment and its namespace, so a hit is exactly the answer libxml2 would give. Bounded,
 * in memory only, never written anywhere.
 */
const CACHE_MAX_ENTRIES = 256;
const CACHE_MAX_FRAGMENT = 4096;
const cache = new Map<string, SchemaError[]>();
let cacheEnabled = true;

/** Turns the fragment cache on or off (benchmarks measure both); turning it off empties it. */
export function setSchemaFragmentCache(enabled: boolean): void {
  cacheEnabled = enabled;
  cache.clear();
}

function validateCached(ctx: CheckContext, xml: string, ns: string): SchemaError[] {
  if (!cacheEnabled || xml.length > CACHE_MAX_FRAGMENT) return ctx.schemas.validateFragment(xml, ns);
  const key = `${ns}\n${xml}`;
  let errors = cache.get(key);
  if (errors === undefined) {
    errors = ctx.schemas.validateFragment(xml, ns);
    if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value!);
    cache.set(key, errors);
  }
  return errors;
}

export function schemaFindings(ctx: CheckContext, el: XElement): Finding[] {
  const frag = serialize(el, ctx.contract);
  return validateCached(ctx, frag.xml, el.ns).map((e) => {
    return { at: frag.lines[e.line - 1] ?? el, message: `schema: ${e.message}` };
  });
}
