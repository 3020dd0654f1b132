import { parseXml, textSpan, type TextSpan } from '../xml/parse.ts';
import { isXmlBlank, xmlTrim } from '../xml/text.ts';
import { resolveQName, type XElement } from '../xml/tree.ts';
import { NS } from './namespaces.ts';
import { isXsInt } from './rules/xs-int.ts';
import type { OperationContract, QName } from './wsdl.ts';

/**
 * A proof of validity for the plain shapes WCF's data-contract schemas are made of, so that the
 * libxml2 backstop runs only where it can find something.
 *
 * The model is compiled from the contract's own inline schemas (the texts libxml2 compiles, never a
 * retyped name) and covers one subset of XSD exactly: global and local element declarations with a
 * name, a type, nillable, minOccurs and maxOccurs; complex types whose content is one xs:sequence of
 * such elements with distinct names, or empty; xs:string, xs:int and xs:boolean. Any other construct
 * (attributes, choices, wildcards, derivation, facets, defaults, substitution groups, other built-in
 * types) makes its declaration "not modelled", and an element declared so is left to libxml2.
 *
 * `provablyValid` answers true only when the instance is valid under that subset *and* uses nothing
 * outside it: no attribute but namespace declarations, an `xsi:type` naming the declared type itself,
 * or `xsi:nil` true on a nillable element. Anything else is "don't know", never "invalid": the
 * verdicts and their messages still come from libxml2 alone. test/unit/schema-model.test.ts holds
 * that every instance this proves valid libxml2 accepts too, over the fuzz corpus.
 */

/** Whether `s` from `from` to `to` (a text's span, see textSpan) is in the type's lexical space. */
type Simple = (s: string, from: number, to: number) => boolean;

interface ElementDecl {
  readonly ns: string;
  readonly local: string;
  readonly nillable: boolean;
  readonly min: number;
  readonly max: number;
  /** A named type (resolved when first used: types may be recursive), an anonymous one, or not modelled. */
  readonly type: QName | TypeModel | null;
  /** The type once resolved (`undefined` until then). */
  model?: TypeModel;
}

/** One shape for both kinds (a simple type has no particles), so the walk's property reads stay monomorphic. */
type TypeModel = { readonly simple: Simple | null; readonly sequence: readonly ElementDecl[] } | null;
const NO_PARTICLES: readonly ElementDecl[] = [];

const BOOLEANS = new Set(['true', 'false', '1', '0']);

/** The built-in types the WCF schemas of this contract use; every other one is not modelled. */
const BUILTIN: ReadonlyMap<string, Simple> = new Map<string, Simple>([
  // Any character the XML parser accepted is a valid xs:string.
  ['string', () => true],
  ['int', isXsInt],
  ['boolean', (s, from, to) => BOOLEANS.has(xmlTrim(from === 0 && to === s.length ? s : s.slice(from, to)))],
]);

const xs = (el: XElement, local: string) => el.ns === NS.xs && el.local === local;

/** Attributes of XSD elements whose meaning the model does not implement: their presence makes a declaration not modelled. */
const ELEMENT_ATTRS = new Set(['name', 'type', 'nillable', 'minOccurs', 'maxOccurs', 'id']);
const COMPLEX_ATTRS = new Set(['name', 'id', 'mixed', 'block', 'final']);
const SEQUENCE_ATTRS = new Set(['id']);

function plainAttrs(el: XElement, allowed: ReadonlySet<string>): boolean {
  return el.attrs.every((a) => a.ns === NS.xmlns || (a.ns === '' && allowed.has(a.local)) || (a.ns !== '' && a.ns !== NS.xs));
}

function attrValue(el: XElement, local: string): string | undefined {
  const a = el.attrs.find((x) => x.ns === '' && x.local === local);
  return a === undefined ? undefined : xmlTrim(a.value);
}

/** Element children other than xs:annotation (documentation means nothing to validation). */
function components(el: XElement): XElement[] {
  return el.children.filter((c) => !xs(c, 'annotation'));
}

function occurs(v: string | undefined, unbounded: boolean): number | null {
  if (v === undefined) return 1;
  if (unbounded && v === 'unbounded') return Number.POSITIVE_INFINITY;
  return /^[0-9]{1,9}$/.test(v) ? Number(v) : null;
}

interface SchemaDoc {
  tns: string;
  qualified: boolean;
}

