import { NS } from './namespaces.ts';
import type { XElement, XDocument } from '../xml/tree.ts';

/**
 * The envelope's landmarks, found once per message. Header and Body are recognised in either SOAP
 * namespace so a wrong-version envelope still gets every other rule checked (ENV-001 reports the
 * version itself): a user fixing the docs example should see all of its problems in one go.
 */
export interface EnvelopeView {
  root: XElement;
  isEnvelope: boolean;
  envelopeNs: string | undefined;
  headers: XElement[];
  bodies: XElement[];
  header: XElement | undefined;
  body: XElement | undefined;
  headerBlocks: XElement[];
  bodyChildren: XElement[];
  first: XElement | undefined;
}

const SOAP_NS = new Set<string>([NS.soap11, NS.soap12]);

export function isSoapNs(ns: string): boolean {
  return SOAP_NS.has(ns);
}

export function envelopeView(doc: XDocument): EnvelopeView {
  const root = doc.root;
  const isEnvelope = root.local === 'Envelope' && isSoapNs(root.ns);
  const kids = isEnvelope ? root.children : [];
  const headers = kids.filter((c) => c.local === 'Header' && c.ns === root.ns);
  const bodies = kids.filter((c) => c.local === 'Body' && c.ns === root.ns);
  const header = headers[0];
  const body = bodies[0];
  const bodyChildren = body ? [...body.children] : [];
  return {
    root,
    isEnvelope,
    envelopeNs: isEnvelope ? root.ns : undefined,
    headers,
    bodies,
    header,
    body,
    headerBlocks: header ? [...header.children] : [],
    bodyChildren,
    first: bodyChildren[0],
  };
}

export function isFault(el: XElement | undefined): boolean {
  return !!el && el.local === 'Fault' && isSoapNs(el.ns);
}
