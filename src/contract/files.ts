import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { DEFAULT_VERSION, type ServicesVersion } from './namespaces.ts';

/** The vendored contract material (a verbatim copy of shared/contract, see contract/README.md). */
export const CONTRACT_DIR = fileURLToPath(new URL('../../contract/', import.meta.url));

export function contractFile(...parts: string[]): string {
  return join(CONTRACT_DIR, ...parts);
}

export function readContractText(...parts: string[]): string {
  return readFileSync(contractFile(...parts), 'utf8');
}

export type VendoredService = 'CustomerService' | 'SoPrincipal' | 'Chat';

/** Which versions of which service SuperOffice's own WSDL is vendored for (contract/README.md). */
const VENDORED: Record<VendoredService, Partial<Record<ServicesVersion, string>>> = {
  CustomerService: { 86: 'Services86-CustomerService.wsdl', 88: 'Services88-CustomerService.wsdl' },
  SoPrincipal: { 86: 'Services86-SoPrincipal.wsdl' },
  Chat: { 88: 'Services88-Chat.wsdl' },
};

/** A WSDL for one service and version: SuperOffice's own file, or one derived from it and saying so. */
export interface WsdlSource {
  service: VendoredService;
  version: ServicesVersion;
  /** The vendored file the text comes from. */
  file: string;
  /** null when `file` is this version's own WSDL; otherwise the version whose WSDL was renamed. */
  derivedFrom: ServicesVersion | null;
  text: string;
}

/**
 * The WSDL of a service for a version. A vendored version is read as it is. Any other one is derived
 * from the vendored version nearest below it (or the default, 86) by renaming the `ServicesNN` segment:
 * exact for DeleteChatSessions (the Services88 file proves it), but such a WSDL lacks whatever that
 * version added, so its text opens with a comment saying it is derived.
 */
export function vendoredWsdl(service: VendoredService, version: ServicesVersion): WsdlSource {
  const files = VENDORED[service];
  const own = files[version];
  if (own) return { service, version, file: own, derivedFrom: null, text: readContractText(own) };
  const have = (Object.keys(files).map(Number) as ServicesVersion[]).sort((a, b) => a - b);
  const from = have.filter((v) => v < version).at(-1) ?? (files[DEFAULT_VERSION] ? DEFAULT_VERSION : have[0]!);
  const file = files[from]!;
  return { service, version, file, derivedFrom: from, text: deriveWsdlText(readContractText(file), from, version, file) };
}

/** Renames the version segment and says so in a comment right after the XML declaration. */
export function deriveWsdlText(text: string, from: ServicesVersion, to: ServicesVersion, file = `Services${from} WSDL`): string {
  const renamed = text.replaceAll(`Services${from}`, `Services${to}`);
  const note = `<!-- Services${to} is not vendored: this WSDL is ${file} with "Services${from}" renamed to "Services${to}" (so-conformance). -->`;
  const decl = /^(\uFEFF?<\?xml[^>]*\?>)(\r?\n)?/.exec(renamed);
  return decl ? `${decl[1]}\n${note}${renamed.slice(decl[1]!.length)}` : `${note}\n${renamed}`;
}
