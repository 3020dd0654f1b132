import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { startServer, type RunningServer, type ServerVerdict } from '../src/server/index.ts';
import { VERDICT_NS } from '../src/server/fault-detail.ts';
import { validate } from '../src/validate.ts';
import { buildRequest, type RequestOptions } from '../src/envelope/request.ts';
import { loadOperation } from '../src/contract/wsdl.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { NS } from '../src/contract/namespaces.ts';
import { parseXml } from '../src/xml/parse.ts';
import type { XElement } from '../src/xml/tree.ts';
import { descendants } from '../src/contract/rules/util.ts';

const contract = deleteChatSessionsContract();
const TOKEN = 'server-test-token-77aa';
const TICKET = '7T:server-test-ticket-31bc';
const APP_ERROR_TICKET = '7T:please-fail-this-one';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

let server: RunningServer;
const logs: string[] = [];
/** Every SOAP-endpoint answer, checked against the response rules at the end. */
const answers: Answer[] = [];

function endpoint(prefix = ''): string {
  return `${server.url}${prefix}${contract.endpointPath}`;
}

/** A raw HTTP exchange over node:http, so headers go out exactly as given (fetch adds its own). */
function send(url: string, body: Uint8Array | string, headers: Record<string, string>, method = 'POST'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const req = httpRequest(url, { method, headers: { ...headers, 'content-length': String(data.byteLength) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        const a = { status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') };
        if (url.includes(contract.endpointPath) && method === 'POST' && a.status !== 404) answers.push(a);
        resolve(a);
      });
    });
    req.on('error', reject);
    req.end(data);
  });
}

function sendRequest(options: RequestOptions = {}, prefix = ''): Promise<Answer> {
  const r = buildRequest({ ids: [1, 2, 3], applicationToken: TOKEN, ticket: TICKET, ...options });
  return send(endpoint(prefix), r.bytes, r.headers);
}

/** The same answer as a raw HTTP message, judged by the project's own response rules. */
function judgeResponse(a: Answer) {
  const head = [`HTTP/1.1 ${a.status} X`, ...Object.entries(a.headers).map(([k, v]) => `${k}: ${v}`)].join('\r\n');
  const profile = a.headers['content-type']?.startsWith('application/soap+xml') ? 'soap12' : 'wsdl';
  return validate(`${head}\r\n\r\n${a.body}`, { kind: 'response', profile });
}

function lastVerdict(): ServerVerdict {
  const all = server.verdicts();
  return all[all.length - 1]!;
}

/** The fault detail's violations, read back from the XML. */
function detailViolations(body: string): { rule: string; message: string; path?: string; line?: string }[] {
  const p = parseXml(body);
  if (!p.ok) throw new Error(`fault is not well-formed: ${p.problems[0]?.message}`);
  const out = [];
  for (const el of descendants(p.doc.root)) {
    if (el.ns !== VERDICT_NS || el.local !== 'Violation') continue;
    const field = (n: string) => el.children.find((c: XElement) => c.local === n && c.ns === VERDICT_NS)?.text;
    out.push({ rule: field('Rule')!, message: field('Message')!, path: field('Path'), line: field('Line') });
  }
  return out;
}

function faultcode(body: string): { ns: string; local: string } | undefined {
  const p = parseXml(body);
  if (!p.ok) return undefined;
  const code = [...descendants(p.doc.root)].find((e) => e.local === 'faultcode' && e.ns === '');
  if (!code) return undefined;
  const [prefix, local] = code.text.includes(':') ? code.text.split(':') : ['', code.text];
  return { ns: code.scope.get(prefix!) ?? '', local: local! };
}

beforeAll(async () => {
  server = await startServer({ appErrorTickets: [APP_ERROR_TICKET], maxBodyBytes: 64 * 1024, readTimeoutMs: 400, verdictHistory: 500, log: (l) => logs.push(l) });
});
afterAll(async () => {
  await server.close();
});

