/** `so-conformance serve` end to end through the real binary, the way a user runs it. */
import { describe, expect, it } from 'vitest';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { buildRequest } from '../src/envelope/request.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { validate } from '../src/validate.ts';
import type { ServerVerdict } from '../src/server/index.ts';
import { readContractText } from '../src/contract/files.ts';
import { readFileSync } from 'node:fs';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const contract = deleteChatSessionsContract();
const TICKET = '7T:cli-test-ticket-d00d';
const TOKEN = 'cli-test-token-beef';

interface Serve {
  child: ChildProcessWithoutNullStreams;
  url: string;
  /** stdout lines after the first. */
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
}

function serve(args: string[]): Promise<Serve> {
  const child = spawn(process.execPath, ['bin/so-conformance.mjs', 'serve', ...args], { cwd: REPO });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines: string[] = [];
  const rl = createInterface({ input: child.stdout });
  return new Promise((resolve, reject) => {
    let first = true;
    rl.on('line', (line) => {
      if (!first) return void lines.push(line);
      first = false;
      const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
      if (!m) return reject(new Error(`first line was "${line}"`));
      resolve({ child, url: m[1]!, lines, stderr: () => err, exit });
    });
    void exit.then((code) => first && reject(new Error(`serve exited ${code} before listening: ${err}`)));
  });
}

async function post(url: string, options: Parameters<typeof buildRequest>[0]): Promise<{ status: number; body: string; contentType: string | null }> {
  const r = buildRequest({ ids: [1, 2, 3], applicationToken: TOKEN, ticket: TICKET, ...options });
  const res = await fetch(`${url}${contract.endpointPath}`, { method: 'POST', headers: r.headers, body: Buffer.from(r.bytes) });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type') };
}

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/so-conformance.mjs', 'serve', ...args], { cwd: REPO });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('close', (code) => resolve({ code, stdout: out, stderr: err }));
  });
}

async function until(check: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('so-conformance serve (real binary)', () => {
  it('prints "listening http://HOST:PORT" first, answers, logs one line per request without secrets, exits 0 on SIGTERM', async () => {
    const s = await serve(['--port', '0', '--app-error-ticket', TICKET.replace('cli', 'app')]);
    try {
      const ok = await post(s.url, {});
      expect(ok.status).toBe(200);
      expect(ok.contentType).toBe('text/xml; charset=utf-8');
      expect(validate(ok.body, { kind: 'response' })).toMatchObject({ conformant: true, outcome: 'success' });

      const wrongAction = await post(s.url, { soapAction: 'urn:nope' });
      expect(wrongAction.status).toBe(500);
      expect(wrongAction.body).toContain('ActionNotSupported');

      const v12 = await post(s.url, { profile: 'soap12' });
      expect(v12.status).toBe(415);

      const appErr = await post(s.url, { ticket: TICKET.replace('cli', 'app') });
      expect(appErr.status).toBe(200);
      expect(validate(appErr.body, { kind: 'response' }).outcome).toBe('app-error');

      const wsdl = await fetch(`${s.url}/Cust1${contract.endpointPath}?wsdl`);
      expect(await wsdl.text()).toContain(`location="${s.url}/Cust1${contract.endpointPath}"`);

      const verdicts = (await (await fetch(`${s.url}/__conformance/verdicts`)).json()) as ServerVerdict[];
      expect(verdicts.map((v) => v.answer)).toEqual(['success', 'action-not-supported', 'unsupported-media-type', 'app-error']);

      await until(() => s.lines.length >= 6);
      expect(s.lines[0]).toMatch(/ POST \/Remote\/Services86\/CustomerService\.svc 200 success \d+ms$/);
      expect(s.lines[1]).toMatch(/ 500 action-not-supported HTTP-004 \d+ms$/);
      expect(s.lines[2]).toMatch(/ 415 unsupported-media-type /);
      expect(s.lines[3]).toMatch(/ 200 app-error \d+ms$/);
      expect(s.lines[4]).toMatch(/ GET \/Cust1\/Remote\/Services86\/CustomerService\.svc\?wsdl 200 /);
      const everything = s.lines.join('\n') + s.stderr();
      for (const secret of [TICKET, TOKEN, TICKET.replace('cli', 'app')]) expect(everything).not.toContain(secret);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
    expect(s.stderr()).toContain('SIGTERM, shutting down');
  });

  it('exits 0 on SIGINT too', async () => {
    const s = await serve([]);
    expect((await post(s.url, {})).status).toBe(200);
    s.child.kill('SIGINT');
    expect(await s.exit).toBe(0);
  });

  it('--max-body sets the 413 limit; --quiet drops the request log', async () => {
    const s = await serve(['--max-body', '400', '--quiet']);
    try {
      expect((await post(s.url, {})).status).toBe(413);
      expect((await post(s.url, { ids: { kind: 'omitted' }, applicationToken: null, ticket: null, pretty: false, xmlDeclaration: false })).status).toBe(200);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
    expect(s.lines).toEqual([]);
  });

  it('--help prints the usage and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: so-conformance serve/);
    expect(r.stdout).toContain('--app-error-ticket');
  });

  it.concurrent.each([
    [['--port', 'abc'], /--port must be a whole number/],
    [['--port', '70000'], /--port must be a whole number/],
    [['--max-body', '-1'], /--max-body/],
    [['--version', '99'], /--version must be one of 83-88/],
    [['--profile', 'soap13'], /--profile must be wsdl or soap12/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['extra'], /positional/i],
  ])('usage error %j exits 2 with a message', async (args, message) => {
    const r = await run(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('a port already in use is reported without a stack trace', async () => {
    const s = await serve([]);
    try {
      const port = new URL(s.url).port;
      const r = await run(['--port', port]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/cannot listen on 127\.0\.0\.1:\d+: EADDRINUSE/);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      s.child.kill('SIGTERM');
    }
    expect(await s.exit).toBe(0);
  });
});

describe('serve --version: a vendored WSDL is served as it is, a derived one says so', () => {
  it('--version 88 serves the vendored Services88 WSDL (with its operations Services86 lacks)', async () => {
    const s = await serve(['--version', '88', '--quiet']);
    try {
      const c88 = deleteChatSessionsContract(88);
      const res = await fetch(`${s.url}${c88.endpointPath}?wsdl`);
      const body = await res.text();
      expect(res.status).toBe(200);
      expect(body.replace(`location="${s.url}${c88.endpointPath}"`, `location="${c88.addressLocation}"`)).toBe(readContractText('Services88-CustomerService.wsdl'));
      expect(s.stderr()).not.toContain('not vendored');
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });

  it('--version 87 serves a derived WSDL whose first comment and stderr say it is derived', async () => {
    const s = await serve(['--version', '87', '--quiet']);
    try {
      const res = await fetch(`${s.url}/Remote/Services87/CustomerService.svc?wsdl`);
      const body = await res.text();
      expect(body.split('\n')[1]).toBe('<!-- Services87 is not vendored: this WSDL is Services86-CustomerService.wsdl with "Services86" renamed to "Services87" (so-conformance). -->');
      await new Promise((r) => setTimeout(r, 50));
      // The line docs/readme/install.md shows.
      const md = readFileSync(new URL('../docs/readme/install.md', import.meta.url), 'utf8');
      const shown = /```text\n(so-conformance serve: Services87 is not vendored[^\n]*)\n```/.exec(md)?.[1];
      expect(shown).toBeDefined();
      expect(s.stderr().split('\n')).toContain(shown);
    } finally {
      s.child.kill('SIGTERM');
      await s.exit;
    }
  });
});
