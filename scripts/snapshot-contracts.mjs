#!/usr/bin/env node
// Part of `npm run build`: writes dist/contract/snapshots/<service>-<operation>-<version>.json for the
// operations a start reads (SNAPSHOT_OPERATIONS in src/contract/snapshot.ts), so the installed package
// does not parse a WSDL on every start. Computed by the very code that would otherwise run at
// start-up, from the files that ship: nothing is retyped.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname } from 'node:path';

const { readServiceOperation, effectiveVersion } = await import('../dist/contract/services.js');
const { SNAPSHOT_OPERATIONS, operationSnapshotFile } = await import('../dist/contract/snapshot.js');
const { SERVICES_VERSIONS } = await import('../dist/contract/namespaces.js');
let n = 0;
for (const { service, operation } of SNAPSHOT_OPERATIONS) {
  for (const v of new Set(SERVICES_VERSIONS.map((x) => effectiveVersion(service, x)))) {
    const file = fileURLToPath(operationSnapshotFile(service, operation, v));
    mkdirSync(dirname(file), { recursive: true });
    const { wsdlText: _text, ...contract } = readServiceOperation(service, operation, v);
    writeFileSync(file, `${JSON.stringify(contract)}\n`);
    n++;
  }
}
process.stderr.write(`snapshot-contracts: ${n} operation contracts written to dist/contract/snapshots/\n`);