describe('serve: conformant requests', () => {
  it('listens on 127.0.0.1 and reports its URL', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(server.port).toBeGreaterThan(0);
  });

  it('answers like WCF: HTTP 200, text/xml, SOAP 1.1 DeleteChatSessionsResponse with the four response headers', async () => {
    const a = await sendRequest();
    expect(a.status).toBe(200);
    expect(a.headers['content-type']).toBe('text/xml; charset=utf-8');
    const p = parseXml(a.body);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.doc.root.ns).toBe(NS.soap11);
    const header = p.doc.root.children.find((c) => c.local === 'Header')!;
    expect(header.children.map((c) => `{${c.ns}}${c.local}`)).toEqual(contract.responseHeaders.map((h) => `{${h.element.ns}}${h.element.local}`));
    const body = p.doc.root.children.find((c) => c.local === 'Body')!;
    expect(body.children.map((c) => `{${c.ns}}${c.local}`)).toEqual([`{${contract.response.ns}}${contract.response.local}`]);
    const verdict = judgeResponse(a);
    expect(verdict.violations).toEqual([]);
    expect(verdict.outcome).toBe('success');
    expect(lastVerdict()).toMatchObject({ method: 'POST', path: contract.endpointPath, status: 200, answer: 'success', conformant: true, violations: [] });
    expect(lastVerdict().soapAction).toBe(`"${contract.soapAction}"`);
  });

  it('accepts a tenant segment before the endpoint path, and matches the path case-insensitively like IIS', async () => {
    expect((await sendRequest({}, '/Cust12345')).status).toBe(200);
    expect(lastVerdict().path).toBe(`/Cust12345${contract.endpointPath}`);
    const upper = buildRequest({ ids: [1] });
    expect((await send(`${server.url}${contract.endpointPath.toUpperCase()}`, upper.bytes, upper.headers)).status).toBe(200);
  });

  it('answers 404 for anything that is not the endpoint (two prefix segments, another service)', async () => {
    const r = buildRequest({ ids: [1] });
    expect((await send(`${server.url}/a/b${contract.endpointPath}`, r.bytes, r.headers)).status).toBe(404);
    expect((await send(`${server.url}/Remote/Services86/Other.svc`, r.bytes, r.headers)).status).toBe(404);
  });

  it('a conformant request with warnings (no ids, no ticket) still succeeds, and the verdict lists the warnings', async () => {
    const a = await sendRequest({ ids: { kind: 'omitted' }, ticket: null });
    expect(a.status).toBe(200);
    const v = lastVerdict();
    expect(v.conformant).toBe(true);
    expect(v.violations.map((x) => `${x.rule}:${x.severity}`).sort()).toEqual(['HDR-008:warning', 'IDS-010:warning']);
  });

  it('answers a configured ticket with an application error: HTTP 200, Succeeded=false, a filled ExceptionInfo', async () => {
    const a = await sendRequest({ ticket: APP_ERROR_TICKET });
    expect(a.status).toBe(200);
    const verdict = judgeResponse(a);
    expect(verdict.conformant).toBe(true);
    expect(verdict.outcome).toBe('app-error');
    expect(a.body).toMatch(/<Succeeded[^>]*>false<\/Succeeded>/);
    expect(a.body).toContain('<ExceptionType>');
    expect(lastVerdict()).toMatchObject({ status: 200, answer: 'app-error', conformant: true });
  });

  it('a non-conformant request with an app-error ticket gets the Fault, not the application error', async () => {
    const a = await sendRequest({ ticket: APP_ERROR_TICKET, itemNamespace: 'none' });
    expect(a.status).toBe(500);
    expect(lastVerdict().answer).toBe('fault');
  });
});