export class SchemaModel {
  /**
   * Global element declarations by local name (short: cheap to hash), each list checked by namespace:
   * a message's namespace strings are new each time, and hashing one costs more than comparing it.
   */
  private readonly elements = new Map<string, ElementDecl[]>();
  private readonly types = new Map<string, TypeModel>();

  constructor(schemas: readonly { text: string }[]) {
    for (const s of schemas) {
      const parsed = parseXml(s.text);
      if (!parsed.ok) continue;
      const root = parsed.doc.root;
      if (!xs(root, 'schema')) continue;
      const doc: SchemaDoc = { tns: attrValue(root, 'targetNamespace') ?? '', qualified: attrValue(root, 'elementFormDefault') === 'qualified' };
      for (const c of components(root)) {
        const name = attrValue(c, 'name');
        if (name === undefined) continue;
        if (xs(c, 'element')) {
          const d = this.elementDecl(c, doc, doc.tns);
          // A declaration the model cannot judge stays out: its elements go to libxml2.
          if (d === null) continue;
          let list = this.elements.get(name);
          if (!list) this.elements.set(name, (list = []));
          list.push(d);
        }
        else if (xs(c, 'complexType')) this.types.set(key(doc.tns, name), this.complexType(c, doc));
        // A named simple type (an enumeration, a pattern) is not modelled: its users go to libxml2.
        else if (xs(c, 'simpleType')) this.types.set(key(doc.tns, name), null);
      }
    }
  }

  private elementDecl(el: XElement, doc: SchemaDoc, ns: string): ElementDecl | null {
    if (!plainAttrs(el, ELEMENT_ATTRS)) return null;
    const local = attrValue(el, 'name');
    const min = occurs(attrValue(el, 'minOccurs'), false);
    const max = occurs(attrValue(el, 'maxOccurs'), true);
    const nillable = attrValue(el, 'nillable');
    if (local === undefined || min === null || max === null || min > max) return null;
    if (nillable !== undefined && nillable !== 'true' && nillable !== 'false') return null;
    const typeName = attrValue(el, 'type');
    const inner = components(el);
    let type: ElementDecl['type'];
    if (typeName !== undefined) {
      if (inner.length) return null;
      const q = resolveQName(el, typeName);
      if (!('ns' in q)) return null;
      type = q;
    } else if (inner.length === 1 && xs(inner[0]!, 'complexType') && attrValue(inner[0]!, 'name') === undefined) {
      type = this.complexType(inner[0]!, doc);
    } else {
      // No type at all is xs:anyType; an anonymous simple type has facets: both left to libxml2.
      return null;
    }
    return { ns, local, nillable: nillable === 'true', min, max, type, model: undefined };
  }

  private complexType(el: XElement, doc: SchemaDoc): TypeModel {
    if (!plainAttrs(el, COMPLEX_ATTRS)) return null;
    const mixed = attrValue(el, 'mixed');
    if (mixed !== undefined && mixed !== 'false') return null;
    const inner = components(el);
    if (inner.length === 0) return { simple: null, sequence: NO_PARTICLES };
    const seq = inner[0]!;
    if (inner.length !== 1 || !xs(seq, 'sequence') || !plainAttrs(seq, SEQUENCE_ATTRS)) return null;
    const particles: ElementDecl[] = [];
    for (const p of components(seq)) {
      if (!xs(p, 'element')) return null;
      const d = this.elementDecl(p, doc, doc.qualified ? doc.tns : '');
      // Distinct names make the sequence deterministic for a greedy match, the only one implemented.
      if (d === null || particles.some((q) => q.ns === d.ns && q.local === d.local)) return null;
      particles.push(d);
    }
    return { simple: null, sequence: particles };
  }

  private typeOf(d: ElementDecl): TypeModel {
    if (d.model !== undefined) return d.model;
    let t: TypeModel;
    if (d.type === null || !('ns' in d.type)) t = d.type;
    else {
      const q = d.type;
      const builtin = q.ns === NS.xs ? BUILTIN.get(q.local) : undefined;
      t = builtin ? { simple: builtin, sequence: NO_PARTICLES } : (this.types.get(key(q.ns, q.local)) ?? null);
    }
    d.model = t;
    return t;
  }

