import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exchange, describeRequestHead, describeResponseHead } from '../src/transport/exchange.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;
const routes = new Map<string, Handler>();
let server: Server;
let base: string;
const seen: { headers: IncomingMessage['headers']; body: Buffer }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      seen.push({ headers: req.headers, body });
      routes.get(req.url ?? '')?.(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('exchange', () => {
  it('keeps the exact request and response bytes, status and headers', async () => {
    routes.set('/ok', (_q, res, body) => {
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8', 'set-cookie': ['a=1', 'b=2'] });
      res.end(Buffer.concat([Buffer.from('echo:'), body]));
    });
    const sent = new Uint8Array([0xef, 0xbb, 0xbf, 0x3c, 0x61, 0x2f, 0x3e]); // BOM + <a/>
    const x = await exchange({ url: `${base}/ok`, headers: { 'Content-Type': 'text/xml', SOAPAction: '"x"' }, body: sent });
    expect(x.ok).toBe(true);
    if (!x.ok) return;
    expect(Buffer.from(seen.at(-1)!.body)).toEqual(Buffer.from(sent));
    expect(seen.at(-1)!.headers['soapaction']).toBe('"x"');
    expect(x.request.bytes).toEqual(sent);
    expect(x.response.status).toBe(200);
    expect(x.response.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(x.response.headers['set-cookie']).toBe('a=1\nb=2');
    expect(Buffer.from(x.response.bytes)).toEqual(Buffer.concat([Buffer.from('echo:'), Buffer.from(sent)]));
    expect(describeRequestHead(x.request)).toMatch(/^POST \/ok HTTP\/1.1\nHost: 127\.0\.0\.1:\d+\nContent-Type: text\/xml/);
    expect(describeResponseHead(x.response)).toContain('set-cookie: b=2');
  });

  it('reports a timeout as a value naming the limit', async () => {
    routes.set('/hang', () => undefined);
    const x = await exchange({ url: `${base}/hang`, headers: {}, body: 'x', timeoutMs: 150 });
    expect(x.ok).toBe(false);
    if (x.ok) return;
    expect(x.failure.kind).toBe('timeout');
    expect(x.failure.message).toMatch(/timeout: no complete response to POST .*\/hang within 150 ms/);
  });

  it('times out when the body stalls after the headers', async () => {
    routes.set('/stall', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.write('<a>');
    });
    const x = await exchange({ url: `${base}/stall`, headers: {}, body: 'x', timeoutMs: 150 });
    expect(!x.ok && x.failure.kind).toBe('timeout');
  });

  it('reports a refused connection', async () => {
    const s = createServer();
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const port = (s.address() as AddressInfo).port;
    await new Promise((r) => s.close(r));
    const x = await exchange({ url: `http://127.0.0.1:${port}/`, headers: {}, body: 'x', timeoutMs: 2000 });
    expect(x.ok).toBe(false);
    if (x.ok) return;
    expect(x.failure.kind).toBe('refused');
    expect(x.failure.message).toContain(`connection refused: nothing listens at 127.0.0.1:${port}`);
  });

  it('refuses a response over the size limit, declared or streamed', async () => {
    routes.set('/big-declared', (_q, res) => {
      res.writeHead(200, { 'content-length': '5000' });
      res.end('x'.repeat(5000));
    });
    routes.set('/big-chunked', (_q, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      for (let i = 0; i < 10; i++) res.write('y'.repeat(1000));
      res.end();
    });
    const a = await exchange({ url: `${base}/big-declared`, headers: {}, body: 'x', maxResponseBytes: 1000 });
    expect(!a.ok && a.failure.kind).toBe('too-large');
    expect(!a.ok && a.failure.message).toMatch(/Content-Length 5000 bytes is over the limit of 1000/);
    const b = await exchange({ url: `${base}/big-chunked`, headers: {}, body: 'x', maxResponseBytes: 1000 });
    expect(!b.ok && b.failure.kind).toBe('too-large');
    expect(!b.ok && b.response?.status).toBe(200);
  });

  it('reports a body cut short of its Content-Length as truncated', async () => {
    routes.set('/cut', (_q, res) => {
      res.writeHead(200, { 'content-length': '100', 'content-type': 'text/xml' });
      res.write('<s:Envelope', () => res.socket?.destroy());
    });
    const x = await exchange({ url: `${base}/cut`, headers: {}, body: 'x', timeoutMs: 2000 });
    expect(x.ok).toBe(false);
    if (x.ok) return;
    expect(x.failure.kind).toBe('truncated');
    expect(x.failure.message).toMatch(/^truncated response/);
  });
});
