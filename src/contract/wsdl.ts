/**
 * The one WSDL reader: any operation of any vendored WSDL becomes an `OperationContract`, everything
 * in it read from the WSDL (nothing retyped). Operation-specific facts (DeleteChatSessions' `Ids`) are
 * derived from this general shape in the operation's own module (delete-chat-sessions.ts).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Document, Element } from '@xmldom/xmldom';
import { NS, DEFAULT_VERSION, type ServicesVersion } from './namespaces.ts';
import { vendoredWsdl } from './files.ts';
import { childEls, one, resolve, type QName } from './wsdl-dom.ts';

export type { QName };

export interface HeaderPart {
  /** wsdl:part name */
  part: string;
  element: QName;
  /** Local names of the element children its type declares, in order (e.g. Credentials → Ticket). */
  children: string[];
}

/** A child element the request (or response) element's type declares, as the schema says it. */
export interface ChildDecl {
  element: QName;
  /** The declared type; null when the element declares its type inline. */
  type: QName | null;
  nillable: boolean;
  minOccurs: number;
  /** Set when the type is a WCF array: a sequence of one repeated item element (`ArrayOfint` → `int`). */
  array?: { item: QName; itemType: QName };
}

/** Everything the generic rules know about one operation, all of it read from a WSDL. */
export interface OperationContract {
  version: ServicesVersion;
  /** The vendored WSDL file the contract was read from ("(given text)" for a WSDL passed in). */
  wsdlFile: string;
  /** null when `wsdlFile` is this version's own WSDL; else the version it was derived from by renaming. */
  derivedFrom: ServicesVersion | null;
  /** The portType name, e.g. `CustomerService`. */
  service: string;
  operation: string;
  /** The WSDL's targetNamespace: the namespace of the body and header elements. */
  tns: string;
  soapAction: string;
  inputAction: string;
  outputAction: string;
  style: string;
  bindingName: string;
  /** true when the binding is a SOAP 1.1 (`wsdl/soap/`) binding. */
  soap11Binding: boolean;
  soap12Binding: boolean;
  request: QName;
  response: QName;
  requestHeaders: HeaderPart[];
  responseHeaders: HeaderPart[];
  /** Local names of the children the request element's type declares, in schema order. */
  requestChildren: string[];
  responseChildren: string[];
  /** The request element's children with their declared types. */
  requestElements: ChildDecl[];
  /** Path of the endpoint from the service address, e.g. `/Remote/Services86/CustomerService.svc`. */
  endpointPath: string;
  addressLocation: string;
  hasFaults: boolean;
  /** The inline schemas as standalone documents, in WSDL order, keyed by targetNamespace. */
  schemas: readonly InlineSchema[];
  wsdlText: string;
}

/** One inline schema as a standalone document; `fileName` is the virtual name its siblings import it by. */
export interface InlineSchema {
  targetNamespace: string;
  fileName: string;
  text: string;
}

/** A parsed WSDL: parse once, then read as many operations as needed. */
export interface Wsdl {
  text: string;
  /** Where the text came from (see OperationContract.wsdlFile, derivedFrom). */
  source: WsdlOrigin;
  /** The key that makes this WSDL's virtual schema names unique. */
  schemaSet: string;
  doc: Document;
  tns: string;
  /** Operation names the (single) binding declares, in WSDL order. */
  operations: string[];
  /** soap:address location. */
  address: string;
  /** `/Remote/ServicesNN/X.svc`, from soap:address. */
  endpointPath: string;
  schemas: readonly InlineSchema[];
}

function els(parent: Element | Document, ns: string, local: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(ns, local));
}

export interface WsdlOrigin {
  wsdlFile: string;
  derivedFrom: ServicesVersion | null;
}

/**
 * The CustomerService WSDL of a version: the vendored file where there is one (86, 88), else one
 * derived from it that says so (see vendoredWsdl in files.ts).
 */
export function wsdlTextFor(version: ServicesVersion): string {
  return vendoredWsdl('CustomerService', version).text;
}

// Loaded on first use: the installed package reads DeleteChatSessions from snapshots (snapshot.ts)
// and so starts `validate` without it.
const xmldom = () => createRequire(import.meta.url)('@xmldom/xmldom') as typeof import('@xmldom/xmldom');

