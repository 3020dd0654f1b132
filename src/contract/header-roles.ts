/**
 * The SuperOffice header parts by role. The part names are the contract's (every NetServer operation
 * binds the same header messages); they are written here once, and everything else (element names,
 * namespaces, the children such as `Ticket`) is read from the operation's WSDL binding.
 */
import type { HeaderPart, OperationContract } from './wsdl.ts';

const REQUEST_ROLES = { applicationToken: 'ApplicationToken', credentials: 'Credentials', timeZone: 'TimeZone' } as const;

export type RequestHeaderRole = keyof typeof REQUEST_ROLES;

/** The request header part playing `role`, or undefined when this operation's binding declares none. */
export function requestHeader(contract: OperationContract, role: RequestHeaderRole): HeaderPart | undefined {
  return contract.requestHeaders.find((h) => h.part === REQUEST_ROLES[role]);
}

/** Like requestHeader, but a missing part is an error naming the operation (a builder cannot write it). */
export function requiredRequestHeader(contract: OperationContract, role: RequestHeaderRole): HeaderPart {
  const h = requestHeader(contract, role);
  if (!h) throw new Error(`WSDL: ${contract.operation} binds no ${REQUEST_ROLES[role]} request header`);
  return h;
}

/** The child of a header part at a schema position (Credentials' 0 is `Ticket`), read from its type. */
export function headerChild(part: HeaderPart, index: number): string {
  const c = part.children[index];
  if (c === undefined) throw new Error(`WSDL: header ${part.element.local} declares ${part.children.length} children, not ${index + 1}`);
  return c;
}
