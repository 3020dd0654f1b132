import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
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

/** Everything the rules know about one operation, all of it read from a WSDL. */
export interface OperationContract {
  version: ServicesVersion;
  /** The vendored WSDL file the contract was read from. */
  wsdlFile: string;
  /** null when `wsdlFile` is this version's own WSDL; else the version it was derived from by renaming. */
  derivedFrom: ServicesVersion | null;
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
  /** Children the request element's type declares (`Ids`) and what `Ids` holds. */
  requestChildren: string[];
  responseChildren: string[];
  ids: { element: QName; arrayType: QName; item: QName; itemType: QName; nillable: boolean; minOccurs: number };
  /** Path of the endpoint from the service address, e.g. `/Remote/Services86/CustomerService.svc`. */
  endpointPath: string;
  addressLocation: string;
  hasFaults: boolean;
  /** The three inline schemas as standalone documents, in WSDL order, keyed by targetNamespace. */
  schemas: { targetNamespace: string; text: string }[];
  wsdlText: string;
}

// Loaded on first use: an installed package reads its contracts from snapshots and never needs it.
const parser = () =>
  new (createRequire(import.meta.url)('@xmldom/xmldom') as typeof import('@xmldom/xmldom')).DOMParser({
    onError: (level, msg) => {
      if (level !== 'warning') throw new Error(`vendored WSDL is not well-formed: ${msg}`);
    },
  });

function els(parent: Element | Document, ns: string, local: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(ns, local));
}

/**
 * The CustomerService WSDL of a version: the vendored file where there is one (86, 88), else derived
 * from one (see vendoredWsdl). With `baseText`, that text renamed from Services86 (for other services).
 */
export function wsdlTextFor(version: ServicesVersion, baseText?: string): string {
  if (baseText === undefined) return vendoredWsdl('CustomerService', version).text;
  return version === DEFAULT_VERSION ? baseText : baseText.replaceAll(`Services${DEFAULT_VERSION}`, `Services${version}`);
}

export function loadOperation(
  wsdlText: string,
  operation: string,
  version: ServicesVersion = DEFAULT_VERSION,
  source: { wsdlFile: string; derivedFrom: ServicesVersion | null } = { wsdlFile: '(given text)', derivedFrom: null },
): OperationContract {
  const doc = parser().parseFromString(wsdlText, 'text/xml');
  const defs = doc.documentElement!;
  const tns = defs.getAttribute('targetNamespace')!;
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
  const idsDecl = one(reqKids, `child of ${request.local}`);
  const arrayType = resolve(idsDecl, idsDecl.getAttribute('type')!);
  const itemDecl = one(
    els(byName(arrayType.local, 'complexType', arrayType.ns), NS.xs, 'element'),
    `item of ${arrayType.local}`,
  );
  // What the backstops validate: the body elements and the declared header blocks, nothing else.
  const requestHeaders = headersOf(one(childEls(bindOp, NS.wsdl, 'input'), 'binding input'));
  const responseHeaders = headersOf(one(childEls(bindOp, NS.wsdl, 'output'), 'binding output'));
  const ownElements = [request, response, ...requestHeaders.map((h) => h.element), ...responseHeaders.map((h) => h.element)];
  const service = one(els(doc, NS.wsdl, 'service'), 'wsdl:service');
  const address = one(els(service, NS.wsdlSoap11, 'address'), 'soap:address').getAttribute('location')!;
  const pathMatch = /\/Remote\/.*$/.exec(new URL(address).pathname);

  return {
    version,
    ...source,
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
    ids: {
      element: { ns: tns, local: idsDecl.getAttribute('name')! },
      arrayType,
      item: { ns: arrayType.ns, local: itemDecl.getAttribute('name')! },
      itemType: resolve(itemDecl, itemDecl.getAttribute('type')!),
      nillable: idsDecl.getAttribute('nillable') === 'true',
      minOccurs: Number(idsDecl.getAttribute('minOccurs') ?? '1'),
    },
    endpointPath: pathMatch ? pathMatch[0] : new URL(address).pathname,
    addressLocation: address,
    hasFaults: childEls(portOp, NS.wsdl, 'fault').length > 0,
    schemas: schemaEls.map((s) => ({ targetNamespace: s.getAttribute('targetNamespace')!, text: standaloneSchema(s, reachableFrom(s, ownElements)) })),
    wsdlText,
  };
}

const COMPONENTS: Record<string, string> = { element: 'element', complexType: 'type', simpleType: 'type', group: 'group', attributeGroup: 'attributeGroup', attribute: 'attribute' };

