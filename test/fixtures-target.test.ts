import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FixturesTarget, DEFAULT_FIXTURES_DIR } from '../src/targets/fixtures.ts';
import { buildFixtureSet, fixturePath, FIXTURE_CREDENTIALS } from '../src/targets/fixture-set.ts';
import { loadFixtures } from '../src/targets/fixture-file.ts';
import { buildRequest, type RequestOptions } from '../src/envelope/request.ts';
import { validate } from '../src/validate.ts';
import { queryXml as query } from '../src/xml/xpath.ts';
import { namespaceBindings } from '../src/contract/xpath-bindings.ts';
import { NS } from '../src/contract/namespaces.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { exchange, type Exchange } from '../src/transport/exchange.ts';
import { assertCallSucceeded, describeCall } from '../src/report/outcome.ts';

let target: FixturesTarget;
beforeAll(() => {
  target = FixturesTarget.open();
});
afterAll(async () => {
  await target.close();
});

const creds = { applicationToken: FIXTURE_CREDENTIALS.applicationToken, ticket: FIXTURE_CREDENTIALS.ticket };
async function send(o: RequestOptions = {}): Promise<Exchange & { ok: true }> {
  const r = buildRequest({ ...creds, ...o });
  const x = await target.send(r.profile, r);
  if (!x.ok) throw new Error(x.failure.message);
  return x;
}
const text = (x: Exchange & { ok: true }) => new TextDecoder().decode(x.response.bytes);