describe('serve: protocol errors the way WCF answers them', () => {
  it('a SOAP 1.2 content type gets HTTP 415 with an empty body, and a verdict naming HTTP-002', async () => {
    const r = buildRequest({ ids: [1, 2, 3], profile: 'soap12', applicationToken: TOKEN, ticket: TICKET });
    const a = await send(endpoint(), r.bytes, r.headers);
    expect(a.status).toBe(415);
    expect(a.body).toBe('');
    const v = lastVerdict();
    expect(v).toMatchObject({ status: 415, answer: 'unsupported-media-type', conformant: false });
    expect(v.violations.map((x) => x.rule)).toContain('HTTP-002');
    expect(v.violations.map((x) => x.rule)).toContain('ENV-001');
  });

  it('a missing Content-Type and a charset WCF does not read are 415 too', async () => {
    const r = buildRequest({ ids: [1] });
    expect((await send(endpoint(), r.bytes, { soapaction: r.headers['soapaction']! })).status).toBe(415);
    expect((await send(endpoint(), r.bytes, { ...r.headers, 'content-type': 'text/xml; charset=iso-8859-1' })).status).toBe(415);
    expect(lastVerdict().violations.map((x) => x.rule)).toContain('HTTP-003');
  });

  it('a wrong SOAPAction gets a SOAP 1.1 Fault a:ActionNotSupported (WCF addressing namespace), HTTP 500', async () => {
    const a = await sendRequest({ soapAction: `${contract.tns}/CustomerService/DeleteChatSession` });
    expect(a.status).toBe(500);
    expect(a.headers['content-type']).toBe('text/xml; charset=utf-8');
    expect(faultcode(a.body)).toEqual({ ns: NS.wcfAddressingNone, local: 'ActionNotSupported' });
    expect(a.body).toContain('ContractFilter mismatch');
    expect(detailViolations(a.body).map((v) => v.rule)).toEqual(['HTTP-004']);
    expect(lastVerdict()).toMatchObject({ status: 500, answer: 'action-not-supported' });
  });

  it('a missing SOAPAction is ActionNotSupported as well', async () => {
    const a = await sendRequest({ soapAction: null });
    expect(a.status).toBe(500);
    expect(faultcode(a.body)?.local).toBe('ActionNotSupported');
    expect(lastVerdict().soapAction).toBeNull();
  });

  it('an unquoted SOAPAction is a rule violation (s:Client Fault naming HTTP-005)', async () => {
    const a = await sendRequest({ quoteSoapAction: false });
    expect(a.status).toBe(500);
    expect(faultcode(a.body)).toEqual({ ns: NS.soap11, local: 'Client' });
    expect(detailViolations(a.body).map((v) => v.rule)).toEqual(['HTTP-005']);
  });

  it('malformed XML gets a s:Client Fault whose detail locates the problem', async () => {
    const r = buildRequest({ ids: [1] });
    const a = await send(endpoint(), `${r.body.slice(0, 200)}<unclosed>`, r.headers);
    expect(a.status).toBe(500);
    expect(faultcode(a.body)).toEqual({ ns: NS.soap11, local: 'Client' });
    const d = detailViolations(a.body);
    expect(d.map((v) => v.rule)).toEqual(['XML-001']);
    expect(Number(d[0]!.line)).toBeGreaterThan(0);
  });

  it('any rule violation gets a Fault whose detail lists rule IDs, messages and paths', async () => {
    // The documentation example's mistakes, in SOAP 1.1: headers directly under Envelope, xsi:type.
    const a = await sendRequest({ headerPlacement: 'envelope', itemNamespace: 'service' });
    expect(a.status).toBe(500);
    expect(faultcode(a.body)).toEqual({ ns: NS.soap11, local: 'Client' });
    const d = detailViolations(a.body);
    const rules = [...new Set(d.map((v) => v.rule))].sort();
    expect(rules).toEqual(expect.arrayContaining(['HDR-001', 'IDS-003']));
    const hdr = d.find((v) => v.rule === 'HDR-001')!;
    expect(hdr.path).toMatch(/^Envelope › (ApplicationToken|Credentials)$/);
    expect(hdr.message).toMatch(/Envelope\/Header/);
    expect(a.body).toMatch(/<faultstring xml:lang="en-US">[^<]*HDR-001/);
    expect(lastVerdict().violations.map((v) => v.rule).sort()).toEqual(d.map((v) => v.rule).sort());
  });

  it('GET on the endpoint without ?wsdl is 405 and a verdict naming HTTP-001', async () => {
    const a = await send(endpoint(), '', {}, 'GET');
    expect(a.status).toBe(405);
    expect(a.headers['allow']).toBe('POST');
    expect(lastVerdict().violations.map((v) => v.rule)).toContain('HTTP-001');
  });
});

