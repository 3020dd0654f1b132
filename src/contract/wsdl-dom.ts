import type { Element } from '@xmldom/xmldom';

/** A namespace-qualified name, as WSDL and XSD attributes reference elements and types. */
export interface QName {
  ns: string;
  local: string;
}

/** DOM helpers for reading WSDL and XSD (trusted, vendored files), shared by every WSDL reader. */
export function childEls(parent: Element, ns: string, local: string): Element[] {
  return Array.from(parent.childNodes).filter(
    (n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === ns && (n as Element).localName === local,
  );
}

export function one(list: Element[], what: string): Element {
  if (list.length !== 1) throw new Error(`WSDL: expected exactly one ${what}, found ${list.length}`);
  return list[0]!;
}

/** Resolves a QName-valued attribute (`tns:Foo`) against the namespaces in scope at `el`. */
export function resolve(el: Element, qname: string): QName {
  const i = qname.indexOf(':');
  const ns = el.lookupNamespaceURI(i < 0 ? null : qname.slice(0, i));
  if (ns === null) throw new Error(`WSDL: unresolved prefix in "${qname}"`);
  return { ns, local: i < 0 ? qname : qname.slice(i + 1) };
}
