/**
 * What the live flow needs to call the other NetServer services (SoPrincipal, Chat, the rest of
 * CustomerService), read from the vendored WSDLs. `loadOperation` in src/contract/wsdl.ts is shaped for
 * DeleteChatSessions (it expects exactly one request child, `Ids`), so this is the general, shallower
 * reader: actions, body QNames, header parts and the request's child names, nothing retyped.
 */
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { vendoredWsdl } from '../contract/files.ts';
import { childEls, one, resolve, type QName } from '../contract/wsdl-dom.ts';

export type { QName };

export interface ServiceOperation {
  service: ServiceId;
  operation: string;
  tns: string;
  soapAction: string;
  request: QName;
  response: QName;
  requestHeaders: { part: string; element: QName }[];
  responseHeaders: { part: string; element: QName }[];
  /** Names of the request element's children, in schema order. */
  requestChildren: string[];
  /** `/Remote/ServicesNN/X.svc`, from soap:address. */
  endpointPath: string;
}

export type ServiceId = 'SoPrincipal' | 'Chat' | 'CustomerService';

/** Versions a service is pinned to (the files are in src/contract/files.ts). Chat CRUD only exists from Services88 on. */
const SOURCES: Record<ServiceId, { fixedVersion?: ServicesVersion }> = {
  SoPrincipal: {},
  Chat: { fixedVersion: 88 },
  CustomerService: {},
};

export interface ParsedWsdl {
  service: ServiceId;
  version: ServicesVersion;
  text: string;
  doc: Document;
}

const docs = new Map<string, ParsedWsdl>();

/** The WSDL text of a service for a services version: its own vendored file, or one derived and saying so. */
export function serviceWsdlText(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): string {
  return vendoredWsdl(service, effectiveVersion(service, version)).text;
}

export function effectiveVersion(service: ServiceId, version: ServicesVersion): ServicesVersion {
  return SOURCES[service].fixedVersion ?? version;
}

/** The parsed vendored WSDL of a service (cached). */
export function parsedWsdl(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): ParsedWsdl {
  const v = effectiveVersion(service, version);
  const key = `${service}@${v}`;
  let p = docs.get(key);
  if (!p) {
    const text = serviceWsdlText(service, v);
    const doc = new DOMParser({
      onError: (level, msg) => {
        if (level !== 'warning') throw new Error(`vendored WSDL is not well-formed: ${msg}`);
      },
    }).parseFromString(text, 'text/xml');
    p = { service, version: v, text, doc };
    docs.set(key, p);
  }
  return p;
}

const ops = new Map<string, ServiceOperation>();

/** One operation of a service, read from its vendored WSDL. */
export function serviceOperation(service: ServiceId, operation: string, version: ServicesVersion = DEFAULT_VERSION): ServiceOperation {
  const key = `${service}@${effectiveVersion(service, version)}#${operation}`;
  const hit = ops.get(key);
  if (hit) return hit;
  const { doc } = parsedWsdl(service, version);
  const defs = doc.documentElement!;
  const tns = defs.getAttribute('targetNamespace')!;
  const all = (ns: string, local: string) => Array.from(doc.getElementsByTagNameNS(ns, local));
  const messages = all(NS.wsdl, 'message');
  const message = (from: Element, qname: string) => {
    const q = resolve(from, qname);
    return one(messages.filter((m) => m.getAttribute('name') === q.local), `message ${q.local}`);
  };
  const portOp = one(
    all(NS.wsdl, 'portType').flatMap((pt) => childEls(pt, NS.wsdl, 'operation')).filter((o) => o.getAttribute('name') === operation),
    `portType operation ${operation}`,
  );
  const bodyOf = (io: Element): QName => {
    const part = one(childEls(message(io, io.getAttribute('message')!), NS.wsdl, 'part'), 'body part');
    return resolve(part, part.getAttribute('element')!);
  };
  const binding = one(all(NS.wsdl, 'binding'), 'wsdl:binding');
  const bindOp = one(
    childEls(binding, NS.wsdl, 'operation').filter((o) => o.getAttribute('name') === operation),
    `binding operation ${operation}`,
  );
  const headers = (io: Element) =>
    childEls(io, NS.wsdlSoap11, 'header').map((h) => {
      const partName = h.getAttribute('part')!;
      const part = one(childEls(message(h, h.getAttribute('message')!), NS.wsdl, 'part').filter((p) => p.getAttribute('name') === partName), `part ${partName}`);
      return { part: partName, element: resolve(part, part.getAttribute('element')!) };
    });
  const request = bodyOf(one(childEls(portOp, NS.wsdl, 'input'), 'input'));
  const schema = one(all(NS.xs, 'schema').filter((s) => s.getAttribute('targetNamespace') === request.ns), `schema ${request.ns}`);
  const reqDecl = one(childEls(schema, NS.xs, 'element').filter((e) => e.getAttribute('name') === request.local), `element ${request.local}`);
  const requestChildren = childEls(reqDecl, NS.xs, 'complexType')
    .flatMap((t) => childEls(t, NS.xs, 'sequence'))
    .flatMap((s) => childEls(s, NS.xs, 'element'))
    .map((e) => e.getAttribute('name')!);
  const address = one(all(NS.wsdlSoap11, 'address'), 'soap:address').getAttribute('location')!;
  const path = new URL(address).pathname;
  const op: ServiceOperation = {
    service,
    operation,
    tns,
    soapAction: one(childEls(bindOp, NS.wsdlSoap11, 'operation'), 'soap:operation').getAttribute('soapAction')!,
    request,
    response: bodyOf(one(childEls(portOp, NS.wsdl, 'output'), 'output')),
    requestHeaders: headers(one(childEls(bindOp, NS.wsdl, 'input'), 'binding input')),
    responseHeaders: headers(one(childEls(bindOp, NS.wsdl, 'output'), 'binding output')),
    requestChildren,
    endpointPath: /\/Remote\/.*$/.exec(path)?.[0] ?? path,
  };
  ops.set(key, op);
  return op;
}

/** All operations a service's binding declares, for dispatching by SOAPAction in the emulated tenant. */
export function serviceOperationNames(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): string[] {
  const { doc } = parsedWsdl(service, version);
  const binding = one(Array.from(doc.getElementsByTagNameNS(NS.wsdl, 'binding')), 'wsdl:binding');
  return childEls(binding, NS.wsdl, 'operation').map((o) => o.getAttribute('name')!);
}

/** The soap:address location of a service's vendored WSDL (rewritten when the tenant serves `?wsdl`). */
export function serviceAddress(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): string {
  const { doc } = parsedWsdl(service, version);
  return one(Array.from(doc.getElementsByTagNameNS(NS.wsdlSoap11, 'address')), 'soap:address').getAttribute('location')!;
}

/** `/Remote/ServicesNN/X.svc`: the endpoint path of a service, from its soap:address. */
export function servicePath(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): string {
  const path = new URL(serviceAddress(service, version)).pathname;
  return /\/Remote\/.*$/.exec(path)?.[0] ?? path;
}