describe('serve: bad input gets a clear verdict and the server keeps answering', () => {
  const soapHeaders = () => buildRequest().headers;
  const cases: [string, () => Uint8Array | string, string][] = [
    ['garbage bytes', () => new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0xff, 0x3c, 0x3e]), 'XML-'],
    ['plain text', () => 'hello, is this SOAP?', 'XML-001'],
    ['a DTD with entity expansion (billion laughs)', () => `<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><s:Envelope xmlns:s="${NS.soap11}"><s:Body>&b;</s:Body></s:Envelope>`, 'XML-004'],
    ['a truncated envelope', () => buildRequest({ ids: [1, 2, 3] }).body.slice(0, 300), 'XML-001'],
    ['an empty body', () => '', 'XML-007'],
    ['UTF-16 bytes declared as charset=utf-8', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(buildRequest({ ids: [1] }).body.replace('utf-8', 'utf-16'), 'utf16le')]), 'HTTP-003'],
    ['Latin-1 bytes in a UTF-8 document', () => Buffer.concat([Buffer.from(buildRequest({ ids: [1] }).body.slice(0, 60)), Buffer.from([0xe9, 0xe8]), Buffer.from('</x>')]), 'XML-00'],
    ['a processing instruction before a valid envelope', () => buildRequest({ ids: [1] }).body.replace('?>', '?><?xml-stylesheet href="x.xsl"?>'), 'XML-005'],
    ['a SOAP 1.1 envelope with nothing in Body', () => `<s:Envelope xmlns:s="${NS.soap11}"><s:Body/></s:Envelope>`, 'OP-001'],
    ['1000-deep nesting', () => `<s:Envelope xmlns:s="${NS.soap11}"><s:Body>${'<a>'.repeat(1000)}${'</a>'.repeat(1000)}</s:Body></s:Envelope>`, 'XML-006'],
  ];
  for (const [what, body, rule] of cases) {
    it(`${what} → Fault naming ${rule}…, then a good request still succeeds`, async () => {
      const a = await send(endpoint(), body(), soapHeaders());
      expect(a.status).toBe(500);
      expect(faultcode(a.body)?.local).toMatch(/^(Client|ActionNotSupported)$/);
      const rules = detailViolations(a.body).map((v) => v.rule);
      expect(rules.some((r) => r.startsWith(rule)), `rules: ${rules.join(', ')}`).toBe(true);
      expect(lastVerdict().conformant).toBe(false);
      expect((await sendRequest()).status).toBe(200);
    });
  }

  it('a Content-Length over the limit gets 413 without the body being read', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(endpoint(), { method: 'POST', headers: { ...soapHeaders(), 'content-length': String(10 * 1024 * 1024) } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('<s:Envelope'); // and never the other 10 MiB
    });
    expect(status).toBe(413);
    expect(lastVerdict()).toMatchObject({ status: 413, answer: 'too-large', conformant: false });
    expect(lastVerdict().violations.map((v) => v.rule)).toEqual(['XML-006']);
    expect((await sendRequest()).status).toBe(200);
  });

  it('a chunked body that passes the limit gets 413 while the client is still sending (nothing buffered past it)', async () => {
    const { status, sent } = await new Promise<{ status: number; sent: number }>((resolve, reject) => {
      let sent = 0;
      let answered = false;
      const req = httpRequest(endpoint(), { method: 'POST', headers: { ...soapHeaders(), 'transfer-encoding': 'chunked' } }, (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode ?? 0, sent });
        req.destroy();
      });
      req.on('error', (e) => (answered ? undefined : reject(e)));
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = () => {
        while (!answered && sent < 64 * 1024 * 1024) {
          sent += chunk.byteLength;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
      };
      pump();
    });
    expect(status).toBe(413);
    // The client never finished (it would have stopped at 64 MiB); the server answered long before.
    expect(sent).toBeLessThan(64 * 1024 * 1024);
    expect(lastVerdict()).toMatchObject({ status: 413, answer: 'too-large' });
    expect((await sendRequest()).status).toBe(200);
  });

  it('a client that stalls mid-body is cut off with 408 after the read timeout; others are answered meanwhile', async () => {
    const stalled = new Promise<string>((resolve, reject) => {
      const sock = connect(server.port, '127.0.0.1', () => {
        const r = buildRequest({ ids: [1] });
        sock.write(`POST ${contract.endpointPath} HTTP/1.1\r\nHost: x\r\ncontent-type: ${r.headers['content-type']}\r\nsoapaction: ${r.headers['soapaction']}\r\ncontent-length: ${r.bytes.byteLength}\r\n\r\n${r.body.slice(0, 50)}`);
      });
      let got = '';
      sock.on('data', (d) => (got += d.toString('latin1')));
      sock.on('close', () => resolve(got));
      sock.on('error', reject);
    });
    // While that one waits, the server answers someone else.
    expect((await sendRequest()).status).toBe(200);
    const raw = await stalled;
    expect(raw).toMatch(/^HTTP\/1\.1 408 /);
    expect(validate(raw, { kind: 'response' }).violations).toEqual([]);
    const v = server.verdicts().find((x) => x.status === 408)!;
    expect(v).toMatchObject({ answer: 'timeout', conformant: false });
    expect(v.violations[0]!.message).toMatch(/not complete 400 ms after the request arrived/);
  });

  it('bytes that are not HTTP at all get 400 and the connection closed; the server lives on', async () => {
    const reply = await new Promise<string>((resolve, reject) => {
      const sock = connect(server.port, '127.0.0.1', () => sock.write('\x16\x03\x01 not http at all\r\n\r\n'));
      let got = '';
      sock.on('data', (d) => (got += d.toString('latin1')));
      sock.on('close', () => resolve(got));
      sock.on('error', reject);
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect((await sendRequest()).status).toBe(200);
  });

  it('answers 50 concurrent clients, good and bad mixed, each with its own verdict', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 ? sendRequest({ ids: [i] }) : sendRequest({ ids: [i], soapAction: 'urn:wrong' }))),
    );
    expect(results.map((r) => r.status)).toEqual(Array.from({ length: 50 }, (_, i) => (i % 2 ? 200 : 500)));
  });
});

