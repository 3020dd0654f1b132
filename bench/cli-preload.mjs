#!/usr/bin/env node
// The CLI exactly as bin/so-conformance.mjs runs it, except that libxml2-wasm is imported before tsx
// registers its loader hooks. tsx otherwise rewrites libxml2-wasm's ~1 MB generated module on every
// start (about a second of CPU and 150 MB of RSS). The benchmark measures this variant beside the
// real CLI to show what that one-line change to bin/so-conformance.mjs would buy.
await import('libxml2-wasm');
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
