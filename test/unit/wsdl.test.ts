/**
 * Contract loading. These tests spell out what the WSDL says on purpose: they check the loader
 * against the vendored file, so retyping the expected values here is the point (nothing else does).
 */
import { describe, expect, it } from 'vitest';
import { readContractText } from '../../src/contract/files.ts';
import { NS, SERVICES_VERSIONS } from '../../src/contract/namespaces.ts';
import { ContractSchemas, schemasFor } from '../../src/contract/schema.ts';
import { loadOperation, wsdlTextFor } from '../../src/contract/wsdl.ts';
import { asDeleteChatSessions, deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { deriveWsdlText, vendoredWsdl } from '../../src/contract/files.ts';

const base = 'http://www.superoffice.net/ws/crm/NetServer';

describe.each(SERVICES_VERSIONS.map((v) => [v]))('Services%i', (version) => {
  const c = deleteChatSessionsContract(version);
  const tns = `${base}/Services${version}`;

  it('derives namespace, actions and endpoint from the version', () => {
    expect(c.version).toBe(version);
    expect(c.tns).toBe(tns);
    expect(c.soapAction).toBe(`${tns}/CustomerService/DeleteChatSessions`);
    expect(c.inputAction).toBe(c.soapAction);
    expect(c.outputAction).toBe(`${tns}/CustomerService/DeleteChatSessionsResponse`);
    expect(c.endpointPath).toBe(`/Remote/Services${version}/CustomerService.svc`);
    expect(c.addressLocation).toMatch(new RegExp(`/Remote/Services${version}/CustomerService\\.svc$`));
  });

  it('reads the operation, binding and body elements', () => {
    expect(c).toMatchObject({
      service: 'CustomerService',
      operation: 'DeleteChatSessions',
      style: 'document',
      bindingName: 'BasicHttpBinding_CustomerService',
      soap11Binding: true,
      soap12Binding: false,
      hasFaults: false,
      request: { ns: tns, local: 'DeleteChatSessions' },
      response: { ns: tns, local: 'DeleteChatSessionsResponse' },
      requestChildren: ['Ids'],
      responseChildren: [],
    });
  });

  it('reads the header parts and their children', () => {
    const el = (local: string) => ({ ns: tns, local });
    expect(c.requestHeaders).toEqual([
      { part: 'ApplicationToken', element: el('ApplicationToken'), children: [] },
      { part: 'Credentials', element: el('Credentials'), children: ['Ticket'] },
      { part: 'TimeZone', element: el('TimeZone'), children: ['SoTimeZoneId', 'SoTimeZoneLocationCode'] },
    ]);
    expect(c.responseHeaders.map((h) => h.part)).toEqual(['ExceptionInfo', 'ExtraInfo', 'Succeeded', 'TimeZone']);
    expect(c.responseHeaders.every((h) => h.element.ns === tns)).toBe(true);
    expect(c.responseHeaders.find((h) => h.part === 'ExceptionInfo')!.children).toEqual(
      expect.arrayContaining(['Message', 'StackTrace', 'FriendlyText', 'ExceptionType', 'Source', 'InnerException', 'Parameters']),
    );
    expect(c.responseHeaders.find((h) => h.part === 'Succeeded')!.children).toEqual([]);
  });

  it('reads Ids as an optional, nillable ArrayOfint of xs:int', () => {
    expect(c.ids).toEqual({
      element: { ns: tns, local: 'Ids' },
      arrayType: { ns: NS.arrays, local: 'ArrayOfint' },
      item: { ns: NS.arrays, local: 'int' },
      itemType: { ns: NS.xs, local: 'int' },
      nillable: true,
      minOccurs: 0,
    });
  });

  it('extracts the three inline schemas, standalone, with imports pointing at their siblings', () => {
    expect(c.schemas.map((s) => s.targetNamespace)).toEqual([tns, NS.serialization, NS.arrays]);
    const main = c.schemas[0]!.text;
    expect(main).toContain(`schemaLocation="${c.schemas[1]!.fileName}"`);
    expect(c.schemas[1]!.fileName).toMatch(/^inline-[0-9a-f]{12}-http_schemas_microsoft_com_2003_10_Serialization_\.xsd$/);
    expect(main).toContain(`schemaLocation="${c.schemas[2]!.fileName}"`);
    // In-scope prefixes of wsdl:definitions are copied onto the schema (e.g. tns, used in type refs).
    expect(main).toMatch(new RegExp(`^<xs:schema [^>]*xmlns:tns="${tns.replaceAll('/', '\\/').replaceAll('.', '\\.')}"`));
    expect(main).not.toContain(`Services${version === 86 ? 85 : 86}"`);
  });

  it('keeps of the Services schema only what the operation and its header blocks reach', () => {
    const main = c.schemas[0]!.text;
    const names = [...main.matchAll(/<xs:(?:element|complexType|simpleType) name="([^"]+)"/g)].map((m) => m[1]);
    for (const q of [c.request, c.response, ...c.requestHeaders.map((h) => h.element), ...c.responseHeaders.map((h) => h.element)]) expect(names).toContain(q.local);
    expect(names).toContain('SoCredentials'); // reached through Credentials' type
    const full = c.wsdlText;
    expect(full).toContain('name="CreateDefaultSmsConfig"'); // another operation: declared in the WSDL ...
    expect(names).not.toContain('CreateDefaultSmsConfig'); // ... but not compiled
    expect(c.schemas[2]!.text).toContain('name="ArrayOfint"'); // the shared WCF schemas stay whole
  });

  it('compiles its schemas', () => {
    expect(() => schemasFor(c)).not.toThrow();
  });
});

describe('versions: vendored WSDLs are used, the others are derived and say so', () => {
  it('Services86 and Services88 are read from their own vendored files, unchanged', () => {
    expect(wsdlTextFor(86)).toBe(readContractText('Services86-CustomerService.wsdl'));
    expect(wsdlTextFor(88)).toBe(readContractText('Services88-CustomerService.wsdl'));
    expect(deleteChatSessionsContract(88)).toMatchObject({ wsdlFile: 'Services88-CustomerService.wsdl', derivedFrom: null });
    expect(deleteChatSessionsContract(86)).toMatchObject({ wsdlFile: 'Services86-CustomerService.wsdl', derivedFrom: null });
    // The vendored Services88 WSDL has operations Services86 lacks; a renamed 86 would not.
    expect(deleteChatSessionsContract(88).wsdlText).toContain('CreateDefaultCustomerCenterConfig');
  });

  it('a version without its own file is derived from the nearest vendored one below, with a comment saying so', () => {
    for (const [v, from] of [[83, 86], [84, 86], [85, 86], [87, 86]] as const) {
      const c = deleteChatSessionsContract(v);
      expect(c).toMatchObject({ version: v, wsdlFile: 'Services86-CustomerService.wsdl', derivedFrom: from });
      expect(c.tns).toBe(`http://www.superoffice.net/ws/crm/NetServer/Services${v}`);
      expect(c.wsdlText.split('\n').slice(0, 2)).toEqual([
        '<?xml version="1.0" encoding="utf-8"?>',
        `<!-- Services${v} is not vendored: this WSDL is Services86-CustomerService.wsdl with "Services86" renamed to "Services${v}" (so-conformance). -->`,
      ]);
      expect(c.wsdlText.split('\n').slice(2).join('\n')).not.toContain('Services86');
    }
    expect(vendoredWsdl('SoPrincipal', 88)).toMatchObject({ file: 'Services86-SoPrincipal.wsdl', derivedFrom: 86 });
    expect(vendoredWsdl('Chat', 88)).toMatchObject({ file: 'Services88-Chat.wsdl', derivedFrom: null });
  });

  it('deriving is exact for this operation: a renamed Services86 gives the contract the vendored Services88 WSDL gives', () => {
    const derived = asDeleteChatSessions(loadOperation(deriveWsdlText(readContractText('Services86-CustomerService.wsdl'), 86, 88), 'DeleteChatSessions', 88));
    const real = deleteChatSessionsContract(88);
    const strip = ({ wsdlText: _w, schemas, addressLocation: _a, wsdlFile: _f, derivedFrom: _d, ...rest }: typeof real) => ({ ...rest, schemas: schemas.map((s) => s.targetNamespace) });
    expect(strip(derived)).toEqual(strip(real));
  });

  it('caches one contract per version', () => {
    expect(deleteChatSessionsContract(87)).toBe(deleteChatSessionsContract(87));
  });
});

describe('ContractSchemas', () => {
  const c = deleteChatSessionsContract();
  const schemas = schemasFor(c);

  it('validates a conformant operation element and rejects a bad one', () => {
    const op = (inner: string) => `<DeleteChatSessions xmlns="${c.tns}"><Ids xmlns:a="${NS.arrays}">${inner}</Ids></DeleteChatSessions>`;
    expect(schemas.validateFragment(op('<a:int>1</a:int>'), c.tns)).toEqual([]);
    const errs = schemas.validateFragment(op('<a:int>x</a:int>'), c.tns);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toMatch(/'x' is not a valid value of the atomic type 'xs:int'/);
  });

  it('validates header elements (they are global elements of the WSDL schema)', () => {
    expect(schemas.validateFragment(`<Credentials xmlns="${c.tns}"><Ticket>t</Ticket></Credentials>`, c.tns)).toEqual([]);
    expect(schemas.validateFragment(`<Credentials xmlns="${c.tns}"><Ticket>t</Ticket><Extra/></Credentials>`, c.tns)).not.toEqual([]);
  });

  it('answers a namespace no schema declares with an error, not a pass', () => {
    expect(schemas.validateFragment('<x xmlns="urn:none"/>', 'urn:none')).toEqual([expect.objectContaining({ message: expect.stringContaining('no schema declares') })]);
  });

  it('refuses to compile a schema with an unresolved type (never a silent pass)', () => {
    const broken = {
      ...c,
      schemas: c.schemas.map((s, i) => (i === 0 ? { ...s, text: s.text.replace(/type="q\d+:ArrayOfint"/, 'type="tns:NoSuchType"') } : s)),
    };
    expect(broken.schemas[0]!.text).toContain('tns:NoSuchType');
    expect(() => new ContractSchemas(broken)).toThrow();
  });

  it('refuses to compile when an imported schema lacks a referenced type (resolved in memory, after a good set exists)', () => {
    const arrays = c.schemas[2]!.text;
    const stripped = arrays.replace(/<xs:complexType name="ArrayOfint">[\s\S]*?<\/xs:complexType>/, '').replace(/<xs:element name="ArrayOfint"[^>]*\/>/, '');
    expect(stripped).not.toContain('ArrayOfint');
    const broken = { ...c, schemas: c.schemas.map((s, i) => (i === 2 ? { ...s, text: stripped } : s)) };
    expect(() => new ContractSchemas(broken)).toThrow(/ArrayOfint.*does not resolve/);
  });
});
