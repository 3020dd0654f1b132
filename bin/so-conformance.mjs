#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a fresh clone needs no build step.
// libxml2-wasm is loaded before tsx registers: otherwise tsx rewrites its 1 MB module on every start
// (about 1 s of CPU and 150 MiB, measured in bench/).
await import('libxml2-wasm');
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