/** Parses a (vendored, trusted) WSDL; throws when it is not well-formed or lacks a binding or address. */
export function parseWsdl(text: string, source: WsdlOrigin = { wsdlFile: '(given text)', derivedFrom: null }): Wsdl {
  const doc = new (xmldom().DOMParser)({
    onError: (level, msg) => {
      if (level !== 'warning') throw new Error(`vendored WSDL is not well-formed: ${msg}`);
    },
  }).parseFromString(text, 'text/xml');
  const binding = one(els(doc, NS.wsdl, 'binding'), 'wsdl:binding');
  const address = one(els(doc, NS.wsdlSoap11, 'address'), 'soap:address').getAttribute('location')!;
  const path = new URL(address).pathname;
  // Virtual schema names are unique per WSDL: libxml2's input providers are global, and the Arrays
  // schema of SoPrincipal (ArrayOfstring, …) is not the Arrays schema of CustomerService.
  const set = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return {
    text,
    source,
    schemaSet: set,
    doc,
    tns: doc.documentElement!.getAttribute('targetNamespace')!,
    operations: childEls(binding, NS.wsdl, 'operation').map((o) => o.getAttribute('name')!),
    address,
    endpointPath: /\/Remote\/.*$/.exec(path)?.[0] ?? path,
    schemas: els(doc, NS.xs, 'schema').map((s) => {
      // A schema without targetNamespace (a stub that only imports, as WCF's multi-file ?wsdl writes) is no-namespace.
      const targetNamespace = s.getAttribute('targetNamespace') ?? '';
      return { targetNamespace, fileName: schemaFileName(targetNamespace, set), text: standaloneSchema(s, set) };
    }),
  };
}

