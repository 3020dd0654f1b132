import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { buildRequest } from '../src/envelope/request.ts';
import { validate } from '../src/validate.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';

// `serve --tenant` through the real binary: the emulated tenant CI and integrators use.
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill('SIGTERM');
  child = undefined;
});

function start(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ lines: string[]; exit: Promise<number | null> }> {
  child = spawn(process.execPath, ['bin/so-conformance.mjs', 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((ok) => child!.on('exit', (code) => ok(code)));
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout! });
  return new Promise((ok, fail) => {
    rl.on('line', (l) => {
      lines.push(l);
      if (lines.length === 2) ok({ lines, exit });
    });
    exit.then((code) => fail(new Error(`serve exited ${code} before listening`)));
  });
}

describe('serve --tenant', () => {
  it('prints where it listens first, then the tenant base URL, and serves the CustomerService WSDL rewritten to itself', async () => {
    const { lines } = await start(['--tenant', '--port', '0', '--quiet']);
    expect(lines[0]).toMatch(/^listening http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines[1]).toMatch(/^tenant http:\/\/127\.0\.0\.1:\d+\/Cust12345 \(on-site; user /);
    const base = lines[1]!.split(' ')[1]!;
    const c = deleteChatSessionsContract();
    const wsdl = await (await fetch(`${base}${c.endpointPath}?wsdl`)).text();
    expect(wsdl).toContain(`location="${base}${c.endpointPath}"`);
  });

  it('answers an unknown ticket the NetServer way: HTTP 200, Succeeded=false, conformant response', async () => {
    const { lines } = await start(['--tenant', '--port', '0', '--quiet']);
    const base = lines[1]!.split(' ')[1]!;
    const req = buildRequest({ ids: [1], ticket: 'not-a-ticket' });
    const res = await fetch(`${base}${req.contract.endpointPath}`, { method: 'POST', headers: req.headers, body: req.body });
    const body = new Uint8Array(await res.arrayBuffer());
    expect(res.status).toBe(200);
    const v = validate(body, { kind: 'response' });
    expect(v.outcome).toBe('app-error');
    expect(v.violations.filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('refuses --online without the token in the environment, and tenant flags without --tenant', async () => {
    const env = { ...process.env };
    delete env['SO_APPLICATION_TOKEN'];
    const run = (args: string[]) =>
      new Promise<{ code: number | null; err: string }>((ok) => {
        const p = spawn(process.execPath, ['bin/so-conformance.mjs', 'serve', ...args], { env });
        let err = '';
        p.stderr.on('data', (d) => (err += d));
        p.on('exit', (code) => ok({ code, err }));
      });
    const online = await run(['--tenant', '--online']);
    expect(online.code).toBe(2);
    expect(online.err).toContain('$SO_APPLICATION_TOKEN');
    const stray = await run(['--drift', 'soapAction changed']);
    expect(stray.code).toBe(2);
    expect(stray.err).toContain('need --tenant');
  });
});
