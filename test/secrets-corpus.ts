/**
 * The secrets corpus (issue 9, item 3): one message per place a Ticket, ApplicationToken or Password
 * can sit or be quoted from, broken and truncated documents included. Secrets are random, 41+
 * characters, so a quote of 40 characters is still a fragment of 8+.
 */
import { randomBytes } from 'node:crypto';
import { buildRequest } from '../src/envelope/request.ts';
import { NS } from '../src/contract/namespaces.ts';

export interface CorpusCase {
  /** Where the secret sits. */
  place: string;
  /** The message as sent (text; `encoding` says how it is turned into bytes). */
  text: string;
  encoding?: 'utf-8' | 'utf-16le';
  /** Every secret the message carries: none of their 8-character substrings may reach an output. */
  secrets: string[];
  /** Rules that quote the place, so the case is a real test of redaction (checked by validate --json). */
  quotedBy?: string[];
}

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

/** A random secret of `n` characters (base64 alphabet, like a NetServer ticket), `prefix` first. */
export function secret(prefix: string, n = 60): string {
  const body = randomBytes(n).toString('base64').replace(/[+/=]/g, 'x');
  return (prefix + body).slice(0, n);
}

export function bytesOf(c: CorpusCase): Uint8Array {
  return c.encoding === 'utf-16le' ? new Uint8Array(Buffer.from('\ufeff' + c.text, 'utf16le')) : new TextEncoder().encode(c.text);
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function buildCorpus(): CorpusCase[] {
  const T = () => secret('7T:');
  const A = () => secret('tok');
  const cases: CorpusCase[] = [];
  /** A conformant request carrying ticket `t` and token `a`, then edited by `edit`. */
  const msg = (t: string, a: string, edit: (xml: string) => string = (x) => x) => edit(buildRequest({ ticket: t, applicationToken: a, ids: [1, 2] }).body);
  const add = (place: string, make: (t: string, a: string) => { text: string; extra?: string[]; quotedBy?: string[]; encoding?: CorpusCase['encoding'] }) => {
    const t = T();
    const a = A();
    const m = make(t, a);
    cases.push({ place, text: m.text, secrets: [t, a, ...(m.extra ?? [])], ...(m.quotedBy ? { quotedBy: m.quotedBy } : {}), ...(m.encoding ? { encoding: m.encoding } : {}) });
  };
  const ticketEl = (t: string) => `<so:Ticket>${t}</so:Ticket>`;

  add('Ticket text, conformant request', (t, a) => ({ text: msg(t, a) }));
  add('Ticket text also after <soap:Body> (ENV-004)', (t, a) => ({ text: msg(t, a, (x) => x.replace('</soap:Body>', `</soap:Body>${t}`)), quotedBy: ['ENV-004'] }));
  add('ApplicationToken also after <soap:Body> (ENV-004)', (t, a) => ({ text: msg(t, a, (x) => x.replace('</soap:Body>', `</soap:Body>${a}`)), quotedBy: ['ENV-004'] }));
  add('Ticket as an Ids item (IDS-004)', (t, a) => ({ text: msg(t, a, (x) => x.replace('<arr:int>2</arr:int>', `<arr:int>${t}</arr:int>`)), quotedBy: ['IDS-004'] }));
  add('Ticket as text inside Ids (IDS-008)', (t, a) => ({ text: msg(t, a, (x) => x.replace('<arr:int>1</arr:int>', `${t}<arr:int>1</arr:int>`)), quotedBy: ['IDS-008'] }));
  add('Ticket as text in the operation element (OP-003)', (t, a) => ({ text: msg(t, a, (x) => x.replace('<so:DeleteChatSessions>', `<so:DeleteChatSessions>${t}`)), quotedBy: ['OP-003'] }));
  add('Ticket only in xsi:nil of Ticket (HDR-007)', (t, a) => ({ text: msg(t, a, (x) => x.replace(ticketEl(t), `<so:Ticket xmlns:xsi="${XSI}" xsi:nil="${t}"/>`)), quotedBy: ['HDR-007'] }));
  add('Ticket only in xsi:type of Ticket (HDR-007)', (t, a) => ({ text: msg(t, a, (x) => x.replace(ticketEl(t), `<so:Ticket xmlns:xsi="${XSI}" xsi:type="${t}">x</so:Ticket>`)), quotedBy: ['HDR-007'] }));
  add('Ticket text and in xsi:type of Ids', (t, a) => ({ text: msg(t, a, (x) => x.replace('<so:Ids ', `<so:Ids xmlns:xsi="${XSI}" xsi:type="${t}" `)), quotedBy: ['IDS-006'] }));
  add('Ticket text and in xsi:nil of an Ids item', (t, a) => ({ text: msg(t, a, (x) => x.replace('<arr:int>1</arr:int>', `<arr:int xmlns:xsi="${XSI}" xsi:nil="${t}">1</arr:int>`)), quotedBy: ['OP-004'] }));
  add('Ticket in an attribute of Credentials and as an Ids item', (t, a) => ({ text: msg(t, a, (x) => x.replace('<so:Credentials>', `<so:Credentials note="${t}">`).replace('<arr:int>2</arr:int>', `<arr:int>${t}</arr:int>`)), quotedBy: ['IDS-004'] }));
  add('Ticket in a comment inside Ticket, and in a comment in Header', (t, a) => ({ text: msg(t, a, (x) => x.replace(ticketEl(t), `<so:Ticket><!-- ${t} -->${t}</so:Ticket>`).replace('<soap:Header>', `<soap:Header><!-- ticket ${t} -->`)) }));
  add('Ticket in CDATA, and in CDATA after <soap:Body>', (t, a) => ({ text: msg(t, a, (x) => x.replace(ticketEl(t), `<so:Ticket><![CDATA[${t}]]></so:Ticket>`).replace('</soap:Body>', `</soap:Body><![CDATA[${t}]]>`)), quotedBy: ['ENV-004'] }));
  add('Ticket split by CDATA and a comment, quoted whole after <soap:Body>', (t, a) => ({
    text: msg(t, a, (x) => x.replace(ticketEl(t), `<so:Ticket>${t.slice(0, 6)}<![CDATA[${t.slice(6, 12)}]]><!--c-->${t.slice(12)}</so:Ticket>`).replace('</soap:Body>', `</soap:Body>${t}`)),
    quotedBy: ['ENV-004'],
  }));
  add('Ticket written with character references, quoted decoded as an Ids item', (t, a) => {
    const refs = [...t].map((c, i) => (i % 3 === 0 ? `&#x0000${c.charCodeAt(0).toString(16)};` : c)).join('');
    return { text: msg(t, a, (x) => x.replace(ticketEl(t), `<so:Ticket>${refs}</so:Ticket>`).replace('<arr:int>2</arr:int>', `<arr:int>${t}</arr:int>`)), quotedBy: ['IDS-004'] };
  });
  add('Password with XML metacharacters in Credentials, quoted as an Ids item', (t, a) => {
    const p = `p&<>"'${secret('pw', 50)}`;
    return { text: msg(t, a, (x) => x.replace(ticketEl(t), `${ticketEl(t)}<so:Password>${escapeXml(p)}</so:Password>`).replace('<arr:int>2</arr:int>', `<arr:int>${escapeXml(p)}</arr:int>`)), extra: [p], quotedBy: ['IDS-004'] };
  });
  add('Password of AuthenticateUsernamePassword as the body, echoed in Ids text', (t, a) => {
    const p = secret('pw', 48);
    return { text: msg(t, a, (x) => x.replace('<so:DeleteChatSessions>', `<so:DeleteChatSessions><so:Password>${p}</so:Password>`).replace('<arr:int>1</arr:int>', `${p}<arr:int>1</arr:int>`)), extra: [p], quotedBy: ['IDS-008'] };
  });
  add('Ticket under a foreign namespace, echoed after <soap:Body>', (t, a) => ({ text: msg(t, a, (x) => x.replace(ticketEl(t), `<x:Ticket xmlns:x="urn:wrong">${t}</x:Ticket>`).replace('</soap:Body>', `</soap:Body>${t}`)), quotedBy: ['ENV-004'] }));
  add('ApplicationToken with white space around it, quoted as an Ids item', (t, a) => ({ text: msg(t, a, (x) => x.replace(`>${a}<`, `>\n   ${a}\n  <`).replace('<arr:int>2</arr:int>', `<arr:int>${a}</arr:int>`)), quotedBy: ['IDS-004'] }));
  add('Ticket of 5000 characters as an Ids item', () => {
    const t = secret('7T:', 5000);
    const a = A();
    return { text: msg(t, a, (x) => x.replace('<arr:int>2</arr:int>', `<arr:int>${t}</arr:int>`)), extra: [t], quotedBy: ['IDS-004'] };
  });
  add('Ticket of 300 KiB (beyond the forward index) after <soap:Body>', () => {
    const t = secret('7T:', 300 * 1024);
    return { text: msg(t, A(), (x) => x.replace('</soap:Body>', `</soap:Body>${t.slice(0, 100)}`)), extra: [t], quotedBy: ['ENV-004'] };
  });
  add('an element inside Ticket named after the ticket (HDR-007)', (t, a) => {
    const name = `t${t.replace(/[^A-Za-z0-9]/g, 'x')}`;
    return { text: msg(t, a, (x) => x.replace(ticketEl(t), `<so:Ticket><${name}/></so:Ticket>`)), extra: [name] };
  });
  add('UTF-16 document, Ticket after <soap:Body>', (t, a) => ({ text: msg(t, a, (x) => x.replace('encoding="utf-8"', 'encoding="utf-16"').replace('</soap:Body>', `</soap:Body>${t}`)), encoding: 'utf-16le', quotedBy: ['ENV-004'] }));
  add('raw HTTP message: Authorization header and Ticket as an Ids item', (t, a) => {
    const bearer = secret('bearer', 44);
    const body = msg(t, a, (x) => x.replace('<arr:int>2</arr:int>', `<arr:int>${t}</arr:int>`));
    const head = `POST /Remote/Services86/CustomerService.svc HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml; charset=utf-8\r\nSOAPAction: "${buildRequest({}).headers['soapaction']!.replace(/"/g, '')}"\r\nAuthorization: Bearer ${bearer}\r\n\r\n`;
    return { text: head + body, extra: [bearer], quotedBy: ['IDS-004'] };
  });

  // ---- broken XML (XML-001 and friends): no tree to learn from ----
  const broken = (place: string, edit: (x: string, t: string, a: string) => string, rule = 'XML-001') =>
    add(`${rule}: ${place}`, (t, a) => ({ text: edit(msg(t, a), t, a), quotedBy: [rule] }));
  broken('mismatched end tag after the Ticket, Ticket echoed in Ids', (x, t) => x.replace('<arr:int>2</arr:int>', `<arr:int>${t}</arr:int>`).replace('</so:Ids>', '</so:Idz>'));
  broken('bare & in the middle of the Ticket', (x, t) => x.replace(ticketEl(t), `<so:Ticket>${t.slice(0, 30)}&${t.slice(30)}</so:Ticket>`));
  broken('< in the middle of the Ticket', (x, t) => x.replace(ticketEl(t), `<so:Ticket>${t.slice(0, 20)}<${t.slice(20)}</so:Ticket>`));
  broken('< in the middle of the ApplicationToken', (x, _t, a) => x.replace(`>${a}<`, `>${a.slice(0, 20)}<${a.slice(20)}<`));
  broken('unquoted attribute value holding the Ticket', (x, t) => x.replace(ticketEl(t), `<so:Ticket a=${t}>x</so:Ticket>`));
  broken('unterminated attribute value holding the Ticket', (x, t) => x.replace(ticketEl(t), `<so:Ticket a="${t}>x</so:Ticket>`));
  broken('a control character inside the Ticket', (x, t) => x.replace(ticketEl(t), `<so:Ticket>${t.slice(0, 25)}\u0001${t.slice(25)}</so:Ticket>`));
  broken('a DOCTYPE whose entity holds the Ticket', (x, t) => x.replace('<soap:Envelope', `<!DOCTYPE soap:Envelope [<!ENTITY t "${t}">]><soap:Envelope`), 'XML-004');
  broken('text after the root element repeating the Ticket', (x, t) => `${x}${t}`);
  broken('an unclosed comment holding the Ticket', (x, t) => x.replace('<soap:Body>', `<soap:Body><!-- ${t}`));
  broken('two roots, the second quoting the Ticket', (x, t) => `${x}<so:Ticket>${t}</so:Ticket><x>${t}</x>`);

  // ---- truncated documents ----
  const truncated = (place: string, cut: (x: string, t: string, a: string) => string) => add(`truncated: ${place}`, (t, a) => ({ text: cut(msg(t, a), t, a), quotedBy: ['XML-001'] }));
  truncated('in the middle of the Ticket', (x, t) => x.slice(0, x.indexOf(t) + 45));
  truncated('right after the Ticket text', (x, t) => x.slice(0, x.indexOf(t) + t.length));
  truncated('in the middle of the ApplicationToken', (x, _t, a) => x.slice(0, x.indexOf(a) + 42));
  truncated('in the middle of an xsi:type holding the Ticket', (x, t) => x.replace(ticketEl(t), `<so:Ticket xmlns:xsi="${XSI}" xsi:type="${t}">x</so:Ticket>`).slice(0, x.indexOf('<so:Ticket') + 80));
  truncated('inside CDATA holding the Ticket', (x, t) => x.replace(ticketEl(t), `<so:Ticket><![CDATA[${t}]]></so:Ticket>`).slice(0, x.indexOf('<so:Ticket') + 20 + 50));
  truncated('after </soap:Body>, in the echoed Ticket', (x, t) => x.replace('</soap:Body>', `</soap:Body>${t}`).slice(0, x.indexOf('</soap:Body>') + 12 + 48));
  return cases;
}

export { NS };
