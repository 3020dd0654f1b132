import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { SoapClient } from '../../src/live/soap-client.ts';
import { LiveError } from '../../src/live/transport.ts';
import { serviceOperation } from '../../src/contract/services.ts';
import { startTenant, type RunningTenant } from '../../src/tenant/server.ts';
import { readContractText } from '../../src/contract/files.ts';

const TOKEN = 'test-application-token-1234';
const USER = { userName: 'tester', password: 'correct horse battery', associateId: 42 };
let tenant: RunningTenant;

beforeAll(async () => {
  tenant = await startTenant({ applicationToken: TOKEN, users: [USER] });
});
afterAll(async () => {
  await tenant.close();
});

const client = (over: Partial<ConstructorParameters<typeof SoapClient>[0]> = {}) =>
  new SoapClient({ baseUrl: tenant.url, applicationToken: TOKEN, timeoutMs: 3000, ...over });

async function failure(p: Promise<unknown>): Promise<LiveError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(LiveError);
    return e as LiveError;
  }
  throw new Error('expected a failure');
}

describe('WSDL-derived operations', () => {
  it('reads actions, namespaces and children from the vendored WSDLs', () => {
    const gsi = serviceOperation('SoPrincipal', 'GetSystemInfo');
    expect(readContractText('Services86-SoPrincipal.wsdl')).toContain(`soapAction="${gsi.soapAction}"`);
    expect(gsi.endpointPath).toBe('/Remote/Services86/SoPrincipal.svc');
    expect(serviceOperation('SoPrincipal', 'AuthenticateUsernamePassword').requestChildren).toEqual(['UserName', 'Password']);
    const chat = serviceOperation('Chat', 'GetChatSessionEntity');
    expect(chat.tns).toMatch(/Services88$/);
    expect(chat.endpointPath).toBe('/Remote/Services88/Chat.svc');
    expect(chat.requestHeaders.map((h) => h.part)).toEqual(['ApplicationToken', 'Credentials', 'TimeZone']);
    // A version switch moves SoPrincipal and CustomerService, never Chat (CRUD exists from 88 on).
    expect(serviceOperation('SoPrincipal', 'GetSystemInfo', 84).soapAction).toContain('/Services84/');
    expect(serviceOperation('Chat', 'GetChatSessionEntity', 84).soapAction).toContain('/Services88/');
  });
  it('fails loudly for an operation the WSDL does not have', () => {
    expect(() => serviceOperation('Chat', 'NoSuchOperation')).toThrow(/NoSuchOperation/);
  });
});

describe('SoapClient against the emulated tenant', () => {
  it('reaches the tenant with GetSystemInfo and reads its version', async () => {
    const info = await client().getSystemInfo();
    expect(info.version).toMatch(/emulated/);
    expect(info.result.succeeded).toBe(true);
    expect(info.result.exceptionInfo).toBeNull();
  });

  it('gets a ticket for a configured user and says plainly when the login fails', async () => {
    const ok = await client().authenticate(USER.userName, USER.password);
    expect(ok.ticket.length).toBeGreaterThan(10);
    expect(ok.associateId).toBe(42);
    const e = await failure(client().authenticate(USER.userName, 'wrong password'));
    expect(e.kind).toBe('login-failed');
    expect(e.message).toContain('login failed for user "tester"');
    expect(e.message).not.toContain('wrong password');
  });

  it('runs the chat topic/session lifecycle and lists sessions for the agent', async () => {
    const c = client();
    const { ticket, associateId } = await c.authenticate(USER.userName, USER.password);
    const topic = await c.createTopic(ticket, 'client-test');
    await c.addTopicAgent(ticket, topic, associateId!);
    const s = await c.createSession(ticket, topic, 'customer');
    expect(tenant.state.sessions.get(s)?.customerName).toBe('customer');
    expect((await c.chatSessionsForUser(ticket)).ids).toContain(s);
    expect((await c.getSession(ticket, s)).exists).toBe(true);
    await c.deleteSessionEntity(ticket, s);
    expect((await c.getSession(ticket, s)).exists).toBe(false);
    await c.deleteTopic(ticket, topic);
    expect(tenant.state.topics.has(topic)).toBe(false);
  });

  it('reports an invalid ticket the NetServer way: HTTP 200, Succeeded=false, ExceptionInfo filled', async () => {
    const r = await client().call('CustomerService', 'ChatSessionsForUser', {}, { ticket: 'not-a-ticket' });
    expect(r.status).toBe(200);
    expect(r.succeeded).toBe(false);
    expect(r.exceptionInfo?.exceptionType).toBeTruthy();
    const e = await failure(client().chatSessionsForUser('not-a-ticket'));
    expect(e.kind).toBe('app-error');
    expect(e.message).toContain(r.exceptionInfo!.exceptionType!);
  });

  it('enforces the ApplicationToken in Online mode', async () => {
    const e = await failure(client({ applicationToken: 'wrong-token' }).getSystemInfo());
    expect(e.kind).toBe('app-error');
    expect(e.message).toMatch(/ApplicationToken/);
    const none = await failure(client({ applicationToken: undefined }).getSystemInfo());
    expect(none.message).toMatch(/ApplicationToken/);
  });

  it('never sends ids to DeleteChatSessions without a guard that allows them', async () => {
    const c = client();
    const { ticket } = await c.authenticate(USER.userName, USER.password);
    const before = tenant.state.deleteRequests.length;
    const e = await failure(c.deleteChatSessionsRaw({ ids: [1, 2], ticket }));
    expect(e.kind).toBe('refused-by-suite');
    expect(tenant.state.deleteRequests.length).toBe(before);
    const guarded = client({ deleteGuard: (ids) => (ids.every((i) => i === 7) ? undefined : 'only 7') });
    await failure(guarded.deleteChatSessionsRaw({ ids: [7, 8], ticket }));
    const r = await guarded.deleteChatSessionsRaw({ ids: [7], ticket });
    expect(r.succeeded).toBe(true);
    expect(tenant.state.deleteRequests.at(-1)).toEqual([7]);
  });
});

