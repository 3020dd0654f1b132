import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { buildRequest, type RequestOptions } from '../../src/envelope/request.ts';
import { validate } from '../../src/validate.ts';
import { SoapClient } from '../../src/live/soap-client.ts';
import { servicePath } from '../../src/contract/services.ts';
import { createTenantHandler, startTenant, type RunningTenant } from '../../src/tenant/server.ts';
import { createServer } from 'node:http';

const TOKEN = 'tenant-test-token';
let tenant: RunningTenant;
let ticket: string;

beforeAll(async () => {
  tenant = await startTenant({ applicationToken: TOKEN });
  ticket = (await new SoapClient({ baseUrl: tenant.url, applicationToken: TOKEN, timeoutMs: 3000 }).authenticate('so-conformance', 'emulated-password')).ticket;
});
afterAll(async () => {
  await tenant.close();
});

const endpoint = () => `${tenant.url}${deleteChatSessionsContract().endpointPath}`;

async function post(options: RequestOptions, mutate?: (b: ReturnType<typeof buildRequest>) => void) {
  const built = buildRequest({ applicationToken: TOKEN, ticket, ...options });
  mutate?.(built);
  const res = await fetch(endpoint(), { method: 'POST', headers: built.headers, body: built.body });
  const headers: Record<string, string> = {};
  res.headers.forEach((v, k) => (headers[k] = v));
  return { status: res.status, headers, body: await res.text() };
}

function responseVerdict(r: { status: number; headers: Record<string, string>; body: string }) {
  return validate(r.body, { kind: 'response', http: { status: r.status, headers: r.headers } });
}

describe('CustomerService DeleteChatSessions on the emulated tenant', () => {
  it('really deletes the named sessions and answers a conformant empty success', async () => {
    const topic = tenant.state.addTopic('t');
    const a = tenant.state.addSession(topic.id, 'a');
    const b = tenant.state.addSession(topic.id, 'b');
    const keep = tenant.state.addSession(topic.id, 'keep');
    const r = await post({ ids: [a.id, b.id] });
    expect(r.status).toBe(200);
    const v = responseVerdict(r);
    expect(v.violations).toEqual([]);
    expect(v.outcome).toBe('success');
    expect(tenant.state.sessions.has(a.id)).toBe(false);
    expect(tenant.state.sessions.has(b.id)).toBe(false);
    expect(tenant.state.sessions.has(keep.id)).toBe(true);
  });

  it.each(['omitted', 'nil', 'empty'] as const)('Ids %s: success, conformant', async (kind) => {
    const r = await post({ ids: { kind } });
    expect(r.status).toBe(200);
    expect(responseVerdict(r)).toMatchObject({ conformant: true, outcome: 'success' });
  });

  it('an invalid ticket: HTTP 200, Succeeded=false, ExceptionInfo filled, conformant app error', async () => {
    const r = await post({ ids: { kind: 'empty' }, ticket: 'bogus' });
    expect(r.status).toBe(200);
    const v = responseVerdict(r);
    expect(v).toMatchObject({ conformant: true, outcome: 'app-error' });
    expect(r.body).toContain('<ExceptionType>');
  });

  it('a wrong ApplicationToken is refused in Online mode, as an app error', async () => {
    const r = await post({ ids: { kind: 'empty' }, applicationToken: 'nope' });
    expect(responseVerdict(r)).toMatchObject({ conformant: true, outcome: 'app-error' });
  });

  it('a wrong SOAPAction gets WCF\'s ActionNotSupported fault (HTTP 500), conformant', async () => {
    const r = await post({ ids: { kind: 'empty' }, soapAction: 'urn:wrong' });
    expect(r.status).toBe(500);
    expect(r.body).toContain('ActionNotSupported');
    expect(responseVerdict(r)).toMatchObject({ conformant: true, outcome: 'fault' });
  });

  it('a SOAP 1.2 request is refused with HTTP 415 (BasicHttpBinding), conformant', async () => {
    const r = await post({ ids: { kind: 'empty' }, profile: 'soap12' });
    expect(r.status).toBe(415);
    expect(responseVerdict(r).conformant).toBe(true);
  });

  it('a non-conformant request is validated and answered with a Client fault naming the rules', async () => {
    const before = tenant.state.deleteRequests.length;
    const r = await post({ ids: ['abc'] });
    expect(r.status).toBe(500);
    expect(r.body).toMatch(/IDS-\d+/);
    expect(responseVerdict(r)).toMatchObject({ conformant: true, outcome: 'fault' });
    expect(tenant.state.deleteRequests.length).toBe(before);
    const placed = await post({ ids: { kind: 'empty' }, headerPlacement: 'envelope' });
    expect(placed.status).toBe(500);
    expect(placed.body).toContain('HDR-001');
  });

  it('ChatSessionsForUser lists only sessions in topics where the user is an agent', async () => {
    const mine = tenant.state.addTopic('mine');
    mine.agents.add(5);
    const other = tenant.state.addTopic('other');
    const s1 = tenant.state.addSession(mine.id, 'x');
    const s2 = tenant.state.addSession(other.id, 'y');
    const ids = (await new SoapClient({ baseUrl: tenant.url, applicationToken: TOKEN, timeoutMs: 3000 }).chatSessionsForUser(ticket)).ids;
    expect(ids).toContain(s1.id);
    expect(ids).not.toContain(s2.id);
  });
});

