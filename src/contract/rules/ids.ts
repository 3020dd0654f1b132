import { NS } from '../namespaces.ts';
import { defineRule, FINDINGS_PER_RULE, type CheckContext, type Finding, type Rule } from '../rule.ts';
import { clark, resolveQName, type XElement } from '../../xml/tree.ts';
import { textSpan, type TextSpan } from '../../xml/parse.ts';
import { is, isNil, operationElement, qn, strayText, textOf, wrongNamespace } from './util.ts';
import { quote, xmlTrim } from '../../xml/text.ts';
import { INT_MAX, INT_MIN, xsIntValue } from './xs-int.ts';
import { idsFacts } from '../delete-chat-sessions.ts';

const SRC = 'WSDL schema: DeleteChatSessions/Ids (minOccurs=0, nillable) of type ArrayOfint in …/Serialization/Arrays';
/** Report at most this many items per rule; a million bad ids would otherwise drown the verdict. */
export const ITEM_REPORT_LIMIT = FINDINGS_PER_RULE;

/**
 * What the IDS rules read, found in one pass over Ids per message: several rules ask, and `Ids` may
 * hold a million items, so nothing here walks it twice or allocates per item beyond the item lists.
 */
interface IdsScan {
  op: XElement | undefined;
  /** Children of the operation element named like Ids, in any namespace. */
  elements: XElement[];
  /** The Ids element the service would read: right name, right namespace. */
  ids: XElement | undefined;
  /** The items of a non-nil Ids in the right name and namespace (read only: it may be Ids' children array). */
  items: readonly XElement[];
  /** Children of a non-nil Ids that are not items (wrong name or namespace). */
  misnamed: XElement[];
  /** Indices (into items) of items that carry attributes: only they can be nil or typed. */
  withAttrs: number[];
  /** Per item: NaN where the text is not in the xs:int lexical space, else its value (±Infinity beyond 2^53). */
  nums: Float64Array;
  /** Canonical spelling of the rare items of 16+ significant digits (far outside xs:int), by index. */
  big: Map<number, string>;
}

/** The scan, derived once per message through the context (see CheckContext.derive). */
function scan(ctx: CheckContext): IdsScan {
  return ctx.derive(scanIds);
}

function scanIds(ctx: CheckContext): IdsScan {
  const first = operationElement(ctx);
  const op = first && is(first, ctx.contract.request) ? first : undefined;
  const facts = idsFacts(ctx.contract);
  const elements = op ? op.children.filter((c) => c.local === facts.element.local) : [];
  const ids = elements.find((e) => is(e, facts.element));
  const kids = ids && !isNil(ids) ? ids.children : [];
  const { ns: itemNs, local: itemLocal } = facts.item;
  // Usually every child is an item: `items` is then Ids' own children, not a copy of a million.
  let own: XElement[] | null = null;
  const misnamed: XElement[] = [];
  const withAttrs: number[] = [];
  const nums = new Float64Array(kids.length);
  const big = new Map<number, string>();
  const span: TextSpan = { start: 0, end: 0 };
  // Items share their name objects, so a test against the last item's is a pointer compare, where the
  // contract's spelling would compare the whole namespace a million times.
  let lastLocal: string | undefined;
  let lastNs: string | undefined;
  for (let k = 0; k < kids.length; k++) {
    const c = kids[k]!;
    if (c.local !== lastLocal || c.ns !== lastNs) {
      if (c.local !== itemLocal || c.ns !== itemNs) {
        own ??= kids.slice(0, k);
        misnamed.push(c);
        continue;
      }
      lastLocal = c.local;
      lastNs = c.ns;
    }
    const i = own === null ? k : own.push(c) - 1;
    if (c.attrs.length) withAttrs.push(i);
    const src = textSpan(c, span);
    nums[i] = valueOf(src, span.start, span.end, i, big);
  }
  const items = own ?? kids;
  return { op, elements, ids, items, misnamed, withAttrs, nums: nums.subarray(0, items.length), big };
}

/** The item's value as a number (NaN when not lexical, ±Infinity beyond 2^53, exact in `big` then). */
function valueOf(src: string, from: number, to: number, i: number, big: Map<number, string>): number {
  const v = xsIntValue(src, from, to);
  if (v === undefined) return NaN;
  if (typeof v === 'number') return v;
  big.set(i, v);
  return v.startsWith('-') ? -Infinity : Infinity;
}

function idsElements(ctx: CheckContext): XElement[] {
  return scan(ctx).elements;
}

function ids(ctx: CheckContext): XElement | undefined {
  return scan(ctx).ids;
}


/**
 * Fast answer to "is any id repeated?" (usually no): strictly ascending ids, the common shape, need
 * one pass; otherwise a sorted copy. Only a yes pays for the ordered, Set-based report.
 */
