import { describe, expect, it } from 'vitest';
import { defaultInstance, typeMembers } from '../../src/tenant/defaults.ts';
import { parseXml } from '../../src/xml/parse.ts';

// The client and the emulated tenant name a few entity members of the Chat and SoPrincipal services
// (the fields they set and read). Each must be declared by the vendored WSDL: nothing invented.
describe('entity member names used by the live client and the tenant exist in the WSDLs', () => {
  it.each([
    ['Chat', 88, 'ChatTopicEntity', ['ChatTopicId', 'Name', 'Description']],
    ['Chat', 88, 'ChatSessionEntity', ['ChatSessionId', 'TopicId', 'CustomerName', 'User']],
    ['Chat', 88, 'ChatTopicAgent', ['TopicId', 'User', 'CanListen', 'CanRespond', 'CanManage', 'CanNotify']],
    ['Chat', 88, 'Associate', ['AssociateId']],
    ['SoPrincipal', 86, 'SoPrincipalCarrier', ['Associate', 'AssociateId']],
    ['SoPrincipal', 86, 'SoSystemInfoCarrier', ['AssemblyVersion', 'FileVersion', 'BuildLabel', 'CompanyName', 'DatabaseType']],
    ['SoPrincipal', 86, 'SoCredentials', ['Ticket']],
    ['CustomerService', 86, 'ChatSession', ['ChatSessionId']],
  ] as const)('%s %s', (service, version, type, names) => {
    expect(typeMembers(service, version, type)).toEqual(expect.arrayContaining([...names]));
  });

  it('the ChatTopicAgent members are in the order the client writes them', () => {
    const m = typeMembers('Chat', 88, 'ChatTopicAgent');
    const order = ['TopicId', 'User', 'CanListen', 'CanRespond', 'CanManage', 'CanNotify'].map((n) => m.indexOf(n));
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('default instances are well-formed, base members first, and refuse unknown overrides', () => {
    const xml = defaultInstance('CustomerService', 86, 'ChatSession', { ChatSessionId: '7' });
    expect(parseXml(`<r xmlns:i="http://www.w3.org/2001/XMLSchema-instance">${xml}</r>`).ok).toBe(true);
    expect(xml.indexOf('<TableRight')).toBeLessThan(xml.indexOf('<ChatSessionId>7<'));
    expect(() => defaultInstance('Chat', 88, 'ChatSessionEntity', { NoSuchMember: 'x' })).toThrow(/NoSuchMember/);
    expect(defaultInstance('Chat', 88, 'ChatSessionEntity')).toContain('<WhenStarted>0001-01-01T00:00:00</WhenStarted>');
  });
});
