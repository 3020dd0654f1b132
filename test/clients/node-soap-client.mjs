// DeleteChatSessions through node-soap (npm "soap"), the way an integrator writes it: a client
// generated from the served WSDL, addSoapHeader for the token and the ticket, ids as the ArrayOfint.
//
// usage: node node-soap-client.mjs WSDL_URL [default|fixed]   (SO_APP_TOKEN / SO_TICKET)
// Prints one JSON line: what the client saw.
import soap from 'soap';

const [wsdl, mode = 'default'] = process.argv.slice(2);
const token = process.env.SO_APP_TOKEN;
const ticket = process.env.SO_TICKET;

const client = await soap.createClientAsync(wsdl);
if (mode === 'fixed') {
  // The header blocks in the service namespace, which a plain object does not say.
  const ns = 'http://www.superoffice.net/ws/crm/NetServer/Services86';
  client.addSoapHeader({ ApplicationToken: token }, '', 'tns', ns);
  client.addSoapHeader({ Credentials: { Ticket: ticket } }, '', 'tns', ns);
} else {
  client.addSoapHeader({ ApplicationToken: token, Credentials: { Ticket: ticket } });
}
try {
  const [, , header] = await client.DeleteChatSessionsAsync({ Ids: { int: [1, 2, 3] } });
  const out = { outcome: 'response', succeeded: header?.Succeeded };
  if (header?.ExceptionInfo?.ExceptionType) out.exceptionType = header.ExceptionInfo.ExceptionType;
  console.log(JSON.stringify(out));
} catch (e) {
  const f = e?.root?.Envelope?.Body?.Fault;
  console.log(JSON.stringify(f ? { outcome: 'fault', faultcode: f.faultcode, faultstring: f.faultstring } : { outcome: 'error', error: String(e?.message ?? e).slice(0, 300) }));
}