describe('clear errors for a wrong target', () => {
  it('a services version the tenant does not serve is HTTP 404 on the .svc path: "not-served"', async () => {
    const e = await failure(client({ version: 87 }).getSystemInfo());
    expect(e.kind).toBe('not-served');
    expect(e.message).toContain('Services87');
    expect(e.message).toContain('servicesVersion');
  });

  it('a wrong customer id is "not-served" too', async () => {
    const e = await failure(client({ baseUrl: tenant.url.replace('Cust12345', 'Cust99999') }).getSystemInfo());
    expect(e.kind).toBe('not-served');
  });

  it('an invalid URL is "bad-url"', () => {
    expect(() => client({ baseUrl: 'not a url' })).toThrow(LiveError);
  });

  it('an unknown host is "dns"', async () => {
    const e = await failure(client({ baseUrl: 'http://no-such-tenant.invalid/Cust1' }).getSystemInfo());
    expect(e.kind).toBe('dns');
    expect(e.message).toContain('no-such-tenant.invalid');
  });

  it('a closed port is "refused"', async () => {
    const port = await new Promise<number>((ok) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => ok(p));
      });
    });
    const e = await failure(client({ baseUrl: `http://127.0.0.1:${port}/Cust12345` }).getSystemInfo());
    expect(e.kind).toBe('refused');
  });

  it('TLS spoken to a plain HTTP port is "tls"', async () => {
    const e = await failure(client({ baseUrl: tenant.url.replace('http:', 'https:') }).getSystemInfo());
    expect(e.kind).toBe('tls');
    expect(e.message).toMatch(/TLS problem/);
  });

  it('a response over the size limit is "too-large"', async () => {
    const e = await failure(client({ maxBytes: 200 }).getSystemInfo());
    expect(e.kind).toBe('too-large');
  });
});

describe('redirects are named, not followed', () => {
  it('a 302 (e.g. http → https) says where the tenant points', async () => {
    const { createServer: http } = await import('node:http');
    const s = http((_req, res) => res.writeHead(302, { location: 'https://sod.superoffice.com/Cust1/Remote/Services86/SoPrincipal.svc' }).end());
    await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
    try {
      const port = (s.address() as { port: number }).port;
      const e = await failure(client({ baseUrl: `http://127.0.0.1:${port}/Cust1` }).getSystemInfo());
      expect(e.kind).toBe('http-error');
      expect(e.message).toContain('redirects to https://sod.superoffice.com/Cust1/Remote/Services86/SoPrincipal.svc');
    } finally {
      await new Promise((ok) => s.close(ok));
    }
  });
});
