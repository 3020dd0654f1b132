/**
 * Real SOAP clients (Python zeep, PHP SoapClient, node-soap) generated from the proxy's ?wsdl, calling
 * through the proxy to the emulated tenant. What each side sent is hashed at the proxy and at the
 * tenant: forwarding is byte-exact both ways, and both verdicts say what the matrix says.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTenantHandler } from '../src/tenant/index.ts';
import { startProxy, type PassedExchange, type ProxyVerdict, type RunningProxy } from '../src/proxy/index.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { FAKE_APP_TOKEN, FAKE_TICKET, PROGRAMS, assertInstalled, type ProgramId } from '../steps/support/client-matrix.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const contract = deleteChatSessionsContract();

interface Tapped {
  url: string;
  requestSha: string;
  responseSha: string;
  requestHeaders: Record<string, string | string[] | undefined>;
}

/** The emulated tenant behind a tap that hashes every body it receives and sends. */
async function tappedTenant(): Promise<{ server: Server; origin: string; tapped: Tapped[] }> {
  const handler = createTenantHandler({ tickets: { [FAKE_TICKET]: 'so-conformance' } });
  const tapped: Tapped[] = [];
  const server = createServer((req, res) => {
    const inChunks: Buffer[] = [];
    const outChunks: Buffer[] = [];
    req.on('data', (c: Buffer) => inChunks.push(c));
    const write = res.write.bind(res);
    const end = res.end.bind(res);
    res.write = ((c: unknown, ...rest: unknown[]) => {
      if (c) outChunks.push(Buffer.from(c as Buffer));
      return (write as (...a: unknown[]) => boolean)(c, ...rest);
    }) as typeof res.write;
    res.end = ((c?: unknown, ...rest: unknown[]) => {
      if (c && typeof c !== 'function') outChunks.push(Buffer.from(c as Buffer));
      tapped.push({ url: req.url!, requestSha: sha(Buffer.concat(inChunks)), responseSha: sha(Buffer.concat(outChunks)), requestHeaders: { ...req.headers } });
      return (end as (...a: unknown[]) => ServerResponse)(c, ...rest);
    }) as typeof res.end;
    handler.handle(req, res);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tapped };
}
type ServerResponse = import('node:http').ServerResponse;

function runClient(program: ProgramId, variant: string, wsdl: string): Promise<{ client: { outcome: string }; stderr: string }> {
  const p = PROGRAMS[program];
  assertInstalled(p);
  return new Promise((resolve, reject) => {
    const child = spawn(p.command, p.args(wsdl, variant), { env: { ...process.env, SO_APP_TOKEN: FAKE_APP_TOKEN, SO_TICKET: FAKE_TICKET, SO_CLIENT_TRACE: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        resolve({ client: JSON.parse(out.trim().split('\n').pop() ?? '') as { outcome: string }, stderr: err });
      } catch {
        reject(new Error(`${p.name} printed no result (exit ${code}): ${out}\n${err}`));
      }
    });
  });
}

describe('real clients through the proxy to the emulated tenant', () => {
  let tenant: Awaited<ReturnType<typeof tappedTenant>>;
  let proxy: RunningProxy;
  const passed: PassedExchange[] = [];
  const lines: string[] = [];
  beforeAll(async () => {
    tenant = await tappedTenant();
    proxy = await startProxy({ upstream: tenant.origin, onExchange: (x) => passed.push(x), log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await proxy?.close();
    tenant?.server.closeAllConnections();
    await new Promise((ok) => tenant?.server.close(ok));
  });
  const wsdl = () => `${proxy.url}/Cust12345${contract.endpointPath}?wsdl`;

  /** Runs a client and returns the verdict of its one POST, after checking the bytes both ways. */
  async function through(program: ProgramId, variant: string): Promise<{ verdict: ProxyVerdict; client: { outcome: string } }> {
    const before = { verdicts: proxy.verdicts().length, passed: passed.length, tapped: tenant.tapped.length };
    const { client } = await runClient(program, variant, wsdl());
    const posts = passed.slice(before.passed).filter((x) => x.method === 'POST');
    expect(posts).toHaveLength(1);
    const taps = tenant.tapped.slice(before.tapped).filter((t) => !t.url.includes('?'));
    expect(taps).toHaveLength(1);
    // Byte-exact both ways: what the client sent is what the tenant read; what the tenant sent is what the client got.
    expect(taps[0]!.requestSha).toBe(sha(posts[0]!.requestBody));
    expect(taps[0]!.responseSha).toBe(sha(posts[0]!.responseBody));
    // The client's own headers reached the tenant (Host aside, which names the upstream).
    for (const [k, v] of Object.entries(posts[0]!.requestHeaders)) if (k !== 'host' && k !== 'connection' && k !== 'keep-alive') expect(String(taps[0]!.requestHeaders[k])).toBe(v);
    const verdicts = proxy.verdicts().slice(before.verdicts);
    expect(verdicts).toHaveLength(1);
    return { verdict: verdicts[0]!, client };
  }

  it('zeep (conformant): both verdicts conformant, the client sees the response', async () => {
    const { verdict, client } = await through('zeep', 'default');
    expect(client.outcome).toBe('response');
    expect(verdict).toMatchObject({ status: 200, conformant: true, request: { conformant: true, violations: [] }, response: { conformant: true, outcome: 'success', violations: [] } });
  });

  it('PHP SoapClient, SOAP 1.1 (conformant)', async () => {
    const { verdict, client } = await through('php', 'soap11');
    expect(client.outcome).toBe('response');
    expect(verdict).toMatchObject({ status: 200, conformant: true, response: { outcome: 'success', conformant: true } });
    expect(verdict.request!.violations.filter((v) => v.severity === 'error')).toEqual([]);
  });

  it('PHP SoapClient, SOAP 1.2 (broken): request not conformant (ENV-001, HTTP-002), the tenant\'s 415 passed back', async () => {
    const { verdict, client } = await through('php', 'soap12');
    expect(client.outcome).toBe('error');
    expect(verdict.status).toBe(415);
    expect(verdict.request!.conformant).toBe(false);
    expect([...new Set(verdict.request!.violations.filter((v) => v.severity === 'error').map((v) => v.rule))].sort()).toEqual(['ENV-001', 'HTTP-002']);
    expect(verdict.response).toMatchObject({ outcome: 'not-soap' });
  });

  it('node-soap (broken default: unqualified header blocks): HDR-005, the tenant\'s Fault', async () => {
    const { verdict, client } = await through('node-soap', 'default');
    expect(client.outcome).toBe('fault');
    expect(verdict.request!.violations.map((v) => v.rule)).toContain('HDR-005');
    expect(verdict.response).toMatchObject({ outcome: 'fault' });
  });

  it('no ticket or token in the log or the verdicts', () => {
    const all = [...lines, JSON.stringify(proxy.verdicts())].join('\n');
    expect(lines.length).toBeGreaterThan(4);
    for (const s of [FAKE_TICKET, FAKE_APP_TOKEN]) expect(all).not.toContain(s);
  });
});
