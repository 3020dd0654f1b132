#!/usr/bin/env node
// The CLI is TypeScript run through tsx, so a fresh clone needs no build step.
// Commands that validate in this process load libxml2-wasm before tsx registers: otherwise tsx
// rewrites its 1 MB module on every start (about 1 s of CPU and 150 MiB, measured in bench/). Help,
// `rules` and `run` (cucumber runs in a child) do not need it and start faster without.
const [command, ...rest] = process.argv.slice(2);
if (['validate', 'serve', 'record', 'proxy'].includes(command) && !rest.some((a) => a === '-h' || a === '--help')) await import('libxml2-wasm');
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
