import { describe, expect, it } from 'vitest';
import { contractHeaderBlock, headerBlockXml } from '../../src/envelope/header-blocks.ts';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { serviceOperation } from '../../src/contract/services.ts';
import { buildRequest } from '../../src/envelope/request.ts';
import { validate } from '../../src/validate.ts';

const c = deleteChatSessionsContract();

describe('header blocks for extraHeaders', () => {
  it('writes the contract blocks with the names the WSDL declares', () => {
    expect(contractHeaderBlock(c, 'credentials', { fields: ['t&1'] })).toBe(`<x:Credentials xmlns:x="${c.tns}"><x:Ticket>t&amp;1</x:Ticket></x:Credentials>`);
    expect(contractHeaderBlock(c, 'timeZone', { fields: [undefined, 'CET'] })).toBe(`<x:TimeZone xmlns:x="${c.tns}"><x:SoTimeZoneLocationCode>CET</x:SoTimeZoneLocationCode></x:TimeZone>`);
    expect(contractHeaderBlock(c, 'applicationToken', { text: 'tok', namespace: 'urn:other' })).toBe('<x:ApplicationToken xmlns:x="urn:other">tok</x:ApplicationToken>');
  });

  it('writes foreign blocks, with mustUnderstand and in no namespace', () => {
    expect(headerBlockXml('Trace', 'urn:t', { mustUnderstand: { envelopePrefix: 'soap', value: '1' } })).toBe('<x:Trace xmlns:x="urn:t" soap:mustUnderstand="1"></x:Trace>');
    expect(headerBlockXml('Trace', '', { text: 'x' })).toBe('<Trace>x</Trace>');
  });

  it('refuses a role the operation does not bind, naming it', () => {
    expect(() => contractHeaderBlock(serviceOperation('SoPrincipal', 'AuthenticateUsernamePassword'), 'credentials')).toThrow(/AuthenticateUsernamePassword binds no Credentials request header/);
  });

  it('a second ApplicationToken block makes the request fail (the block is the real one)', () => {
    const twice = buildRequest({ extraHeaders: [contractHeaderBlock(c, 'applicationToken', { text: 'again' })] });
    expect(validate(twice.bytes).conformant).toBe(false);
    expect(validate(buildRequest().bytes).conformant).toBe(true);
  });
});
