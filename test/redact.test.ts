import { describe, expect, it } from 'vitest';
import { redactXml, redactHeaders, redactText, REDACTED } from '../src/report/redact.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';

const TICKET = '7T:secret-ticket-value==';
const TOKEN = 'app-token-secret-123';

describe('redaction', () => {
  it('replaces Ticket and ApplicationToken text by expanded name and keeps every other byte', () => {
    const req = buildRequest({ ticket: TICKET, applicationToken: TOKEN, ids: [7] });
    const out = redactXml(req.bytes);
    expect(out).not.toContain(TICKET);
    expect(out).not.toContain(TOKEN);
    expect(out).toBe(req.body.replace(TICKET, REDACTED).replace(TOKEN, REDACTED));
  });

  it('finds secrets under any prefix or a default namespace, and in other services versions', () => {
    for (const opts of [{ prefixes: { service: 'x' } }, { prefixes: { service: null } }, { version: 88 as const }]) {
      const out = redactXml(buildRequest({ ...opts, ticket: TICKET, applicationToken: TOKEN }).body);
      expect(out).not.toContain(TICKET);
      expect(out).not.toContain(TOKEN);
    }
  });

  it('leaves an element named Ticket in a foreign namespace alone, but scrubs known values anywhere', () => {
    const xml = '<r xmlns:f="urn:foreign"><f:Ticket>public-value</f:Ticket><note>echo 7T:secret-ticket-value==</note></r>';
    const out = redactXml(xml, [TICKET]);
    expect(out).toContain('<f:Ticket>public-value</f:Ticket>');
    expect(out).toContain(`<note>echo ${REDACTED}</note>`);
  });

  it('redacts the SoPrincipal Password field', () => {
    const tns = deleteChatSessionsContract().tns;
    const xml = `<a:AuthenticateUsernamePassword xmlns:a="${tns}"><a:UserName>me</a:UserName><a:Password>hunter22</a:Password></a:AuthenticateUsernamePassword>`;
    const out = redactXml(xml);
    expect(out).not.toContain('hunter22');
    expect(out).toContain('<a:UserName>me</a:UserName>');
  });

  it('keeps positions right after non-BMP characters and a BOM', () => {
    const req = buildRequest({ ticket: TICKET, applicationToken: '😀 token 😀' });
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...req.bytes]);
    const out = redactXml(bytes);
    expect(out).not.toContain(TICKET);
    expect(out).not.toContain('token');
    expect(out).toContain(`>${REDACTED}</so:Ticket>`);
  });

  it('falls back to a pattern for text that does not parse (a DTD, malformed XML)', () => {
    const bad = `<!DOCTYPE x><so:Credentials><so:Ticket>${TICKET}</so:Ticket><unclosed>`;
    expect(redactXml(bad)).toBe(`<!DOCTYPE x><so:Credentials><so:Ticket>${REDACTED}</so:Ticket><unclosed>`);
    expect(redactText(`fault: bad ticket ${TICKET}`, [TICKET])).toBe(`fault: bad ticket ${REDACTED}`);
  });

  it('redacts credential headers and known values in others', () => {
    const h = redactHeaders({ Authorization: 'Bearer x', cookie: 'a=b', 'Set-Cookie': 'c=d', 'content-type': 'text/xml', 'x-echo': TOKEN }, [TOKEN]);
    expect(h).toEqual({ Authorization: REDACTED, cookie: REDACTED, 'Set-Cookie': REDACTED, 'content-type': 'text/xml', 'x-echo': REDACTED });
  });
});