describe('?wsdl and routing', () => {
  it.each(['SoPrincipal', 'Chat', 'CustomerService'] as const)('%s.svc?wsdl has its address rewritten to the tenant', async (service) => {
    const path = servicePath(service);
    const res = await fetch(`${tenant.url}${path}?wsdl`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain(`location="${tenant.url}${path}"`);
    expect(text).not.toContain('sod.superoffice.com');
  });

  it('an altered CustomerService WSDL is served when configured', async () => {
    tenant.options.alterCustomerServiceWsdl = (t) => t.replace('DeleteChatSessions', 'DeleteChatSessionz');
    try {
      const text = await (await fetch(`${endpoint()}?singleWsdl`)).text();
      expect(text).toContain('DeleteChatSessionz');
    } finally {
      delete tenant.options.alterCustomerServiceWsdl;
    }
  });

  it('a request body over maxBodyBytes is answered 413 (read no further), and the tenant keeps serving', async () => {
    const small = await startTenant({ maxBodyBytes: 1024 });
    try {
      const built = buildRequest({ ids: Array.from({ length: 200 }, (_, i) => i + 1) });
      expect(built.bytes.byteLength).toBeGreaterThan(1024);
      const big = await fetch(`${small.url}${deleteChatSessionsContract().endpointPath}`, { method: 'POST', headers: built.headers, body: built.body });
      expect(big.status).toBe(413);
      const wsdl = await fetch(`${small.url}${deleteChatSessionsContract().endpointPath}?wsdl`);
      expect(wsdl.status).toBe(200);
    } finally {
      await small.close();
    }
  });

  it('unknown paths, versions and prefixes are 404', async () => {
    expect((await fetch(`${tenant.origin}/Other/Remote/Services86/CustomerService.svc?wsdl`)).status).toBe(404);
    expect((await fetch(`${tenant.url}/Remote/Services85/CustomerService.svc?wsdl`)).status).toBe(404);
    expect((await fetch(`${tenant.url}/Remote/Services86/Chat.svc?wsdl`)).status).toBe(404);
    expect((await fetch(`${tenant.url}/nothing`)).status).toBe(404);
  });

  it('the handler can be mounted in another node:http server (customerId null = on-site root)', async () => {
    const h = createTenantHandler({ customerId: null });
    const server = createServer((req, res) => h.handle(req, res));
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const { port } = server.address() as { port: number };
      const info = await new SoapClient({ baseUrl: `http://127.0.0.1:${port}`, timeoutMs: 3000 }).getSystemInfo();
      expect(info.version).toBeTruthy();
      expect(h.state.requestCount).toBe(1);
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });
});
