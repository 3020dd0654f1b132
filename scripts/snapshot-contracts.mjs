#!/usr/bin/env node
// Part of `npm run build`: writes dist/contract/snapshots/DeleteChatSessions-<version>.json, the
// contract the compiled loader reads from the vendored WSDL, so the installed package does not parse
// the WSDL on every start (see src/contract/snapshot.ts). Computed by the very
// code that would otherwise run at start-up, from the files that ship: nothing is retyped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

const { readDeleteChatSessionsContract } = await import('../dist/contract/delete-chat-sessions.js');
const { contractSnapshotFile } = await import('../dist/contract/snapshot.js');
const { SERVICES_VERSIONS } = await import('../dist/contract/namespaces.js');
for (const v of SERVICES_VERSIONS) {
  const file = fileURLToPath(contractSnapshotFile(v));
  mkdirSync(dirname(file), { recursive: true });
  const { wsdlText: _text, ...contract } = readDeleteChatSessionsContract(v);
  writeFileSync(file, `${JSON.stringify(contract)}\n`);
}
process.stderr.write(`snapshot-contracts: ${SERVICES_VERSIONS.length} contracts written to dist/contract/snapshots/\n`);
