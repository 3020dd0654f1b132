/**
 * so-conformance: one module per command (src/cli/<command>.ts exporting `main(argv, io)`), loaded on
 * demand so `validate` does not pay for cucumber or the server. bin/so-conformance.mjs calls `cli`
 * with the process's streams; the tests call it with in-memory ones.
 */
import { existsSync, readFileSync } from 'node:fs';
import { processIo, type CliIo } from './io.ts';

type Command = { main(argv: string[], io: CliIo): Promise<number> };

/** `checkout`: the command runs the Gherkin features (TypeScript steps), which only a checkout has. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command>; checkout?: true }> = {
  validate: { summary: 'validate captured envelopes or HTTP messages against the contract', load: () => import('./validate.ts') },
  serve: { summary: 'run the validating reference endpoint', load: () => import('./serve.ts') },
  run: { summary: 'run the Gherkin features against a target and write reports', load: () => import('./run.ts'), checkout: true },
  rules: { summary: 'print the rule catalogue', load: () => import('./rules.ts') },
  record: { summary: 'run the live flow against a tenant and write scrubbed nock fixtures', load: () => import('./record.ts') },
  example: { summary: 'print a conformant sample request, response, app error or fault', load: () => import('./example.ts') },
};

/** The package's version, read from its package.json (two levels up from src/cli and dist/cli alike). */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

const USAGE = `usage: so-conformance <command> [options]
       so-conformance --version

commands:
${Object.entries(COMMANDS)
  .map(([n, c]) => `  ${n.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run so-conformance <command> --help for the options of a command.`;

async function start(argv: string[], io: CliIo): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    io.stdout.write(`${USAGE}\n`);
    return cmd ? 0 : 2;
  }
  if (cmd === '--version' || cmd === '-V') {
    io.stdout.write(`${packageVersion()}\n`);
    return 0;
  }
  const c = COMMANDS[cmd];
  if (!c) {
    io.stderr.write(`so-conformance: unknown command "${cmd}"\n\n${USAGE}\n`);
    return 2;
  }
  if (c.checkout && !existsSync(new URL('../../cucumber.mjs', import.meta.url))) {
    io.stderr.write(
      `so-conformance ${cmd}: the Gherkin features and their step definitions are not part of the installed package; ` +
        'run it from a checkout of the repository (npm install, then npx so-conformance run)\n',
    );
    return 2;
  }
  const mod = await c.load();
  return mod.main(rest, io);
}

/** Runs one command line; the exit status, never a thrown error. */
export async function cli(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await start(argv, io);
  } catch (err) {
    // Only a bug gets here: bad input is a verdict, not an exception.
    io.stderr.write(`so-conformance: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    return 3;
  }
}
