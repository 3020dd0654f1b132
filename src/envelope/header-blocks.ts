/**
 * Header blocks as raw XML for `RequestOptions.extraHeaders`: the deliberate extras the suite sends
 * (a second ApplicationToken, Credentials in a wrong namespace, a TimeZone with a bad field, foreign
 * blocks). The contract's blocks take every name from the WSDL binding (header-roles.ts); nothing here
 * is retyped.
 */
import { headerChild, requiredRequestHeader, type RequestHeaderRole } from '../contract/header-roles.ts';
import type { OperationContract } from '../contract/wsdl.ts';
import { esc } from '../xml/writer.ts';

export interface HeaderBlockOptions {
  /** Namespace of the block and its fields; the contract's by default (anything else is a deliberate violation). */
  namespace?: string;
  /** Text content of a block without fields (ApplicationToken). */
  text?: string;
  /** Field values in schema order (Credentials: [ticket]; TimeZone: [SoTimeZoneId, SoTimeZoneLocationCode]). */
  fields?: readonly (string | undefined)[];
  /** `env:mustUnderstand="value"` on the block, with the envelope prefix the request uses. */
  mustUnderstand?: { envelopePrefix: string; value: string };
}

/** Any header block, prefixed `x` and bound to its namespace (none when `ns` is ''). */
export function headerBlockXml(local: string, ns: string, o: Omit<HeaderBlockOptions, 'namespace' | 'fields'> & { children?: string } = {}): string {
  const name = ns === '' ? local : `x:${local}`;
  const decl = ns === '' ? '' : ` xmlns:x="${esc(ns)}"`;
  const mu = o.mustUnderstand ? ` ${o.mustUnderstand.envelopePrefix}:mustUnderstand="${esc(o.mustUnderstand.value)}"` : '';
  return `<${name}${decl}${mu}>${o.children ?? esc(o.text ?? '')}</${name}>`;
}

/** One of the contract's request header blocks, by role, with the names its WSDL declares. */
export function contractHeaderBlock(contract: OperationContract, role: RequestHeaderRole, o: HeaderBlockOptions = {}): string {
  const part = requiredRequestHeader(contract, role);
  const ns = o.namespace ?? part.element.ns;
  const p = ns === '' ? '' : 'x:';
  const children = o.fields
    ?.map((v, i) => (v === undefined ? '' : `<${p}${headerChild(part, i)}>${esc(v)}</${p}${headerChild(part, i)}>`))
    .join('');
  return headerBlockXml(part.element.local, ns, { ...o, ...(children !== undefined ? { children } : {}) });
}