function mayRepeat(nums: Float64Array, big: Map<number, string>): boolean {
  if (big.size > 0) return true;
  let ascending = true;
  let prev = -Infinity;
  for (let i = 0; i < nums.length && ascending; i++) {
    const n = nums[i]!;
    if (Number.isNaN(n)) continue;
    ascending = n > prev;
    prev = n;
  }
  if (ascending) return false;
  const sorted = nums.filter((n) => !Number.isNaN(n)).sort();
  for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) return true;
  return false;
}

function limited(findings: Finding[], what: string): Finding[] {
  if (findings.length <= ITEM_REPORT_LIMIT) return findings;
  const rest = findings.length - ITEM_REPORT_LIMIT;
  const kept = findings.slice(0, ITEM_REPORT_LIMIT);
  kept.push({ ...findings[ITEM_REPORT_LIMIT]!, message: `…and ${rest} more ${what} (first ${ITEM_REPORT_LIMIT} listed)` });
  return kept;
}

function xsiTypeFinding(el: XElement, want: { ns: string; local: string }): Finding[] {
  const t = el.attrs.find((a) => a.ns === NS.xsi && a.local === 'type');
  if (!t) return [];
  const r = resolveQName(el, t.value);
  if ('unboundPrefix' in r) return [{ at: el, message: `xsi:type="${quote(t.value)}" on ${el.local} uses prefix "${quote(r.unboundPrefix)}", which is not bound here`, hint: `declare xmlns:${quote(r.unboundPrefix)}="${want.ns}"` }];
  if (r.ns === want.ns && r.local === want.local) return [];
  return [
    {
      at: el,
      message: `xsi:type="${quote(t.value)}" on ${el.local} resolves to ${clark(r.ns, r.local)}; the contract type is ${qn(want)}`,
      hint: `remove xsi:type (literal binding needs none) or make it resolve to ${qn(want)}`,
    },
  ];
}

