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

export interface HeaderLookups {
  /** Local name → what it could be (a declared block, a field of one, or both): one lookup per element. */
  interesting: ReadonlyMap<string, { part: HeaderPart | undefined; field: boolean }>;
  /** The payload type's own members (their subtrees are the payload's schema business). */
  members: ReadonlySet<string>;
  /** Local names of the declared header blocks and the body elements of both directions. */
  contractNames: ReadonlySet<string>;
  /** Field local name (Ticket, SoTimeZoneId, …) → the local name of the block that declares it. */
  owners: ReadonlyMap<string, string>;
}

/** What the header scan looks up, per contract and message kind: read from the contract alone, once. */
const lookups = new WeakMap<OperationContract, Partial<Record<'request' | 'response', HeaderLookups>>>();
export function headerLookups(contract: OperationContract, kind: 'request' | 'response'): HeaderLookups {
  let byKind = lookups.get(contract);
  if (!byKind) lookups.set(contract, (byKind = {}));
  let l = byKind[kind];
  if (!l) {
    const parts = kind === 'request' ? contract.requestHeaders : contract.responseHeaders;
    const owners = new Map<string, string>();
    for (const p of parts) for (const c of p.children) owners.set(c, p.element.local);
    const interesting = new Map<string, { part: HeaderPart | undefined; field: boolean }>();
    for (const p of parts) if (!interesting.has(p.element.local)) interesting.set(p.element.local, { part: p, field: false });
    for (const f of owners.keys()) interesting.set(f, { part: interesting.get(f)?.part, field: true });
    l = byKind[kind] = {
      owners,
      interesting,
      members: new Set(kind === 'request' ? contract.requestChildren : contract.responseChildren),
      contractNames: new Set([...parts.map((p) => p.element.local), contract.request.local, contract.response.local]),
    };
  }
  return l;
}
