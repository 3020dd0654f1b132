#!/usr/bin/env node
// One binary for a checkout and for the installed package. In a checkout (src/ is there) it runs the
// TypeScript sources through tsx, so no build step is needed and a stale dist/ can never shadow
// them. In the installed package there is no src/, only the JavaScript tsc compiled into dist/ at
// `npm pack`, so plain node runs it with no TypeScript at run time.
import { existsSync } from 'node:fs';

const argv = process.argv.slice(2);
let entry;
if (existsSync(new URL('../src/cli/main.ts', import.meta.url))) {
  // Commands that validate in this process load libxml2-wasm before tsx registers: otherwise tsx
  // rewrites its 1 MB module on every start (about 1 s of CPU and 150 MiB, measured in bench/). Help,
  // `rules` and `run` (cucumber runs in a child) do not need it and start faster without.
  const [command, ...rest] = argv;
  if (['validate', 'serve', 'record', 'example'].includes(command) && !rest.some((a) => a === '-h' || a === '--help')) await import('libxml2-wasm');
  const { register } = await import('tsx/esm/api');
  register();
  entry = '../src/cli/main.ts';
} else {
  entry = '../dist/cli/main.js';
}
const { cli } = await import(entry);
process.exitCode = await cli(argv);
