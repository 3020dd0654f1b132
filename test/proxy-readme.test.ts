/** What docs/readme/proxy.md shows is what the tool does: the log lines, the verdict, the HAR output, the options. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { startTenant, type RunningTenant } from '../src/tenant/index.ts';
import { startProxy, type RunningProxy } from '../src/proxy/index.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { USAGE } from '../src/cli/proxy.ts';
import { runCli } from './cli-helpers.ts';

const doc = readFileSync('docs/readme/proxy.md', 'utf8');
const block = (opening: string) => {
  const at = doc.indexOf(opening);
  if (at < 0) throw new Error(`docs/readme/proxy.md has no block starting ${opening}`);
  const from = doc.indexOf('\n', at) + 1;
  return doc.slice(from, doc.indexOf('```', from));
};

describe('docs/readme/proxy.md', () => {
  let tenant: RunningTenant;
  let proxy: RunningProxy;
  const lines: string[] = [];
  const TICKET = '7T:readme-ticket-0b0b';
  beforeAll(async () => {
    tenant = await startTenant({ tickets: { [TICKET]: 'so-conformance' } });
    proxy = await startProxy({ upstream: tenant.origin, log: (l) => lines.push(l) });
    // The two exchanges the example shows: a conformant call, then one with its header blocks inside Body.
    for (const o of [{}, { headerPlacement: 'body' as const }]) {
      const r = buildRequest({ ids: [1, 2], ticket: TICKET, applicationToken: 'readme-token-1c1c', ...o });
      await fetch(`${proxy.url}/Cust12345${r.contract.endpointPath}`, { method: 'POST', headers: r.headers, body: Buffer.from(r.bytes) });
    }
  });
  afterAll(async () => {
    await proxy?.close();
    await tenant?.close();
  });

  it('shows the log lines the proxy writes (time and duration aside)', () => {
    const shown = block('```console\n# the emulated tenant')
      .split('\n')
      .filter((l) => /^# \d{4}-/.test(l))
      .map((l) => l.slice(2));
    const norm = (l: string) => l.replace(/^\S+Z /, 'TIME ').replace(/ \d+ms$/, ' Nms');
    expect(lines.map(norm)).toEqual(shown.map(norm));
  });

  it('shows the verdict the proxy records for the broken exchange', () => {
    const shown = JSON.parse(block('```json\n{"time"')) as Record<string, unknown>;
    const real = proxy.verdicts()[1]!;
    const strip = ({ time: _t, durationMs: _d, ...rest }: Record<string, unknown>) => rest;
    expect(strip(real as unknown as Record<string, unknown>)).toEqual(strip(shown));
  });

  it('shows the HAR example\'s output exactly', async () => {
    const shown = block('```text\n$ npx so-conformance validate --json examples/har/session.har').split('\n').filter((l) => l && !l.startsWith('$ '));
    const r = await runCli(['validate', '--json', 'examples/har/session.har']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(shown);
    const note = doc.split('\n').find((l) => l.startsWith('so-conformance validate: note:'));
    expect(r.stderr.trim()).toBe(note);
  });

  it('documents every option the command takes', () => {
    const flags = [...USAGE.matchAll(/^ {2}(--[a-z-]+)/gm)].map((m) => m[1]!);
    expect(flags.length).toBeGreaterThan(8);
    for (const f of flags) expect(doc).toContain(`| \`${f}`);
  });
});
