/**
 * Named alterations of the CustomerService WSDL the emulated tenant can serve, to prove the drift
 * check finds each kind of difference. Each one edits text of the vendored WSDL read through the
 * contract (never retyped) and fails loudly if that text is not there.
 */
import { requiredRequestHeader } from '../contract/header-roles.ts';
import type { DeleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';

/** Alters the WSDL text of the operation `c` (the tenant passes the contract it serves). */
export type WsdlAlteration = (text: string, c: DeleteChatSessionsContract) => string;

function replaceOnce(text: string, from: string | RegExp, to: string, what: string): string {
  const out = text.replace(from, to);
  if (out === text) throw new Error(`drifted WSDL: ${what} not found in the vendored WSDL`);
  return out;
}

export const WSDL_ALTERATIONS: Record<string, WsdlAlteration> = {
  /** The Ids items become xs:long. */
  'ArrayOfint items are long': (t, c) => {
    const re = new RegExp(`(<xs:complexType name="${c.ids.arrayType.local}">[\\s\\S]*?name="${c.ids.item.local}" type=")xs:${c.ids.itemType.local}(")`);
    return replaceOnce(t, re, `$1xs:long$2`, 'ArrayOfint item');
  },
  /** The binding's soapAction for the operation changes. */
  'soapAction changed': (t, c) => {
    return replaceOnce(t, `soapAction="${c.soapAction}"`, `soapAction="${c.soapAction}V2"`, 'soapAction');
  },
  /** The TimeZone request header part disappears from the binding. */
  'TimeZone request header removed': (t, c) => {
    const tz = requiredRequestHeader(c, 'timeZone');
    // Anchored on the binding operation (its soap:operation), not the portType one, which has no headers.
    const re = new RegExp(`(<soap:operation soapAction="${c.soapAction}"[^>]*/>\\s*<wsdl:input[^>]*>[\\s\\S]*?)<soap:header [^>]*part="${tz.part}"[^>]*/>`);
    return replaceOnce(t, re, '$1', 'TimeZone header');
  },
  /** The operation is gone from the portType. */
  'operation removed': (t, c) => {
    return t.split(`name="${c.operation}"`).join(`name="${c.operation}Removed"`);
  },
};
