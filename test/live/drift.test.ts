import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { checkDrift, compareWsdl } from '../../src/live/drift.ts';
import { WSDL_ALTERATIONS } from '../../src/tenant/drifted-wsdl.ts';
import { startTenant, type RunningTenant } from '../../src/tenant/server.ts';

let tenant: RunningTenant;
beforeAll(async () => {
  tenant = await startTenant({});
});
afterAll(async () => {
  await tenant.close();
});
const endpoint = () => `${tenant.url}${deleteChatSessionsContract().endpointPath}`;
const vendored = () => deleteChatSessionsContract().wsdlText;

describe('WSDL drift against the emulated tenant', () => {
  it('the unaltered WSDL has no findings, from ?wsdl and ?singleWsdl', async () => {
    delete tenant.options.alterCustomerServiceWsdl;
    const r = await checkDrift(endpoint(), { timeoutMs: 3000 });
    expect(r.findings).toEqual([]);
    expect(r.fetched.map((f) => [f.source, f.status])).toEqual([
      ['wsdl', 200],
      ['singleWsdl', 200],
    ]);
  });

  it.each([
    ['ArrayOfint items are long', 'DRIFT-TYPE-ARRAYOFINT'],
    ['soapAction changed', 'DRIFT-SOAPACTION'],
    ['TimeZone request header removed', 'DRIFT-REQUEST-HEADERS'],
    ['operation removed', 'DRIFT-OPERATION-MISSING'],
  ])('a tenant serving a WSDL where "%s" yields %s from both sources', async (name, id) => {
    tenant.options.alterCustomerServiceWsdl = WSDL_ALTERATIONS[name];
    try {
      const r = await checkDrift(endpoint(), { timeoutMs: 3000 });
      const hits = r.findings.filter((f) => f.id === id);
      expect(hits.map((f) => f.source).sort()).toEqual(['singleWsdl', 'wsdl']);
      expect(hits[0]!.severity).toBe('error');
    } finally {
      delete tenant.options.alterCustomerServiceWsdl;
    }
  });

  it('a tenant that does not serve ?wsdl is a named finding, not a crash', async () => {
    const r = await checkDrift(`${tenant.url}/Remote/Services86/Nothing.svc`, { timeoutMs: 3000 });
    expect(r.findings.map((f) => f.id)).toEqual(['DRIFT-WSDL-NOT-SERVED', 'DRIFT-WSDL-NOT-SERVED']);
  });
});

describe('compareWsdl', () => {
  it('ignores formatting and prefixes: the raw single-line WSDL download matches', async () => {
    const { readContractText } = await import('../../src/contract/files.ts');
    expect(compareWsdl(readContractText('raw', 'WSDL-Services86-CustomerService.xml'), 'wsdl')).toEqual([]);
  });

  it('catches a changed response header type', () => {
    const c = deleteChatSessionsContract();
    const altered = vendored().replace('<xs:element name="Succeeded" type="xs:boolean" />', '<xs:element name="Succeeded" type="xs:string" />');
    expect(altered).not.toBe(vendored());
    const ids = compareWsdl(altered, 'wsdl').map((f) => f.id);
    expect(ids).toContain(`DRIFT-TYPE-HEADER-${c.responseHeaders.find((h) => h.part === 'Succeeded')!.part.toUpperCase()}`);
  });

  it('catches a changed input action and a changed namespace', () => {
    const c = deleteChatSessionsContract();
    expect(compareWsdl(vendored().replace(`wsaw:Action="${c.inputAction}"`, `wsaw:Action="${c.inputAction}X"`), 'wsdl').map((f) => f.id)).toContain('DRIFT-INPUT-ACTION');
    expect(compareWsdl(vendored().replaceAll(c.tns, `${c.tns}-next`), 'wsdl').map((f) => f.id)).toContain('DRIFT-NAMESPACE');
  });

  it('refuses a WSDL with a DTD before any XML processing (DRIFT-UNREADABLE)', () => {
    const evil = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>${vendored().replace(/^<\?xml[^>]*\?>/, '')}`;
    expect(compareWsdl(evil, 'wsdl').map((f) => f.id)).toEqual(['DRIFT-UNREADABLE']);
  });

  it('a WSDL whose schemas are imported (WCF ?wsdl style) is reported as such', () => {
    const c = deleteChatSessionsContract();
    // Drop the inline service schema and import it instead, as WCF's multi-file ?wsdl does.
    const text = vendored().replace(/<xs:schema[^>]*targetNamespace="[^"]*Services86"[\s\S]*?<\/xs:schema>/, `<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:import namespace="${c.tns}" schemaLocation="x?xsd=xsd0"/></xs:schema>`);
    expect(compareWsdl(text, 'wsdl').map((f) => f.id)).toEqual(['DRIFT-SCHEMA-EXTERNAL']);
  });
});
