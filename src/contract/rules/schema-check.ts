import { resolveQName, type XElement } from '../../xml/tree.ts';
import { NS } from '../namespaces.ts';
import type { OperationContract, QName } from '../wsdl.ts';
import type { SchemaError } from '../schema.ts';
import type { CheckContext, Finding } from '../rule.ts';
import { isXsInt } from './xs-int.ts';
import { schemaModelFor } from '../schema-model.ts';
import { headerParts, is, operationElement } from './util.ts';

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

interface Fragment {
  xml: string;
  /** Element whose start tag is on line i + 1. */
  lines: XElement[];
}

type ArrayItem = { item: QName; itemType: QName };

/** The request's xs:int array item (DeleteChatSessions' `Ids/int`), whose plain copies the fast path skips. */
function intArrayItem(contract: OperationContract): ArrayItem | undefined {
  return contract.requestElements.find((d) => d.array && d.array.itemType.ns === NS.xs && d.array.itemType.local === 'int')?.array;
}

function isPlainItem(el: XElement, arr: ArrayItem | undefined): boolean {
  if (!arr || !isItem(el, arr) || el.children.length !== 0) return false;
  for (const a of el.attrs) {
    if (a.ns === NS.xmlns) continue;
    // The documentation example writes xsi:type="xsd:int" on every item: still plain when it resolves to xs:int.
    if (a.ns !== NS.xsi || a.local !== 'type') return false;
    const t = resolveQName(el, a.value);
    if (!('ns' in t) || t.ns !== arr.itemType.ns || t.local !== arr.itemType.local) return false;
  }
  return isXsInt(el.text);
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

/** Items of the repeated particle put in one fragment; the rest wait for a later batch. */
export const SCHEMA_BATCH_ITEMS = 256;

interface Writer {
  out: string[];
  lines: XElement[];
}

/**
 * Writes `top` and its subtree. Items of the repeated particle beyond the first SCHEMA_BATCH_ITEMS
 * that are not plain go to `deferred` (by parent) instead, when given.
 */
function emit(top: XElement, isTop: boolean, w: Writer, arr: ArrayItem | undefined, deferred: Map<XElement, XElement[]> | null): void {
  const { out, lines } = w;
  // Explicit stack: the tree may be as deep as the parser's limit allows.
  type Step = { el: XElement; close: boolean };
  const stack: Step[] = [{ el: top, close: false }];
  while (stack.length) {
    const { el, close } = stack.pop()!;
    if (close) {
      out.push(`</${el.qname}>`);
      continue;
    }
    const open = startTag(el, isTop && el === top, lines);
    if (el.children.length === 0) {
      out.push(el.text === '' ? `${open}/>` : `${open}>${escText(el.text)}</${el.qname}>`);
      continue;
    }
    // White space between child elements means nothing to the schema; a million-item array has megabytes of it.
    out.push(/^[ \t\n\r]*$/.test(el.text) ? `${open}>` : `${open}>${escText(el.text)}`);
    stack.push({ el, close: true });
    let keptPlain = false;
    let items = 0;
    const kids: XElement[] = [];
    for (const c of el.children) {
      if (isPlainItem(c, arr)) {
        if (keptPlain) continue;
        keptPlain = true;
      } else if (deferred !== null && arr && isItem(c, arr) && ++items > SCHEMA_BATCH_ITEMS) {
        let later = deferred.get(el);
        if (!later) deferred.set(el, (later = []));
        later.push(c);
        continue;
      }
      kids.push(c);
    }
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ el: kids[i]!, close: false });
  }
}

/** Start tags begin lines; end tags follow on the same line as whatever came last. */
function join(w: Writer): Fragment {
  let xml = '';
  for (const piece of w.out) xml += piece.charCodeAt(0) === 0x3c && piece.charCodeAt(1) !== 0x2f && xml !== '' ? `\n${piece}` : piece;
  return { xml, lines: w.lines };
}

function serialize(top: XElement, contract: OperationContract, deferred: Map<XElement, XElement[]>): Fragment {
  const w: Writer = { out: [], lines: [] };
  emit(top, true, w, intArrayItem(contract), deferred);
  return join(w);
}

/**
 * A later batch: the chain of start tags from `top` down to the items' parent, then the items. Only
 * findings on the items count (the chain was judged with the first fragment); `chain` is how many
 * lines the chain takes.
 */
function batch(top: XElement, parent: XElement, items: readonly XElement[], contract: OperationContract): Fragment & { chain: number } {
  const chain: XElement[] = [];
  for (let e: XElement | undefined = parent; e && e !== top.parent; e = e.parent) chain.unshift(e);
  const w: Writer = { out: [], lines: [] };
  for (const c of chain) w.out.push(`${startTag(c, c === top, w.lines)}>`);
  for (const it of items) emit(it, false, w, intArrayItem(contract), null);
  for (let i = chain.length - 1; i >= 0; i--) w.out.push(`</${chain[i]!.qname}>`);
  return { ...join(w), chain: chain.length };
}

