/** `so-conformance proxy` through the real binary, as a user runs it (and as the README shows it). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTenant, type RunningTenant } from '../src/tenant/index.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { runCli, startListening } from './cli-helpers.ts';

const TICKET = '7T:proxy-cli-ticket-4d4d';
const TOKEN = 'proxy-cli-token-e9e9e9';

const proxy = (args: string[]) => startListening(['proxy', ...args]);

const until = async (cond: () => boolean, ms = 10_000) => {
  for (const t = Date.now(); !cond(); ) {
    if (Date.now() - t > ms) throw new Error('timed out waiting');
    await new Promise((ok) => setTimeout(ok, 25));
  }
};

describe('so-conformance proxy (CLI)', () => {
  let tenant: RunningTenant;
  let dir: string;
  beforeAll(async () => {
    tenant = await startTenant({ tickets: { [TICKET]: 'so-conformance' } });
    dir = mkdtempSync(join(tmpdir(), 'proxy-cli-'));
  });
  afterAll(async () => {
    await tenant.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints listening first, one line per exchange with both verdicts, records, and exits 0 on SIGTERM', async () => {
    const p = await proxy(['--upstream', tenant.origin, '--port', '0', '--record', dir]);
    const ok = buildRequest({ ids: [1, 2], ticket: TICKET, applicationToken: TOKEN });
    const bad = buildRequest({ ids: [1], ticket: TICKET, applicationToken: TOKEN, ticketOutsideCredentials: true });
    for (const r of [ok, bad]) await fetch(`${p.url}/Cust12345${r.contract.endpointPath}`, { method: 'POST', headers: r.headers, body: Buffer.from(r.bytes) });
    await until(() => p.lines.length >= 2);
    expect(p.lines[0]).toMatch(/^\S+Z POST \/Cust12345\/Remote\/Services86\/CustomerService\.svc 200 request conformant \| response success conformant \d+ms$/);
    expect(p.lines[1]).toMatch(/ 500 request NOT conformant HDR-\d{3}.* \| response fault (conformant|NOT conformant)/);
    const verdicts = (await (await fetch(`${p.url}/__conformance/verdicts`)).json()) as unknown[];
    expect(verdicts).toHaveLength(2);
    p.child.kill('SIGTERM');
    expect(await p.exit).toBe(0);
    const recording = readFileSync(join(dir, `proxy-${new Date().toISOString().slice(0, 10)}.json`), 'utf8');
    expect((JSON.parse(recording) as { interceptors: unknown[] }).interceptors).toHaveLength(2);
    for (const s of [TICKET, TOKEN]) {
      expect(recording).not.toContain(s);
      expect(p.lines.join('\n') + p.stderr()).not.toContain(s);
    }
  });

  it('usage errors exit 2 naming the problem', async () => {
    const none = await runCli(['proxy']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--upstream URL is required');
    const bad = await runCli(['proxy', '--upstream', 'ftp://x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--upstream must be an http:// or https:// URL');
    const port = await runCli(['proxy', '--upstream', 'http://127.0.0.1:1', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});
