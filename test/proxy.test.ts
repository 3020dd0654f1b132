/** The validating proxy: byte-exact forwarding, both verdicts, failures as 502 + verdict, bounds, secrets. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startProxy, type RunningProxy, type ProxyVerdict } from '../src/proxy/index.ts';
import { startTenant, type RunningTenant } from '../src/tenant/index.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';

const contract = deleteChatSessionsContract();
const TICKET = '7T:proxy-test-ticket-6b1d';
const TOKEN = 'proxy-test-app-token-c0ffee';
const sha = (b: Uint8Array | string) => createHash('sha256').update(b).digest('hex');

interface Raw {
  status: number;
  statusMessage: string;
  rawHeaders: string[];
  body: Buffer;
}

/** A client that shows exactly what came back: no decoding, headers as sent. */
function raw(url: string, method: string, path: string, headers: string[], body: Uint8Array | string = ''): Promise<Raw> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const withHost = headers.some((h, i) => i % 2 === 0 && h.toLowerCase() === 'host') ? headers : ['Host', u.host, ...headers];
    const req = request({ host: u.hostname, port: u.port, method, path, headers: withHost, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Pairs of [name, value] without what one hop adds (connection management, the date of that hop). */
function endToEndPairs(rawHeaders: string[], drop: string[] = []): [string, string][] {
  const skip = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding', ...drop]);
  const out: [string, string][] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) if (!skip.has(rawHeaders[i]!.toLowerCase())) out.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return out;
}

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

/** An upstream that records what it received and answers with whatever the test sets. */
async function recordingUpstream(answer: (req: IncomingMessage, body: Buffer, res: import('node:http').ServerResponse) => void): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method!, url: req.url!, rawHeaders: req.rawHeaders, body });
      answer(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const closeServer = (s: Server) => new Promise<void>((r) => { s.closeAllConnections(); s.close(() => r()); });

describe('proxy: forwarding is byte-exact both ways', () => {
  let up: Awaited<ReturnType<typeof recordingUpstream>>;
  let proxy: RunningProxy;
  const answerBody = gzipSync(Buffer.from('<not-judged>odd bytes \u00e6\u00f8\u00e5</not-judged>', 'utf8'));
  beforeAll(async () => {
    up = await recordingUpstream((_req, _body, res) => {
      res.sendDate = false;
      res.writeHead(207, 'Odd Status', ['X-Upstream', 'one', 'x-upstream', 'two', 'Content-Encoding', 'gzip', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Length', String(answerBody.byteLength)]);
      res.end(answerBody);
    });
    proxy = await startProxy({ upstream: up.url });
  });
  afterAll(async () => {
    await proxy.close();
    await closeServer(up.server);
  });

  it('passes method, path, query, end-to-end headers (case, order, repeats) and body bytes; drops hop-by-hop ones', async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<x>\r\n\u00e9 binary \u0000 bytes</x>', 'utf8'), Buffer.from([0xff, 0xfe, 0x00])]);
    const headers = ['X-Custom', 'A', 'x-custom', 'b', 'SOAPAction', '"quoted"', 'Content-Type', 'application/octet-stream', 'Connection', 'keep-alive, X-Hop', 'X-Hop', 'gone', 'Keep-Alive', 'timeout=1', 'Content-Length', String(body.byteLength)];
    const got = await raw(proxy.url, 'PUT', '/some/where?a=1&b=%20two&wsdl2', headers, body);
    expect(up.seen).toHaveLength(1);
    const s = up.seen[0]!;
    expect(s.method).toBe('PUT');
    expect(s.url).toBe('/some/where?a=1&b=%20two&wsdl2');
    expect(sha(s.body)).toBe(sha(body));
    const host = new URL(up.url).host;
    expect(endToEndPairs(s.rawHeaders)).toEqual([['Host', host], ['X-Custom', 'A'], ['x-custom', 'b'], ['SOAPAction', '"quoted"'], ['Content-Type', 'application/octet-stream'], ['Content-Length', String(body.byteLength)]]);
    expect(s.rawHeaders.map((h) => h.toLowerCase())).not.toContain('x-hop');

    // The answer: status, reason, headers and the still-gzipped bytes, as the upstream sent them.
    expect(got.status).toBe(207);
    expect(got.statusMessage).toBe('Odd Status');
    expect(sha(got.body)).toBe(sha(answerBody));
    expect(endToEndPairs(got.rawHeaders)).toEqual([['X-Upstream', 'one'], ['x-upstream', 'two'], ['Content-Encoding', 'gzip'], ['Set-Cookie', 'a=1'], ['Set-Cookie', 'b=2'], ['Content-Length', String(answerBody.byteLength)]]);
    // Not the endpoint: forwarded, not judged, no verdict.
    expect(proxy.verdicts()).toHaveLength(0);
  });

  it('puts an upstream base path in front of every request path', async () => {
    const p2 = await startProxy({ upstream: `${up.url}/Cust777/` });
    try {
      await raw(p2.url, 'GET', '/Remote/x.svc?y', []);
      expect(up.seen.at(-1)!.url).toBe('/Cust777/Remote/x.svc?y');
    } finally {
      await p2.close();
    }
  });
});

describe('proxy in front of the emulated tenant', () => {
  let tenant: RunningTenant;
  let proxy: RunningProxy;
  const lines: string[] = [];
  beforeAll(async () => {
    tenant = await startTenant({ tickets: { [TICKET]: 'so-conformance' } });
    proxy = await startProxy({ upstream: tenant.origin, log: (l) => lines.push(l) });
  });
  afterAll(async () => {
    await proxy.close();
    await tenant.close();
  });
  const endpoint = () => `/Cust12345${contract.endpointPath}`;
  const post = (r: ReturnType<typeof buildRequest>) =>
    raw(proxy.url, 'POST', endpoint(), [...Object.entries(r.headers).flat(), 'Content-Length', String(r.bytes.byteLength)], r.bytes);

  it('judges a conformant request and the success answer: both conformant', async () => {
    const before = proxy.verdicts().length;
    const got = await post(buildRequest({ ids: [1, 2, 3], ticket: TICKET, applicationToken: TOKEN }));
    expect(got.status).toBe(200);
    const v = proxy.verdicts().slice(before);
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ status: 200, upstreamStatus: 200, conformant: true, failure: null, request: { conformant: true, violations: [] }, response: { conformant: true, outcome: 'success', violations: [] } });
    expect(lines.at(-1)).toMatch(/POST \/Cust12345\/Remote\/Services86\/CustomerService\.svc 200 request conformant \| response success conformant \d+ms$/);
  });

  it('judges a broken request (header blocks inside Body) as not conformant and the tenant\'s Fault as a fault', async () => {
    const before = proxy.verdicts().length;
    const got = await post(buildRequest({ ids: [1], ticket: TICKET, applicationToken: TOKEN, headerPlacement: 'body', pretty: true }));
    expect(got.status).toBe(500);
    const [v] = proxy.verdicts().slice(before) as [ProxyVerdict];
    expect(v.request!.conformant).toBe(false);
    expect(v.request!.violations.map((x) => x.rule)).toContain('HDR-002');
    expect(v.request!.violations.every((x) => x.line !== null || x.rule.startsWith('HTTP'))).toBe(true);
    expect(v.response).toMatchObject({ outcome: 'fault' });
    expect(v.conformant).toBe(false);
    expect(lines.at(-1)).toMatch(/ 500 request NOT conformant [A-Z]+-\d{3}.* \| response fault /);
  });

  it('serves the verdicts as JSON and never lets a ticket or token value out (log, verdicts, page)', async () => {
    // A Ticket outside Credentials: a rule message could quote it.
    await post(buildRequest({ ids: [1], ticket: TICKET, applicationToken: TOKEN, ticketOutsideCredentials: true }));
    const json = await raw(proxy.url, 'GET', '/__conformance/verdicts', []);
    expect(json.status).toBe(200);
    const list = JSON.parse(json.body.toString('utf8')) as ProxyVerdict[];
    expect(list.length).toBe(proxy.verdicts().length);
    const page = await raw(proxy.url, 'GET', '/__conformance/exchanges', []);
    const ids = (JSON.parse(page.body.toString()) as { id: number }[]).map((x) => x.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const details = await Promise.all(ids.map((id) => raw(proxy.url, 'GET', `/__conformance/exchanges/${id}`, [])));
    const everything = [json.body.toString(), page.body.toString(), ...details.map((d) => d.body.toString()), ...lines].join('\n');
    for (const secret of [TICKET, TOKEN, TICKET.slice(0, 12), TOKEN.slice(0, 12)]) expect(everything).not.toContain(secret);
    expect(everything).toContain('[redacted]');
  });

  it('passes ?wsdl through, naming the proxy as the address', async () => {
    const got = await raw(proxy.url, 'GET', `${endpoint()}?wsdl`, ['Host', new URL(proxy.url).host]);
    expect(got.status).toBe(200);
    const direct = await raw(tenant.origin, 'GET', `${endpoint()}?wsdl`, []);
    const text = got.body.toString('utf8');
    expect(text).toContain(`location="${proxy.url}${endpoint()}"`);
    expect(text).toBe(direct.body.toString('utf8').split(tenant.origin).join(proxy.url));
  });

  it('answers with the tenant\'s 415 and judges the SOAP 1.2 request as broken', async () => {
    const before = proxy.verdicts().length;
    const got = await post(buildRequest({ ids: [1], ticket: TICKET, applicationToken: TOKEN, profile: 'soap12' }));
    expect(got.status).toBe(415);
    const [v] = proxy.verdicts().slice(before) as [ProxyVerdict];
    expect(v.request!.violations.map((x) => x.rule)).toEqual(expect.arrayContaining(['ENV-001', 'HTTP-002']));
    expect(v.upstreamStatus).toBe(415);
  });
});

describe('proxy: failures become 502 with a plain-text reason and a verdict', () => {
  const r = buildRequest({ ids: [1], ticket: TICKET, applicationToken: TOKEN });
  const headers = [...Object.entries(r.headers).flat(), 'Content-Length', String(r.bytes.byteLength)];
  const path = contract.endpointPath;

  it('an unreachable upstream', async () => {
    const dead = createServer();
    await new Promise<void>((ok) => dead.listen(0, '127.0.0.1', ok));
    const port = (dead.address() as AddressInfo).port;
    await closeServer(dead);
    const proxy = await startProxy({ upstream: `http://127.0.0.1:${port}` });
    try {
      const got = await raw(proxy.url, 'POST', path, headers, r.bytes);
      expect(got.status).toBe(502);
      expect(got.rawHeaders.join(' ')).toMatch(/text\/plain/);
      expect(got.body.toString()).toMatch(/^so-conformance proxy: bad gateway: connection refused: nothing listens at 127\.0\.0\.1:\d+\n$/);
      expect(proxy.verdicts()).toEqual([expect.objectContaining({ status: 502, upstreamStatus: null, conformant: false, failure: { kind: 'refused', message: expect.stringContaining('connection refused') }, request: { conformant: true, violations: [] }, response: null })]);
    } finally {
      await proxy.close();
    }
  });

  it('an upstream that does not answer in time', async () => {
    const up = await recordingUpstream(() => undefined);
    const proxy = await startProxy({ upstream: up.url, upstreamTimeoutMs: 300 });
    try {
      const got = await raw(proxy.url, 'POST', path, headers, r.bytes);
      expect(got.status).toBe(502);
      expect(got.body.toString()).toContain('did not answer within 300 ms');
      expect(proxy.verdicts()[0]!.failure!.kind).toBe('timeout');
    } finally {
      await proxy.close();
      await closeServer(up.server);
    }
  });

  it('an upstream that answers too much (declared, or streamed without a length)', async () => {
    const big = Buffer.alloc(5000, 0x61);
    const up = await recordingUpstream((req, _b, res) => {
      if (req.url!.includes('chunked')) {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.write(big);
        res.end(big);
      } else res.writeHead(200, { 'content-length': String(big.byteLength) }).end(big);
    });
    const proxy = await startProxy({ upstream: up.url, maxBodyBytes: 4096 });
    try {
      const a = await raw(proxy.url, 'POST', path, headers, r.bytes);
      expect(a.status).toBe(502);
      expect(a.body.toString()).toContain('declares 5000 bytes');
      const b = await raw(proxy.url, 'POST', `/chunked${path}`, headers, r.bytes);
      expect(b.status).toBe(502);
      expect(b.body.toString()).toContain("passed the proxy's limit of 4096 bytes");
      expect(proxy.verdicts().map((v) => v.failure?.kind)).toEqual(['too-large', 'too-large']);
    } finally {
      await proxy.close();
      await closeServer(up.server);
    }
  });

  it('an upstream that cuts its answer short: a 502 while nothing was sent yet, a cut connection once streaming', async () => {
    const up = await recordingUpstream((req, _b, res) => {
      const big = req.url!.includes('big');
      res.writeHead(200, { 'content-length': big ? '200000' : '1000', 'content-type': 'text/xml' });
      res.write(big ? Buffer.alloc(100_000, 0x20) : '<half');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const proxy = await startProxy({ upstream: up.url });
    try {
      const small = await raw(proxy.url, 'POST', path, headers, r.bytes);
      expect(small.status).toBe(502);
      expect(small.body.toString()).toContain('closed the connection before the whole answer arrived');
      // A long answer is streamed as it comes: the client's connection is cut like the upstream's was.
      await expect(raw(proxy.url, 'POST', `/big${path}`, headers, r.bytes)).rejects.toThrow();
      await new Promise((ok) => setTimeout(ok, 50));
      expect(proxy.verdicts().map((v) => [v.status, v.upstreamStatus, v.failure?.kind])).toEqual([
        [502, 200, 'truncated'],
        [200, 200, 'truncated'],
      ]);
    } finally {
      await proxy.close();
      await closeServer(up.server);
    }
  });

  it('a request body over the limit is refused with 413 and not forwarded', async () => {
    const up = await recordingUpstream((_q, _b, res) => res.end());
    const proxy = await startProxy({ upstream: up.url, maxBodyBytes: 100 });
    try {
      const got = await raw(proxy.url, 'POST', path, headers, r.bytes);
      expect(got.status).toBe(413);
      expect(up.seen).toHaveLength(0);
      expect(proxy.verdicts()[0]).toMatchObject({ status: 413, failure: { kind: 'request-too-large' }, request: { conformant: false, violations: [expect.objectContaining({ rule: 'XML-006' })] } });
    } finally {
      await proxy.close();
      await closeServer(up.server);
    }
  });
});

describe('proxy: https upstream', () => {
  let dir: string;
  let server: Server;
  let url: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'proxy-tls-'));
    // A throw-away self-signed certificate: Node's default checks must refuse it.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('tls ok'));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await closeServer(server);
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks the certificate by default (502 naming TLS), and skips the check only with insecure', async () => {
    const strict = await startProxy({ upstream: url });
    const loose = await startProxy({ upstream: url, insecure: true });
    try {
      const a = await raw(strict.url, 'GET', '/x', []);
      expect(a.status).toBe(502);
      expect(a.body.toString()).toMatch(/TLS failure .*self-signed|TLS failure .*SELF_SIGNED/i);
      const b = await raw(loose.url, 'GET', '/x', []);
      expect(b.status).toBe(200);
      expect(b.body.toString()).toBe('tls ok');
    } finally {
      await strict.close();
      await loose.close();
    }
  });
});

