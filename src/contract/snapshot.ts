/**
 * Operation snapshots: the contracts a start of the installed tool reads (DeleteChatSessions of
 * every version, SoPrincipal's AuthenticateUsernamePassword for the redactor), as the build computed
 * them from the vendored WSDLs (`npm run build` runs scripts/snapshot-contracts.mjs), minus the WSDL
 * text, in dist/contract/snapshots/. Only the compiled package has them; reading one saves parsing a
 * WSDL on every start. A checkout has none and always reads the WSDL.
 */
import { readFileSync } from 'node:fs';
import type { ServicesVersion } from './namespaces.ts';
import { vendoredWsdl, type VendoredService } from './files.ts';
import type { OperationContract } from './wsdl.ts';

/** What the build snapshots: the operations read on the way to a `validate` verdict. */
export const SNAPSHOT_OPERATIONS: readonly { service: VendoredService; operation: string }[] = [
  { service: 'CustomerService', operation: 'DeleteChatSessions' },
  { service: 'SoPrincipal', operation: 'AuthenticateUsernamePassword' },
];

export function operationSnapshotFile(service: VendoredService, operation: string, version: ServicesVersion): URL {
  return new URL(`./snapshots/${service}-${operation}-${version}.json`, import.meta.url);
}

/** The snapshot of an operation at a version, or undefined where there is none (a checkout). */
export function readOperationSnapshot(service: VendoredService, operation: string, version: ServicesVersion): OperationContract | undefined {
  let text: string;
  try {
    text = readFileSync(operationSnapshotFile(service, operation, version), 'utf8');
  } catch {
    return undefined;
  }
  const snap = JSON.parse(text) as Omit<OperationContract, 'wsdlText'>;
  return { ...snap, wsdlText: vendoredWsdl(service, version).text };
}