  /** Whether `el`, validated as the global element of its name, is certainly valid (false: not known). */
  provablyValid(el: XElement): boolean {
    const top = this.elements.get(el.local)?.find((d) => d.ns === el.ns);
    if (!top) return false;
    // Two parallel stacks, no pair per element: a million-item array is walked here.
    const els: XElement[] = [el];
    const decls: ElementDecl[] = [top];
    const qnames = new QNameMemo();
    const span: TextSpan = { start: 0, end: 0 };
    while (els.length) {
      const e = els.pop()!;
      const d = decls.pop()!;
      const type = this.typeOf(d);
      if (type === null) return false;
      const nil = e.attrs.length === 0 ? false : instanceAttrs(e, d, qnames);
      if (nil === undefined) return false;
      if (nil) {
        if (e.children.length !== 0 || e.text !== '') return false;
        continue;
      }
      if (type.simple !== null) {
        if (e.children.length !== 0) return false;
        const src = textSpan(e, span);
        if (!type.simple(src, span.start, span.end)) return false;
        continue;
      }
      if (!isXmlBlank(e.text)) return false;
      const particles = type.sequence;
      const kids = e.children;
      const n = particles.length;
      let i = 0;
      let count = 0;
      // The last child's names: array items share one name object each, so `===` on them is a pointer
      // test, where comparing with the schema's spelling compares the whole namespace every time.
      let lastLocal: string | undefined;
      let lastNs: string | undefined;
      for (let k = 0; k < kids.length; k++) {
        const c = kids[k]!;
        const local = c.local;
        const ns = c.ns;
        if (local !== lastLocal || ns !== lastNs) {
          while (i < n && (particles[i]!.local !== local || particles[i]!.ns !== ns)) {
            if (count < particles[i]!.min) return false;
            i++;
            count = 0;
          }
          lastLocal = local;
          lastNs = ns;
        }
        const q = particles[i];
        if (q === undefined || ++count > q.max) return false;
        // A plain simple-typed child (an array item) is judged here: a million of them never touch the stack.
        const t = c.attrs.length === 0 && c.children.length === 0 ? this.typeOf(q) : null;
        if (t !== null && t.simple !== null) {
          const src = textSpan(c, span);
          if (!t.simple(src, span.start, span.end)) return false;
          continue;
        }
        els.push(c);
        decls.push(q);
      }
      if (i < n && count < particles[i]!.min) return false;
      for (let k = i + 1; k < n; k++) if (particles[k]!.min > 0) return false;
    }
    return true;
  }
}

/**
 * xsi:type values resolved per scope: the items of an array share their parent's scope and usually
 * one spelling, so a million items cost one resolution, not a million.
 */
class QNameMemo {
  private scope: XElement['scope'] | undefined;
  private value = '';
  private result: { ns: string; local: string } | undefined;

  resolve(e: XElement, value: string): { ns: string; local: string } | undefined {
    if (e.scope !== this.scope || value !== this.value) {
      const t = resolveQName(e, value);
      this.scope = e.scope;
      this.value = value;
      this.result = 'ns' in t ? t : undefined;
    }
    return this.result;
  }
}

/** true: nil; false: not nil; undefined: an attribute the model does not judge. */
function instanceAttrs(e: XElement, d: ElementDecl, qnames: QNameMemo): boolean | undefined {
  let nil = false;
  for (const a of e.attrs) {
    if (a.ns === NS.xmlns) continue;
    if (a.ns !== NS.xsi) return undefined;
    if (a.local === 'type') {
      // The declared type itself is always allowed; any other (derived or not) is libxml2's call.
      if (d.type === null || !('ns' in d.type)) return undefined;
      const t = qnames.resolve(e, a.value);
      if (t === undefined || t.ns !== d.type.ns || t.local !== d.type.local) return undefined;
    } else if (a.local === 'nil') {
      const v = xmlTrim(a.value);
      if (!d.nillable || (v !== 'true' && v !== '1')) return undefined;
      nil = true;
    } else {
      return undefined;
    }
  }
  return nil;
}

const key = (ns: string, local: string) => `${ns}\u0000${local}`;

const byContract = new WeakMap<OperationContract, SchemaModel>();
export function schemaModelFor(contract: OperationContract): SchemaModel {
  let m = byContract.get(contract);
  if (!m) {
    m = new SchemaModel(contract.schemas);
    byContract.set(contract, m);
  }
  return m;
}