/**
 * The top-level components of one inline schema that the operation's own elements reach, through
 * type, base, ref, itemType and memberTypes (the schemas have no wildcards or substitution groups, so
 * nothing else can pull a declaration in). The Services schema declares every CustomerService
 * operation; compiling only this part is what keeps a `validate` start fast, and changes no verdict:
 * the backstops validate only these elements.
 */
function reachableFrom(schema: Element, roots: QName[]): Set<Element> | undefined {
  const tns = schema.getAttribute('targetNamespace')!;
  if (!roots.some((r) => r.ns === tns)) return undefined; // a shared WCF schema: small, kept whole
  const byKey = new Map<string, Element>();
  for (const c of Array.from(schema.childNodes)) {
    const el = c as Element;
    if (el.nodeType === 1 && el.namespaceURI === NS.xs && COMPONENTS[el.localName!] && el.getAttribute('name')) byKey.set(`${COMPONENTS[el.localName!]}:${el.getAttribute('name')}`, el);
  }
  const keep = new Set<Element>();
  const queue = roots.filter((r) => r.ns === tns).map((r) => `element:${r.local}`);
  const visit = (key: string) => {
    const el = byKey.get(key);
    if (el && !keep.has(el)) {
      keep.add(el);
      queue.push(...refsOf(el, tns));
    }
  };
  while (queue.length) visit(queue.pop()!);
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
    add('type', el.getAttribute('type'));
    add('type', el.getAttribute('base'));
    add('type', el.getAttribute('itemType'));
    add('type', el.getAttribute('memberTypes'));
    if (el.localName && COMPONENTS[el.localName] && el.getAttribute('ref')) add(COMPONENTS[el.localName]!, el.getAttribute('ref'));
    for (const c of Array.from(el.childNodes)) if (c.nodeType === 1) walk(c as Element);
  };
  walk(component);
  return out;
}

/**
 * An inline schema as a standalone document: namespace declarations in scope on wsdl:definitions are
 * copied onto xs:schema (as an XML processor would see them), `xs:import` gets a schemaLocation
 * naming the sibling schema, which schema.ts serves from memory, and with `keep` only those top-level
 * components remain.
 */
function standaloneSchema(schema: Element, keep?: Set<Element>): string {
  const copy = schema.cloneNode(true) as Element;
  if (keep) {
    const original = Array.from(schema.childNodes);
    Array.from(copy.childNodes).forEach((c, i) => {
      const o = original[i] as Element;
      if (o.nodeType === 1 && o.namespaceURI === NS.xs && COMPONENTS[o.localName!] && o.getAttribute('name') && !keep.has(o)) copy.removeChild(c);
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
    if (!imp.hasAttribute('schemaLocation')) imp.setAttribute('schemaLocation', schemaFileName(imp.getAttribute('namespace')!));
  }
  return copy.toString();
}

/** Virtual file name of an inline schema, used to resolve xs:import in memory. */
export function schemaFileName(targetNamespace: string): string {
  return `inline-${targetNamespace.replace(/[^A-Za-z0-9]+/g, '_')}.xsd`;
}

const cache = new Map<ServicesVersion, OperationContract>();

/**
 * The contract as the build (`npm run build`, scripts/snapshot-contracts.mjs) computed it from the
 * vendored WSDL, minus the WSDL text: only the compiled package has one, beside this module in dist/.
 * Reading it saves the WSDL parse on every start; a checkout has none and always reads the WSDL.
 */
export function contractSnapshotFile(version: ServicesVersion): URL {
  return new URL(`./snapshots/DeleteChatSessions-${version}.json`, import.meta.url);
}

function fromSnapshot(version: ServicesVersion): OperationContract | undefined {
  let text: string;
  try {
    text = readFileSync(contractSnapshotFile(version), 'utf8');
  } catch {
    return undefined;
  }
  const snap = JSON.parse(text) as Omit<OperationContract, 'wsdlText'>;
  return { ...snap, wsdlText: vendoredWsdl('CustomerService', version).text };
}

/** The DeleteChatSessions contract of a version, parsed from its WSDL now (no snapshot, no cache). */
export function readDeleteChatSessionsContract(version: ServicesVersion): OperationContract {
  const src = vendoredWsdl('CustomerService', version);
  return loadOperation(src.text, 'DeleteChatSessions', version, { wsdlFile: src.file, derivedFrom: src.derivedFrom });
}

/** The DeleteChatSessions contract for a services version, read from the vendored WSDL. */
export function deleteChatSessionsContract(version: ServicesVersion = DEFAULT_VERSION): OperationContract {
  let c = cache.get(version);
  if (!c) {
    c = fromSnapshot(version) ?? readDeleteChatSessionsContract(version);
    cache.set(version, c);
  }
  return c;
}
