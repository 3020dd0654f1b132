/**
 * DeleteChatSessions' own facts: which service and operation it is, and its one request child, the
 * `Ids` array (`ArrayOfint` of `int`), all read from the WSDL through the general loader. The generic
 * rules never need these; the IDS rules, the request builder and the tenant's handler do.
 */
import { DEFAULT_VERSION, type ServicesVersion } from './namespaces.ts';
import { serviceOperation, type ServiceId } from './services.ts';
import type { OperationContract, QName } from './wsdl.ts';
import { readContractSnapshot } from './snapshot.ts';

/** The operation this suite is about, as the catalogue and the defaults name it. */
export const DELETE_CHAT_SESSIONS = { service: 'CustomerService' as ServiceId, operation: 'DeleteChatSessions' } as const;

/** The request's array child (`Ids`) and what it holds, as the schema declares them. */
export interface IdsFacts {
  element: QName;
  arrayType: QName;
  item: QName;
  itemType: QName;
  nillable: boolean;
  minOccurs: number;
}

export interface DeleteChatSessionsContract extends OperationContract {
  ids: IdsFacts;
}

/**
 * The `Ids` facts of a contract: its single request child, which must be a WCF array. Throws for an
 * operation of another shape (the IDS rules only run for DeleteChatSessions, see catalogue.ts).
 */
export function idsFacts(c: OperationContract): IdsFacts {
  if ('ids' in c) return (c as DeleteChatSessionsContract).ids;
  const [d, ...rest] = c.requestElements;
  if (!d || rest.length || !d.array || !d.type) {
    throw new Error(`WSDL: ${c.operation} does not take exactly one array child (it declares ${c.requestChildren.join(', ') || 'none'})`);
  }
  return { element: d.element, arrayType: d.type, item: d.array.item, itemType: d.array.itemType, nillable: d.nillable, minOccurs: d.minOccurs };
}

/** A DeleteChatSessions contract from a general one (e.g. read from a tenant's served WSDL). */
export function asDeleteChatSessions(c: OperationContract): DeleteChatSessionsContract {
  return 'ids' in c ? (c as DeleteChatSessionsContract) : { ...c, ids: idsFacts(c) };
}

const cache = new Map<ServicesVersion, DeleteChatSessionsContract>();

/** DeleteChatSessions at a services version, parsed from its vendored WSDL now (what the snapshots hold). */
export function readDeleteChatSessionsContract(version: ServicesVersion): DeleteChatSessionsContract {
  return asDeleteChatSessions(serviceOperation(DELETE_CHAT_SESSIONS.service, DELETE_CHAT_SESSIONS.operation, version));
}

/** The default contract: DeleteChatSessions at a services version, read from the vendored WSDL. */
export function deleteChatSessionsContract(version: ServicesVersion = DEFAULT_VERSION): DeleteChatSessionsContract {
  let c = cache.get(version);
  if (!c) {
    c = readContractSnapshot<DeleteChatSessionsContract>(version) ?? readDeleteChatSessionsContract(version);
    cache.set(version, c);
  }
  return c;
}
