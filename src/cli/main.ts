/**
 * so-conformance: one module per command (src/cli/<command>.ts exporting `main(argv)`), loaded on
 * demand so `validate` does not pay for cucumber or the server.
 */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ main(argv: string[]): Promise<number> }> }> = {
  validate: { summary: 'validate captured envelopes or HTTP messages against the contract', load: () => import('./validate.ts') },
  serve: { summary: 'run the validating reference endpoint', load: () => import('./serve.ts') },
  proxy: { summary: 'forward to a tenant, judging requests and answers on the way', load: () => import('./proxy.ts') },
  run: { summary: 'run the Gherkin features against a target and write reports', load: () => import('./run.ts') },
  rules: { summary: 'print the rule catalogue', load: () => import('./rules.ts') },
  record: { summary: 'run the live flow against a tenant and write scrubbed nock fixtures', load: () => import('./record.ts') },
};

const USAGE = `usage: so-conformance <command> [options]

commands:
${Object.entries(COMMANDS)
  .map(([n, c]) => `  ${n.padEnd(9)} ${c.summary}`)
  .join('\n')}

Run so-conformance <command> --help for the options of a command.`;

async function start(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    console.log(USAGE);
    return cmd ? 0 : 2;
  }
  const c = COMMANDS[cmd];
  if (!c) {
    console.error(`so-conformance: unknown command "${cmd}"\n\n${USAGE}`);
    return 2;
  }
  const mod = await c.load();
  return mod.main(rest);
}

start(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // Only a bug gets here: bad input is a verdict, not an exception.
    console.error(`so-conformance: internal error: ${err instanceof Error ? err.stack : String(err)}`);
    process.exitCode = 3;
  },
);
