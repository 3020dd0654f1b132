import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** The vendored contract material (a verbatim copy of shared/contract, see contract/README.md). */
export const CONTRACT_DIR = fileURLToPath(new URL('../../contract/', import.meta.url));

export function contractFile(...parts: string[]): string {
  return join(CONTRACT_DIR, ...parts);
}

export function readContractText(...parts: string[]): string {
  return readFileSync(contractFile(...parts), 'utf8');
}
