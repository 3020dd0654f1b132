/**
 * Contract snapshots: the DeleteChatSessions contract of each version as the build computed it from
 * the vendored WSDL (`npm run build` runs scripts/snapshot-contracts.mjs), minus the WSDL text, in
 * dist/contract/snapshots/. Only the compiled package has them; reading one saves the WSDL parse on
 * every start of the installed tool. A checkout has none and always reads the WSDL.
 */
import { readFileSync } from 'node:fs';
import type { ServicesVersion } from './namespaces.ts';
import { vendoredWsdl } from './files.ts';
import type { OperationContract } from './wsdl.ts';

export function contractSnapshotFile(version: ServicesVersion): URL {
  return new URL(`./snapshots/DeleteChatSessions-${version}.json`, import.meta.url);
}

/** The snapshot of a version, or undefined where there is none (a checkout). */
export function readContractSnapshot<C extends OperationContract>(version: ServicesVersion): C | undefined {
  let text: string;
  try {
    text = readFileSync(contractSnapshotFile(version), 'utf8');
  } catch {
    return undefined;
  }
  const snap = JSON.parse(text) as Omit<C, 'wsdlText'>;
  return { ...snap, wsdlText: vendoredWsdl('CustomerService', version).text } as C;
}
