/**
 * The general WSDL loader: every operation of every vendored WSDL becomes a contract, the generic
 * rules judge it, and DeleteChatSessions' own facts and rules stay with DeleteChatSessions.
 */
import { describe, expect, it } from 'vitest';
import { SERVICE_IDS, serviceOperation, serviceOperationNames } from '../../src/contract/services.ts';
import { DELETE_CHAT_SESSIONS, deleteChatSessionsContract, idsFacts } from '../../src/contract/delete-chat-sessions.ts';
import { genericRules, rulesFor } from '../../src/contract/catalogue.ts';
import { validate } from '../../src/validate.ts';
import { NS } from '../../src/contract/namespaces.ts';
import { schemasFor } from '../../src/contract/schema.ts';

describe.each(SERVICE_IDS.map((s) => [s]))('%s', (service) => {
  const names = serviceOperationNames(service);
  it('declares operations', () => expect(names.length).toBeGreaterThanOrEqual(5));
  it.each(names.map((n) => [n]))('%s loads from the WSDL', (operation) => {
    const c = serviceOperation(service, operation);
    expect(c.operation).toBe(operation);
    expect(c.service).toBe(service);
    expect(c.request.ns).toBe(c.tns);
    expect(c.soapAction).toMatch(new RegExp(`/${service}/${operation}$`));
    expect(c.endpointPath).toMatch(new RegExp(`/${service}\\.svc$`));
    expect(c.requestElements.map((e) => e.element.local)).toEqual(c.requestChildren);
  });
});

describe('schemas of several WSDLs in one process', () => {
  it('compile side by side: the Arrays schema of CustomerService does not shadow SoPrincipal\'s (ArrayOfstring)', () => {
    expect(() => schemasFor(deleteChatSessionsContract())).not.toThrow();
    const sys = serviceOperation('SoPrincipal', 'GetSystemInfo');
    expect(() => schemasFor(sys)).not.toThrow();
    const names = new Set([...deleteChatSessionsContract().schemas, ...sys.schemas].map((s) => s.fileName));
    expect(names.size).toBe(deleteChatSessionsContract().schemas.length + sys.schemas.length);
  });
});

describe('operation rules', () => {
  const auth = serviceOperation('SoPrincipal', 'AuthenticateUsernamePassword');

  it('gives another operation the generic rules only', () => {
    expect(rulesFor(auth).map((r) => r.family)).not.toContain('IDS');
    expect(rulesFor(auth)).toHaveLength(genericRules.length);
  });

  it('adds the IDS rules for DeleteChatSessions', () => {
    const dcs = rulesFor(deleteChatSessionsContract());
    expect(dcs.filter((r) => r.family === 'IDS').length).toBeGreaterThan(5);
    expect(dcs.length).toBeGreaterThan(genericRules.length);
  });

  it('refuses Ids facts for an operation that has no single array child', () => {
    expect(() => idsFacts(auth)).toThrow(/AuthenticateUsernamePassword does not take exactly one array child \(it declares UserName, Password\)/);
  });

  it('reads the Ids facts of DeleteChatSessions from the schema', () => {
    const ids = idsFacts(serviceOperation(DELETE_CHAT_SESSIONS.service, DELETE_CHAT_SESSIONS.operation));
    expect(ids).toEqual(deleteChatSessionsContract().ids);
    expect(ids.item.ns).toBe(NS.arrays);
  });

  const env = (body: string) =>
    `<s:Envelope xmlns:s="${NS.soap11}"><s:Body>${body}</s:Body></s:Envelope>`;
  const http = { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${auth.soapAction}"` } };

  it('judges another operation with the contract passed in: conformant', () => {
    const v = validate(env(`<AuthenticateUsernamePassword xmlns="${auth.tns}"><UserName>u</UserName><Password>p</Password></AuthenticateUsernamePassword>`), { contract: auth, kind: 'request', http });
    expect(v.violations.filter((x) => x.severity === 'error')).toEqual([]);
    expect(v.conformant).toBe(true);
  });

  it('judges another operation with the contract passed in: a wrong child and a wrong SOAPAction fail', () => {
    const v = validate(env(`<AuthenticateUsernamePassword xmlns="${auth.tns}"><Ids/></AuthenticateUsernamePassword>`), {
      contract: auth,
      kind: 'request',
      http: { ...http, headers: { ...http.headers, soapaction: `"${deleteChatSessionsContract().soapAction}"` } },
    });
    expect(v.conformant).toBe(false);
    const ids = new Set(v.violations.map((x) => x.rule));
    expect([...ids].some((r) => r.startsWith('OP-') || r.startsWith('XSD') || r.includes('SCHEMA'))).toBe(true);
    expect([...ids].some((r) => r.startsWith('HTTP-'))).toBe(true);
    expect([...ids].some((r) => r.startsWith('IDS-'))).toBe(false);
  });
});