/** One operation of a WSDL (text or parsed) as a contract. Throws, naming what is missing, for a bad name. */
export function loadOperation(source: string | Wsdl, operation: string, version: ServicesVersion = DEFAULT_VERSION): OperationContract {
  const wsdl = typeof source === 'string' ? parseWsdl(source) : source;
  const { doc, tns } = wsdl;
  const schemaEls = els(doc, NS.xs, 'schema');
  const byName = (local: string, kind: 'element' | 'complexType', ns = tns): Element => {
    const schema = schemaEls.find((s) => s.getAttribute('targetNamespace') === ns);
    if (!schema) throw new Error(`WSDL: no inline schema for namespace ${ns}`);
    return one(childEls(schema, NS.xs, kind).filter((e) => e.getAttribute('name') === local), `xs:${kind} ${local}`);
  };
  const typeOf = (decl: Element): Element => {
    const inline = childEls(decl, NS.xs, 'complexType')[0];
    if (inline) return inline;
    const t = decl.getAttribute('type');
    if (!t) throw new Error(`WSDL: element ${decl.getAttribute('name')} has no type`);
    const q = resolve(decl, t);
    return byName(q.local, 'complexType', q.ns);
  };
  const sequenceChildren = (decl: Element): Element[] => {
    const type = typeOf(decl);
    // Shallow on purpose: nested anonymous types (ExtraInfo's Key/Value pairs) are not children.
    const holders = [type, ...childEls(type, NS.xs, 'complexContent').flatMap((cc) => childEls(cc, NS.xs, 'extension'))];
    return holders.flatMap((h) => childEls(h, NS.xs, 'sequence')).flatMap((seq) => childEls(seq, NS.xs, 'element'));
  };
  const childDecl = (decl: Element, ns: string): ChildDecl => {
    const t = decl.getAttribute('type');
    const type = t ? resolve(decl, t) : null;
    const out: ChildDecl = {
      element: { ns, local: decl.getAttribute('name')! },
      type,
      nillable: decl.getAttribute('nillable') === 'true',
      minOccurs: Number(decl.getAttribute('minOccurs') ?? '1'),
    };
    if (type && type.ns !== NS.xs) {
      const schema = schemaEls.find((s) => s.getAttribute('targetNamespace') === type.ns);
      const ct = schema && childEls(schema, NS.xs, 'complexType').find((e) => e.getAttribute('name') === type.local);
      const items = ct ? childEls(ct, NS.xs, 'sequence').flatMap((s) => childEls(s, NS.xs, 'element')) : [];
      const item = items.length === 1 ? items[0]! : undefined;
      if (item && item.getAttribute('maxOccurs') === 'unbounded' && item.getAttribute('type')) {
        out.array = { item: { ns: type.ns, local: item.getAttribute('name')! }, itemType: resolve(item, item.getAttribute('type')!) };
      }
    }
    return out;
  };

  const portOp = one(
    els(doc, NS.wsdl, 'portType').flatMap((pt) => childEls(pt, NS.wsdl, 'operation')).filter((o) => o.getAttribute('name') === operation),
    `portType operation ${operation}`,
  );
  const input = one(childEls(portOp, NS.wsdl, 'input'), 'operation input');
  const output = one(childEls(portOp, NS.wsdl, 'output'), 'operation output');
  const messages = els(doc, NS.wsdl, 'message');
  const message = (qname: string, from: Element) => {
    const q = resolve(from, qname);
    return one(messages.filter((m) => m.getAttribute('name') === q.local), `message ${q.local}`);
  };
  const bodyElement = (io: Element): QName => {
    const part = one(childEls(message(io.getAttribute('message')!, io), NS.wsdl, 'part'), 'body part');
    return resolve(part, part.getAttribute('element')!);
  };

  const binding = one(els(doc, NS.wsdl, 'binding'), 'wsdl:binding');
  const bindOp = one(childEls(binding, NS.wsdl, 'operation').filter((o) => o.getAttribute('name') === operation), `binding operation ${operation}`);
  const soapOp = one(childEls(bindOp, NS.wsdlSoap11, 'operation'), 'soap:operation');
  const headersOf = (io: Element): HeaderPart[] =>
    childEls(io, NS.wsdlSoap11, 'header').map((h) => {
      const msg = message(h.getAttribute('message')!, h);
      const partName = h.getAttribute('part')!;
      const part = one(childEls(msg, NS.wsdl, 'part').filter((p) => p.getAttribute('name') === partName), `part ${partName}`);
      const element = resolve(part, part.getAttribute('element')!);
      let children: string[] = [];
      const decl = byName(element.local, 'element', element.ns);
      if (decl.getAttribute('type') === null || !/^xs:|^xsd:/.test(decl.getAttribute('type') ?? '')) {
        try {
          children = sequenceChildren(decl).map((c) => c.getAttribute('name')!);
        } catch {
          children = [];
        }
      }
      return { part: partName, element, children };
    });

  const request = bodyElement(input);
  const response = bodyElement(output);
  const reqKids = sequenceChildren(byName(request.local, 'element', request.ns));
  // What the backstops validate: the body elements and the declared header blocks, nothing else.
  const requestHeaders = headersOf(one(childEls(bindOp, NS.wsdl, 'input'), 'binding input'));
  const responseHeaders = headersOf(one(childEls(bindOp, NS.wsdl, 'output'), 'binding output'));
  const ownElements = [request, response, ...requestHeaders.map((h) => h.element), ...responseHeaders.map((h) => h.element)];
  const schemas = schemaEls.map((s, i): InlineSchema => {
    const keep = reachableFrom(s, ownElements);
    if (!keep) return wsdl.schemas[i]!;
    // Its own virtual name: libxml2's input providers are global, and each operation keeps a different part.
    const targetNamespace = s.getAttribute('targetNamespace') ?? '';
    return { targetNamespace, fileName: schemaFileName(targetNamespace, `${wsdl.schemaSet}-${operation}`), text: standaloneSchema(s, wsdl.schemaSet, keep) };
  });

  return {
    version,
    ...wsdl.source,
    service: binding.getAttribute('type')!.replace(/^.*:/, ''),
    operation,
    tns,
    soapAction: soapOp.getAttribute('soapAction')!,
    inputAction: input.getAttributeNS(NS.wsaw, 'Action')!,
    outputAction: output.getAttributeNS(NS.wsaw, 'Action')!,
    style: soapOp.getAttribute('style') ?? 'document',
    bindingName: binding.getAttribute('name')!,
    soap11Binding: childEls(binding, NS.wsdlSoap11, 'binding').length === 1,
    soap12Binding: childEls(binding, 'http://schemas.xmlsoap.org/wsdl/soap12/', 'binding').length === 1,
    request,
    response,
    requestHeaders,
    responseHeaders,
    requestChildren: reqKids.map((e) => e.getAttribute('name')!),
    responseChildren: sequenceChildren(byName(response.local, 'element', response.ns)).map((e) => e.getAttribute('name')!),
    requestElements: reqKids.map((e) => childDecl(e, request.ns)),
    endpointPath: wsdl.endpointPath,
    addressLocation: wsdl.address,
    hasFaults: childEls(portOp, NS.wsdl, 'fault').length > 0,
    schemas,
    wsdlText: wsdl.text,
  };
}