function isItem(el: XElement, arr: ArrayItem): boolean {
  return el.local === arr.item.local && el.ns === arr.item.ns;
}

/** The backstops' candidates: the declared header blocks in Header and the operation element. */
function candidates(ctx: CheckContext): XElement[] {
  const v = ctx.view;
  if (!v) return [];
  const parts = headerParts(ctx);
  const out = v.headerBlocks.filter((b) => parts.some((p) => p.element.ns === b.ns && p.element.local === b.local));
  const op = operationElement(ctx);
  if (op && is(op, ctx.contract.request)) out.push(op);
  return out;
}

interface SchemaPass {
  /** The candidates the model proved valid: no finding, nothing deferred (the usual message: all of them). */
  proven: readonly XElement[];
  findings: Map<XElement, Finding[]>;
  deferred: Map<XElement, Map<XElement, XElement[]>>;
}

const NONE_FOUND: SchemaPass['findings'] = new Map();
const NONE_DEFERRED: SchemaPass['deferred'] = new Map();

/**
 * Every candidate of the message in one libxml2 document (a wrapper whose children are the
 * fragments), parsed once and validated fragment by fragment. Derived once per message: HDR-007 and
 * OP-004 each take their share. Nothing is cached across messages: each message has its own ticket
 * and ids, so a cache keyed by text would only hold secrets and miss.
 */
function schemaPass(ctx: CheckContext): SchemaPass {
  const model = schemaModelFor(ctx.contract);
  const all = candidates(ctx);
  // What the model proves valid libxml2 would accept too (schema-model.ts): only the rest is parsed.
  const tops = all.filter((t) => !model.provablyValid(t));
  if (tops.length === 0) return { proven: all, findings: NONE_FOUND, deferred: NONE_DEFERRED };
  const proven = all.filter((t) => !tops.includes(t));
  const findings = new Map<XElement, Finding[]>(tops.map((t) => [t, []]));
  const deferred = new Map<XElement, Map<XElement, XElement[]>>(tops.map((t) => [t, new Map()]));
  const arr = intArrayItem(ctx.contract);
  const w: Writer = { out: ['<w>'], lines: [] };
  for (const top of tops) emit(top, true, w, arr, deferred.get(top)!);
  w.out.push('</w>');
  // Line 1 is the wrapper; the fragments' start tags begin lines 2, 3, …
  const frag = join(w);
  for (const e of ctx.schemas.validateFragments(frag.xml, tops.map((t) => t.ns))) {
    const top = tops[e.fragment]!;
    const at = frag.lines[e.line - 2] ?? top;
    findings.get(top)!.push({ at, message: `schema: ${e.message}` });
  }
  return { proven, findings, deferred };
}

/**
 * Schema findings for `el`, at most `limit` of them. libxml2 builds a message and a path for every
 * error, so a fragment with 50 000 bad items would cost it minutes: the items of the repeated
 * particle go in batches, and no batch is asked for once `limit` findings are in. A last finding says
 * how many items were left unchecked, so a cut-off answer never reads as a complete one.
 */
export function schemaFindings(ctx: CheckContext, el: XElement, limit = Number.POSITIVE_INFINITY): Finding[] {
  const pass = ctx.derive(schemaPass);
  if (pass.proven.includes(el)) return [];
  let out: Finding[];
  let deferred: Map<XElement, XElement[]>;
  const shared = pass.findings.get(el);
  if (shared) {
    out = [...shared];
    deferred = pass.deferred.get(el)!;
  } else if (schemaModelFor(ctx.contract).provablyValid(el)) {
    return [];
  } else {
    deferred = new Map<XElement, XElement[]>();
    const frag = serialize(el, ctx.contract, deferred);
    out = ctx.schemas.validateFragment(frag.xml, el.ns).map((e) => ({ at: frag.lines[e.line - 1] ?? el, message: `schema: ${e.message}` }));
  }
  let unchecked = 0;
  for (const items of deferred.values()) unchecked += items.length;
  for (const [parent, items] of deferred) {
    for (let i = 0; i < items.length && out.length < limit; i += SCHEMA_BATCH_ITEMS) {
      const b = batch(el, parent, items.slice(i, i + SCHEMA_BATCH_ITEMS), ctx.contract);
      unchecked -= Math.min(SCHEMA_BATCH_ITEMS, items.length - i);
      for (const e of ctx.schemas.validateFragment(b.xml, el.ns)) {
        if (e.line > b.chain) out.push({ at: b.lines[e.line - 1] ?? parent, message: `schema: ${e.message}` });
      }
    }
  }
  if (out.length >= limit && unchecked > 0) {
    out.length = limit;
    out.push({ at: el, message: `schema: validation stopped after ${limit} findings; ${unchecked} more items were not checked` });
    return out;
  }
  if (out.length > limit) out.length = limit;
  return out;
}
