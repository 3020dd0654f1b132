import { describe, expect, it } from 'vitest';
import { redactXml, redactHeaders, redactText, REDACTED, Secrets } from '../src/report/redact.ts';
import { parseXml } from '../src/xml/parse.ts';
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

  it('redacts a Ticket in a wrong namespace too (it is still a ticket), and known values anywhere', () => {
    const xml = '<r xmlns:f="urn:foreign"><f:Ticket>sent-in-the-wrong-namespace</f:Ticket><note>echo 7T:secret-ticket-value==</note><x>public-value</x></r>';
    const out = redactXml(xml, [TICKET]);
    expect(out).toBe(`<r xmlns:f="urn:foreign"><f:Ticket>${REDACTED}</f:Ticket><note>echo ${REDACTED}</note><x>public-value</x></r>`);
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

  it('never takes a namespace declaration on a secret element for a secret (zeep declares it on Ticket)', () => {
    const tns = deleteChatSessionsContract().tns;
    const xml = `<s:Envelope xmlns:s="urn:s"><s:Header><ns0:Credentials xmlns:ns0="${tns}"><ns0:Ticket xmlns:ns0="${tns}" xmlns="${tns}">${TICKET}</ns0:Ticket></ns0:Credentials></s:Header></s:Envelope>`;
    const parse = parseXml(xml);
    const s = new Secrets().learnMessage({ parse });
    expect(s.redact(`xmlns="${tns}"`)).toBe(`xmlns="${tns}"`);
    expect(s.redact(`ticket ${TICKET.slice(0, 12)}`)).toBe(`ticket ${REDACTED}`);
  });

  it('redacts any 8-character fragment of a secret, not just the whole value, and keeps shorter overlaps', () => {
    const s = new Secrets(['7T:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGH']);
    expect(s.redact('first 40: 7T:abcdefghijklmnopqrstuvwxyz0123456789A!')).toBe(`first 40: ${REDACTED}!`);
    expect(s.redact('middle: xxklmnopqrxx')).toBe(`middle: xx${REDACTED}xx`);
    expect(s.redact('seven: abcdefg only')).toBe('seven: abcdefg only');
    expect(s.redact('escaped in JSON or XML is found too: "7T:abcdefgh"')).toContain(REDACTED);
  });

  it('learns secrets lexically from a document that does not parse: text, CDATA, attributes, comments, a cut-off value', () => {
    const t = 'TICKET-0123456789-abcdefghij';
    for (const doc of [`<a><Ticket>${t}</Ticket><b>`, `<Ticket><![CDATA[${t}]]>`, `<Ticket x="${t}"`, `<Ticket><!-- ${t}`, `<h:Ticket>${t.slice(0, 20)}`]) {
      const s = new Secrets().learnText(doc);
      expect(s.redact(`q ${t.slice(2, 18)} q`), doc).toBe(`q ${REDACTED} q`);
    }
  });
});

describe('Secrets.merge', () => {
  const ticket = '7T:merge-ticket-0123456789';
  const token = 'app-token-9876543210';
  it('into an empty set: redacts what the source redacts, fragments included, after the source indexed', () => {
    const source = new Secrets([ticket]);
    expect(source.redact(`x ${ticket.slice(3, 20)} y`)).toBe(`x ${REDACTED} y`);
    const merged = new Secrets().merge(source);
    expect(merged.redact(`a ${ticket} b ${ticket.slice(5, 14)} c`)).toBe(`a ${REDACTED} b ${REDACTED} c`);
    // Adding to the merged set re-indexes it without touching the source's index.
    merged.add(token);
    expect(merged.redact(`${token.slice(2, 12)}|${ticket.slice(0, 9)}`)).toBe(`${REDACTED}|${REDACTED}`);
    expect(source.redact(token)).toBe(token);
  });
  it('into a non-empty set: both sets of secrets are redacted', () => {
    const merged = new Secrets([token]).merge(new Secrets([ticket]));
    expect(merged.redact(`${token} ${ticket}`)).toBe(`${REDACTED} ${REDACTED}`);
  });
  it('keeps values the target treats as public', () => {
    const placeholder = 'YOUR-TICKET-PLACEHOLDER';
    const merged = new Secrets([], { except: [placeholder] }).merge(new Secrets([placeholder, ticket]));
    expect(merged.redact(`${placeholder} ${ticket}`)).toBe(`${placeholder} ${REDACTED}`);
  });
});