const COMPONENTS: Record<string, string> = { element: 'element', complexType: 'type', simpleType: 'type', group: 'group', attributeGroup: 'attributeGroup', attribute: 'attribute' };

const componentKey = (el: Element): string | undefined => {
  const kind = el.nodeType === 1 && el.namespaceURI === NS.xs ? COMPONENTS[el.localName!] : undefined;
  const name = kind && el.getAttribute('name');
  return name ? `${kind}:${name}` : undefined;
};

/**
 * The top-level components of the inline schema of the operation's namespace that its own elements
 * reach, through type, base, ref, itemType and memberTypes (the vendored schemas have no wildcards or
 * substitution groups, so nothing else can pull a declaration in). The Services schema declares
 * every operation of the service; compiling only this part keeps a `validate` start fast and changes
 * no verdict: the backstops validate only these elements. undefined for a schema of another
 * namespace (the small shared WCF schemas, kept whole).
 */
function reachableFrom(schema: Element, roots: QName[]): Set<Element> | undefined {
  const tns = schema.getAttribute('targetNamespace') ?? '';
  if (!roots.some((r) => r.ns === tns)) return undefined;
  const byKey = new Map<string, Element>();
  for (const c of Array.from(schema.childNodes)) {
    const key = componentKey(c as Element);
    if (key) byKey.set(key, c as Element);
  }
  const keep = new Set<Element>();
  const queue = roots.filter((r) => r.ns === tns).map((r) => `element:${r.local}`);
  while (queue.length) {
    const el = byKey.get(queue.pop()!);
    if (el && !keep.has(el)) {
      keep.add(el);
      queue.push(...refsOf(el, tns));
    }
  }
  return keep;
}

/** Keys (kind:name) of the same-namespace components a component's subtree refers to. */
function refsOf(component: Element, tns: string): string[] {
  const out: string[] = [];
  const walk = (el: Element) => {
    const add = (kind: string, qnames: string | null) => {
      for (const q of (qnames ?? '').split(/\s+/).filter(Boolean)) {
        const r = resolve(el, q);
        if (r.ns === tns) out.push(`${kind}:${r.local}`);
      }
    };
    for (const a of ['type', 'base', 'itemType', 'memberTypes']) add('type', el.getAttribute(a));
    const kind = COMPONENTS[el.localName!];
    if (kind) add(kind, el.getAttribute('ref'));
    for (const c of Array.from(el.childNodes)) if (c.nodeType === 1) walk(c as Element);
  };
  walk(component);
  return out;
}

/**
 * An inline schema as a standalone document: namespace declarations in scope on wsdl:definitions are
 * copied onto xs:schema (as an XML processor would see them), `xs:import` gets a schemaLocation
 * naming the sibling schema, which schema.ts serves from memory, and with `keep` only those
 * top-level components remain.
 */
function standaloneSchema(schema: Element, set: string, keep?: Set<Element>): string {
  const copy = schema.cloneNode(true) as Element;
  if (keep) {
    const original = Array.from(schema.childNodes);
    Array.from(copy.childNodes).forEach((c, i) => {
      const o = original[i] as Element;
      if (componentKey(o) && !keep.has(o)) copy.removeChild(c);
    });
  }
  for (let n = schema.parentNode; n && n.nodeType === 1; n = n.parentNode) {
    const attrs = (n as Element).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if ((a.name === 'xmlns' || a.prefix === 'xmlns') && !copy.hasAttribute(a.name)) copy.setAttributeNS(NS.xmlns, a.name, a.value);
    }
  }
  for (const imp of childEls(copy, NS.xs, 'import')) {
    if (!imp.hasAttribute('schemaLocation')) imp.setAttribute('schemaLocation', schemaFileName(imp.getAttribute('namespace')!, set));
  }
  return copy.toString();
}

/** Virtual file name of an inline schema of one WSDL (`set`), used to resolve xs:import in memory. */
export function schemaFileName(targetNamespace: string, set = ''): string {
  return `inline-${set ? `${set}-` : ''}${targetNamespace.replace(/[^A-Za-z0-9]+/g, '_')}.xsd`;
}