describe('fixture files', () => {
  const files = loadFixtures(DEFAULT_FIXTURES_DIR);

  it('are exactly what the generator builds from the WSDL (reproducible)', () => {
    const date = files[0]!.provenance.date;
    const built = buildFixtureSet(date);
    expect(files.map(fixturePath).sort()).toEqual(built.map(fixturePath).sort());
    for (const f of built) expect(loadFixtures(DEFAULT_FIXTURES_DIR).find((x) => fixturePath(x) === fixturePath(f))).toEqual(f);
  });

  it('say honestly that they were constructed, not recorded, with date and generator', () => {
    for (const f of files) {
      expect(f.provenance.origin).toBe('constructed');
      expect(f.provenance.statement).toMatch(/NOT recorded from a SuperOffice tenant/);
      expect(f.provenance.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(f.provenance.generator).toMatch(/make-fixtures/);
    }
  });

  it('hold no secrets: every ticket or token value in them is a placeholder', () => {
    const placeholders = new Set<string>(Object.values(FIXTURE_CREDENTIALS));
    for (const profile of readdirSync(DEFAULT_FIXTURES_DIR)) {
      for (const file of readdirSync(join(DEFAULT_FIXTURES_DIR, profile))) {
        const raw = readFileSync(join(DEFAULT_FIXTURES_DIR, profile, file), 'utf8');
        expect(raw).not.toMatch(/authorization|cookie|password/i);
        for (const m of raw.matchAll(/"equals": "([^"]*)"/g)) expect(placeholders.has(m[1]!)).toBe(true);
        for (const m of raw.matchAll(/(?:Ticket|ApplicationToken)>([^<]+)</g)) expect(placeholders.has(m[1]!)).toBe(true);
      }
    }
  });
});

describe('fixtures target', () => {
  it('answers a conformant request with the WCF-shaped success response', async () => {
    const x = await send();
    expect(x.response.status).toBe(200);
    expect(target.hits.at(-1)).toEqual({ fixture: 'success', profile: 'wsdl' });
    expect(target.answeredBy()).toMatch(/^answered by fixture wsdl\/success \(WCF BasicHttpBinding \(SOAP 1\.1\); constructed from the WSDL by so-conformance on \d{4}-\d{2}-\d{2}, not recorded from a tenant\)/);
    const v = validate(x.response.bytes, { kind: 'response', http: { status: 200, headers: x.response.headers } });
    expect(v.violations).toEqual([]);
    expect(v.outcome).toBe('success');
  });

  it('matches by namespace and keys, not bytes: other prefixes and a default namespace still match', async () => {
    await send({ prefixes: { envelope: 'SOAP-ENV', service: null, arrays: 'q1' }, pretty: false });
    expect(target.hits.at(-1)?.fixture).toBe('success');
  });

  it('answers several ids from the many-ids fixture', async () => {
    await send({ ids: [1, 2, 3] });
    expect(target.hits.at(-1)?.fixture).toBe('many-ids');
  });

  it('answers an invalid ticket with an application error: HTTP 200, Succeeded=false', async () => {
    const x = await send({ ticket: FIXTURE_CREDENTIALS.invalidTicket });
    expect(x.response.status).toBe(200);
    expect(validate(x.response.bytes, { kind: 'response' }).outcome).toBe('app-error');
    expect(query(text(x), { bindings: namespaceBindings(deleteChatSessionsContract()) }).string('/s11:Envelope/s11:Header/so:Succeeded')).toBe('false');
  });

  it('an application error fails the "the call succeeded" check, which passes for a real success', async () => {
    const bad = describeCall(await send({ ticket: FIXTURE_CREDENTIALS.invalidTicket }), 'wsdl');
    expect(bad.outcome).toBe('app-error');
    expect(() => assertCallSucceeded(bad)).toThrow(/expected the call to succeed, but it is an application error \(HTTP 200 but Succeeded=false/);
    const good = describeCall(await send(), 'wsdl');
    expect(good.outcome).toBe('success');
    expect(() => assertCallSucceeded(good)).not.toThrow();
    const page = describeCall(await send({ ticket: FIXTURE_CREDENTIALS.serverErrorTicket }), 'wsdl');
    expect(page.outcome).toBe('not-soap');
    expect(() => assertCallSucceeded(page)).toThrow(/not a SOAP response/);
  });

  it('answers a wrong SOAPAction with a SOAP 1.1 ActionNotSupported Fault naming the action', async () => {
    const x = await send({ soapAction: 'urn:wrong-action' });
    expect(x.response.status).toBe(500);
    const q = query(text(x), { bindings: namespaceBindings(deleteChatSessionsContract()) });
    expect(q.string('/s11:Envelope/s11:Body/s11:Fault/faultcode')).toBe('a:ActionNotSupported');
    expect(q.one('/s11:Envelope/s11:Body/s11:Fault/faultcode').lookupNamespaceURI('a')).toBe(NS.wcfAddressingNone);
    expect(q.string('/s11:Envelope/s11:Body/s11:Fault/faultstring')).toContain("Action 'urn:wrong-action'");
  });

  it('answers a SOAP 1.2 content type on the SOAP 1.1 endpoint with 415 and no body', async () => {
    const r = buildRequest({ ...creds, profile: 'soap12' });
    const x = await target.send('wsdl', r);
    expect(x.ok && x.response.status).toBe(415);
    expect(x.ok && x.response.bytes.byteLength).toBe(0);
  });

  it('answers the server-error ticket with an HTML 500 page', async () => {
    const x = await send({ ticket: FIXTURE_CREDENTIALS.serverErrorTicket });
    expect(x.response.status).toBe(500);
    expect(x.response.headers['content-type']).toMatch(/^text\/html/);
    expect(text(x)).toMatch(/^<!DOCTYPE html>/);
  });

  it('answers SOAP 1.2 on the gateway endpoint with a SOAP 1.2 success response', async () => {
    const x = await send({ profile: 'soap12' });
    expect(x.response.headers['content-type']).toMatch(/^application\/soap\+xml/);
    expect(validate(x.response.bytes, { kind: 'response', profile: 'soap12' }).conformant).toBe(true);
  });

  it('fails an unmatched request with a message saying what was sent', async () => {
    const r = buildRequest({ ...creds, ticket: null });
    const x = await target.send('wsdl', r);
    expect(x.ok).toBe(false);
    if (x.ok) return;
    expect(x.failure.kind).toBe('no-fixture');
    expect(x.failure.message).toContain('no fixture matches the request');
    expect(x.failure.message).toContain('method:       POST');
    expect(x.failure.message).toContain(`SOAPAction:   "${deleteChatSessionsContract().soapAction}"`);
    expect(x.failure.message).toContain('Content-Type: text/xml; charset=utf-8');
    expect(x.failure.message).toContain('<soap:Envelope');
    expect(x.failure.message).toMatch(/wsdl\/success: .*Ticket is not true/);
  });

  it('locks the network down: any other host is refused without a connection', async () => {
    for (const url of ['http://192.0.2.1/', 'https://online.superoffice.com/Cust12345/Remote/Services86/CustomerService.svc']) {
      const x = await exchange({ url, headers: {}, body: 'x', timeoutMs: 2000 });
      expect(x.ok).toBe(false);
      expect(!x.ok && x.failure.message).toMatch(/Nock: Disallowed net connect/);
    }
  });
});
