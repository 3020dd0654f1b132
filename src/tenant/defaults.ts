/**
 * Default instances of WSDL complex types, the way WCF's DataContractSerializer writes a freshly
 * constructed carrier: every member present, in schema order (base type first), numbers 0, booleans
 * false, dates DateTime.MinValue, enums their first value, nillable references nil.
 */
import type { Element } from '@xmldom/xmldom';
import { NS, type ServicesVersion } from '../contract/namespaces.ts';
import { esc } from '../xml/writer.ts';
import { parsedWsdl, type ServiceId } from '../contract/services.ts';

function childEls(parent: Element, local: string): Element[] {
  return Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).namespaceURI === NS.xs && (n as Element).localName === local);
}

const NUMERIC = new Set(['int', 'short', 'long', 'byte', 'decimal', 'double', 'float', 'unsignedInt', 'unsignedShort', 'unsignedLong', 'unsignedByte']);

/** Member element names of a complex type, base type first, in schema order. */
export function typeMembers(service: ServiceId, version: ServicesVersion, typeName: string): string[] {
  return memberElements(service, version, typeName).members.map((m) => m.getAttribute('name')!);
}

function memberElements(service: ServiceId, version: ServicesVersion, typeName: string) {
  const { doc } = parsedWsdl(service, version);
  const tns = doc.documentElement!.getAttribute('targetNamespace')!;
  const schema = Array.from(doc.getElementsByTagNameNS(NS.xs, 'schema')).find((s) => s.getAttribute('targetNamespace') === tns);
  if (!schema) throw new Error(`WSDL: no schema for ${tns}`);
  const named = (kind: string, name: string) => childEls(schema, kind).find((e) => e.getAttribute('name') === name);
  const members = (name: string): Element[] => {
    const type = named('complexType', name);
    if (!type) throw new Error(`WSDL: no complexType ${name}`);
    const out: Element[] = [];
    for (const cc of childEls(type, 'complexContent')) {
      for (const ext of childEls(cc, 'extension')) {
        out.push(...members(ext.getAttribute('base')!.replace(/^.*:/, '')));
        out.push(...childEls(ext, 'sequence').flatMap((s) => childEls(s, 'element')));
      }
    }
    out.push(...childEls(type, 'sequence').flatMap((s) => childEls(s, 'element')));
    return out;
  };
  return { members: members(typeName), tns, named };
}

/** Children of a default `typeName` (in the service namespace), with some members overridden (text). */
export function defaultInstance(service: ServiceId, version: ServicesVersion, typeName: string, overrides: Record<string, string> = {}): string {
  const { members, tns, named } = memberElements(service, version, typeName);
  const unknown = Object.keys(overrides).filter((k) => !members.some((m) => m.getAttribute('name') === k));
  if (unknown.length) throw new Error(`WSDL: ${typeName} has no member ${unknown.join(', ')}`);
  return members
    .map((m) => {
      const name = m.getAttribute('name')!;
      if (overrides[name] !== undefined) return `<${name}>${esc(overrides[name]!)}</${name}>`;
      const t = m.getAttribute('type') ?? '';
      const i = t.indexOf(':');
      const typeNs = m.lookupNamespaceURI(i < 0 ? null : t.slice(0, i));
      const local = t.slice(i + 1);
      if (typeNs === NS.xs) {
        if (NUMERIC.has(local)) return `<${name}>0</${name}>`;
        if (local === 'boolean') return `<${name}>false</${name}>`;
        if (local === 'dateTime') return `<${name}>0001-01-01T00:00:00</${name}>`;
      }
      if (typeNs === tns) {
        const simple = named('simpleType', local);
        const first = simple && Array.from(simple.getElementsByTagNameNS(NS.xs, 'enumeration'))[0];
        if (first) return `<${name}>${esc(first.getAttribute('value')!)}</${name}>`;
      }
      return m.getAttribute('nillable') === 'true' ? `<${name} i:nil="true"/>` : `<${name}/>`;
    })
    .join('');
}