describe('serve: WSDL and verdicts endpoints', () => {
  it('GET ?wsdl serves the vendored WSDL with soap:address pointing at this server (tenant prefix kept)', async () => {
    for (const q of ['?wsdl', '?singleWsdl', '?WSDL']) {
      const a = await send(`${endpoint('/Cust12345')}${q}`, '', {}, 'GET');
      expect(a.status, q).toBe(200);
      expect(a.headers['content-type']).toBe('text/xml; charset=utf-8');
      const served = loadOperation(a.body, contract.operation);
      expect(served.addressLocation).toBe(`${server.url}/Cust12345${contract.endpointPath}`);
      // Only the address changed.
      expect(a.body.replace(served.addressLocation, contract.addressLocation)).toBe(contract.wsdlText);
    }
  });

  it('GET /__conformance/verdicts returns the recent verdicts as JSON with time, method, path, soapAction, conformant, violations', async () => {
    await sendRequest({ soapAction: 'urn:verdict-probe' });
    const res = await fetch(`${server.url}/__conformance/verdicts`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const list = (await res.json()) as ServerVerdict[];
    const last = list[list.length - 1]!;
    expect(Object.keys(last).sort()).toEqual(['answer', 'conformant', 'method', 'path', 'soapAction', 'status', 'time', 'violations']);
    expect(last).toMatchObject({ method: 'POST', path: contract.endpointPath, soapAction: '"urn:verdict-probe"', conformant: false });
    expect(Number.isNaN(Date.parse(last.time))).toBe(false);
    expect(last.violations[0]).toMatchObject({ rule: 'HTTP-004', severity: 'error' });
  });

  it('keeps only the last verdictHistory verdicts', async () => {
    const small = await startServer({ verdictHistory: 3 });
    try {
      for (const id of [1, 2, 3, 4, 5]) {
        const r = buildRequest({ ids: [id], soapAction: `urn:call-${id}` });
        await send(`${small.url}${contract.endpointPath}`, r.bytes, r.headers);
      }
      expect(small.verdicts().map((v) => v.soapAction)).toEqual(['"urn:call-3"', '"urn:call-4"', '"urn:call-5"']);
    } finally {
      await small.close();
    }
  });
});

describe('serve: SOAP 1.2 profile (a gateway re-binding the contract)', () => {
  it('answers a conformant SOAP 1.2 request with a SOAP 1.2 response and a wrong action with a SOAP 1.2 Fault', async () => {
    const s12 = await startServer({ profile: 'soap12' });
    try {
      const ok = buildRequest({ ids: [1], profile: 'soap12', applicationToken: TOKEN, ticket: TICKET });
      const a = await send(`${s12.url}${contract.endpointPath}`, ok.bytes, ok.headers);
      expect(a.status).toBe(200);
      expect(a.headers['content-type']).toBe('application/soap+xml; charset=utf-8');
      expect(validate(a.body, { kind: 'response', profile: 'soap12' }).conformant).toBe(true);
      const bad = buildRequest({ ids: [1], profile: 'soap12', soapAction: 'urn:nope' });
      const f = await send(`${s12.url}${contract.endpointPath}`, bad.bytes, bad.headers);
      expect(f.status).toBe(500);
      expect(f.body).toContain('ActionNotSupported');
      expect(validate(f.body, { kind: 'response', profile: 'soap12' }).conformant).toBe(true);
      const v11 = buildRequest({ ids: [1] });
      expect((await send(`${s12.url}${contract.endpointPath}`, v11.bytes, v11.headers)).status).toBe(415);
    } finally {
      await s12.close();
    }
  });
});

describe('serve: another services version', () => {
  it('--version 88 serves Services88: its path, its SOAPAction, its namespace; Services86 is then 404', async () => {
    const v88 = deleteChatSessionsContract(88);
    const s88 = await startServer({ version: 88 });
    try {
      const ok = buildRequest({ ids: [1], version: 88, applicationToken: TOKEN, ticket: TICKET });
      const a = await send(`${s88.url}${v88.endpointPath}`, ok.bytes, ok.headers);
      expect(a.status).toBe(200);
      expect(a.body).toContain(v88.tns);
      expect(validate(a.body, { kind: 'response', version: 88 }).conformant).toBe(true);
      // A Services86 request on the Services88 path: the action does not match this version.
      const old = buildRequest({ ids: [1] });
      expect((await send(`${s88.url}${v88.endpointPath}`, old.bytes, old.headers)).body).toContain('ActionNotSupported');
      expect((await send(`${s88.url}${contract.endpointPath}`, old.bytes, old.headers)).status).toBe(404);
      const wsdl = await send(`${s88.url}${v88.endpointPath}?wsdl`, '', {}, 'GET');
      expect(loadOperation(wsdl.body, contract.operation, 88).soapAction).toBe(v88.soapAction);
    } finally {
      await s88.close();
    }
  });
});

describe('serve: what it sends and what it logs', () => {
  it('every answer from the SOAP endpoint passes the response rules (empty-bodied 413/415/405 judged by status)', () => {
    expect(answers.length).toBeGreaterThan(30);
    for (const a of answers) {
      const v = judgeResponse(a);
      expect(v.violations.filter((x) => x.severity === 'error'), `${a.status} ${a.body.slice(0, 200)}`).toEqual([]);
    }
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200, 500, 415]));
  });

  it('logs one line per request and never a ticket or token value', () => {
    expect(logs.length).toBeGreaterThan(answers.length);
    const all = JSON.stringify([logs, server.verdicts()]);
    for (const secret of [TOKEN, TICKET, APP_ERROR_TICKET]) expect(all).not.toContain(secret);
    expect(logs.some((l) => / POST \/Remote\/Services86\/CustomerService\.svc 200 success \d+ms$/.test(l))).toBe(true);
  });

  it('redacts a secret quoted inside a violation message', async () => {
    // A ticket where an int belongs makes a rule quote the value; a value also sent as Ticket is redacted.
    const a = await sendRequest({ ids: [TICKET] });
    expect(a.status).toBe(500);
    const messages = lastVerdict().violations.map((v) => v.message).join('\n');
    expect(messages).toContain('[redacted]');
    expect(messages).not.toContain(TICKET);
    expect(a.body).not.toContain(TICKET);
  });
});