export const idsRules: Rule[] = [
  defineRule({
    id: 'IDS-001',
    family: 'IDS',
    severity: 'error',
    statement: 'Ids is qualified with the service namespace (elementFormDefault="qualified").',
    source: SRC,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Put Ids in the same namespace as DeleteChatSessions.',
    check: (ctx) => idsElements(ctx).filter((e) => !is(e, idsFacts(ctx.contract).element)).map((e) => wrongNamespace(e, idsFacts(ctx.contract).element)),
  }),
  defineRule({
    id: 'IDS-002',
    family: 'IDS',
    severity: 'error',
    statement: 'A nil Ids (xsi:nil="true") is empty, and xsi:nil is a boolean.',
    source: `${SRC}; XML Schema Part 1 §2.6.2`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Either send <Ids xsi:nil="true"/> with nothing inside, or drop xsi:nil.',
    check(ctx) {
      const el = ids(ctx);
      const nil = el?.attrs.find((a) => a.ns === NS.xsi && a.local === 'nil');
      if (!el || !nil) return [];
      if (!['true', 'false', '1', '0'].includes(xmlTrim(nil.value))) return [{ at: el, message: `xsi:nil="${quote(nil.value)}" is not a boolean` }];
      if (isNil(el) && (el.children.length || textOf(el))) return [{ at: el, message: 'Ids is nil but has content' }];
      return [];
    },
  }),
  defineRule({
    id: 'IDS-003',
    family: 'IDS',
    severity: 'error',
    statement: 'Every child of Ids is an int element in the …/Serialization/Arrays namespace.',
    source: `${SRC}: ArrayOfint/int`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Write items as <arr:int> with xmlns:arr bound to the Arrays namespace.',
    check(ctx) {
      const want = idsFacts(ctx.contract).item;
      const bad = scan(ctx).misnamed;
      return limited(
        bad.map((c) => (c.local === want.local ? wrongNamespace(c, want) : { at: c, message: `unexpected element ${clark(c.ns, c.local)} in Ids; items are ${qn(want)}` })),
        'misnamed items',
      );
    },
  }),
  defineRule({
    id: 'IDS-004',
    family: 'IDS',
    severity: 'error',
    statement: 'Each item is in the xs:int lexical space: optional sign and digits, surrounding whitespace allowed, never empty or nil.',
    source: `${SRC}; XML Schema Part 2 §3.3.17 (int)`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Send whole numbers only, e.g. <arr:int>42</arr:int>.',
    check(ctx) {
      const out: Finding[] = [];
      const { items: its, nums, withAttrs } = scan(ctx);
      const nil = new Set(withAttrs.filter((i) => isNil(its[i]!)));
      for (let i = 0; i < its.length; i++) {
        const it = its[i]!;
        if (nil.has(i)) out.push({ at: it, message: 'int is nil; ArrayOfint items are not nillable' });
        else if (it.children.length) out.push({ at: it, message: 'int contains elements' });
        else if (Number.isNaN(nums[i]!)) {
          const v = xmlTrim(it.text);
          out.push({ at: it, message: v === '' ? 'int is empty' : `"${quote(v)}" is not an xs:int` });
        }
      }
      return limited(out, 'bad items');
    },
  }),
  defineRule({
    id: 'IDS-005',
    family: 'IDS',
    severity: 'error',
    statement: 'Each item is within the xs:int range −2147483648 … 2147483647.',
    source: `${SRC}; XML Schema Part 2 §3.3.17 (int: minInclusive, maxInclusive)`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Chat session ids are 32-bit signed integers.',
    check(ctx) {
      const out: Finding[] = [];
      const { nums, items: its } = scan(ctx);
      for (let i = 0; i < nums.length; i++) {
        const n = nums[i]!;
        // NaN (not lexical) fails both comparisons: IDS-004's finding, not this rule's.
        if (n < INT_MIN || n > INT_MAX) out.push({ at: its[i]!, message: `${quote(xmlTrim(its[i]!.text))} is out of the xs:int range (${n < INT_MIN ? 'underflow' : 'overflow'})` });
      }
      return limited(out, 'out-of-range items');
    },
  }),
  defineRule({
    id: 'IDS-006',
    family: 'IDS',
    severity: 'error',
    statement: 'xsi:type on Ids, where present, resolves through in-scope namespaces to ArrayOfint in the Arrays namespace.',
    source: `${SRC}; XML Schema Part 1 §2.6.1`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Remove xsi:type or bind its prefix to the Arrays namespace.',
    check: (ctx) => {
      const el = ids(ctx);
      return el ? xsiTypeFinding(el, idsFacts(ctx.contract).arrayType) : [];
    },
  }),
  defineRule({
    id: 'IDS-007',
    family: 'IDS',
    severity: 'error',
    statement: 'xsi:type on an item, where present, resolves to xs:int.',
    source: `${SRC}; XML Schema Part 1 §2.6.1`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Remove xsi:type or write xsi:type="xsd:int" with xsd bound to the XML Schema namespace.',
    check(ctx) {
      const { items: its, withAttrs } = scan(ctx);
      return limited(
        withAttrs.flatMap((i) => xsiTypeFinding(its[i]!, idsFacts(ctx.contract).itemType)),
        'mistyped items',
      );
    },
  }),
  defineRule({
    id: 'IDS-008',
    family: 'IDS',
    severity: 'error',
    statement: 'Ids has element-only content: no text between items.',
    source: `${SRC} (complex type with a sequence, not mixed)`,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Put each id in its own int element; Ids itself holds no text.',
    check(ctx) {
      const el = ids(ctx);
      const text = el && !isNil(el) ? strayText(el) : '';
      return text ? [{ at: el!, message: `Ids contains text "${text}"` }] : [];
    },
  }),
  defineRule({
    id: 'IDS-009',
    family: 'IDS',
    severity: 'warning',
    statement: 'Ids lists each id once (duplicates are valid but usually a client bug).',
    source: 'so-conformance advice (ArrayOfint allows repeats)',
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'De-duplicate the ids before sending.',
    check(ctx) {
      const { nums, big, items: its } = scan(ctx);
      if (!mayRepeat(nums, big)) return [];
      const seen = new Set<number | string>();
      const out: Finding[] = [];
      for (let i = 0; i < nums.length; i++) {
        const n = nums[i]!;
        if (Number.isNaN(n)) continue;
        // Set compares with SameValueZero, so -0 and 0 are one id.
        const key = big.get(i) ?? n;
        if (seen.has(key)) out.push({ at: its[i]!, message: `id ${String(key)} is listed more than once` });
        seen.add(key);
      }
      return limited(out, 'duplicates');
    },
  }),
  defineRule({
    id: 'IDS-010',
    family: 'IDS',
    severity: 'warning',
    statement: 'The request names at least one id (omitted, nil or empty Ids is valid and deletes nothing).',
    source: SRC,
    appliesTo: 'request',
    needs: ['content', 'document'],
    hint: 'Add the ids of the chat sessions to delete.',
    check(ctx) {
      const op = scan(ctx).op;
      if (!op) return [];
      const el = ids(ctx);
      if (!el) return idsElements(ctx).length ? [] : [{ at: op, message: 'Ids is omitted: nothing will be deleted' }];
      // A nil Ids with content is IDS-002's contradiction, not an empty request.
      if (isNil(el)) return el.children.length ? [] : [{ at: el, message: 'Ids is nil: nothing will be deleted' }];
      return el.children.length ? [] : [{ at: el, message: 'Ids is empty: nothing will be deleted' }];
    },
  }),
];
