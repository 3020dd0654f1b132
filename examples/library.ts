/**
 * The library API in one file: build a request, validate it (and a broken one), read the catalogue,
 * and send a request to the validating reference server started in-process.
 * Run from a checkout: `npx tsx examples/library.ts` (test/cli-validate.test.ts runs it too).
 */
import { buildRequest, validate, rules, startServer, NS } from '../src/index.ts';

// A conformant request, byte for byte as a WCF client would send it (placeholder credentials).
const request = buildRequest({ ids: [1, 2, 3], applicationToken: 'my-application-token', ticket: 'my-ticket' });
const ok = validate(request.bytes);
console.log(`built request: conformant=${ok.conformant}, violations=${ok.violations.length}`);

// What the documentation example does: SOAP 1.2 envelope, headers under Envelope, xsi:type everywhere.
const copied = buildRequest({ ids: [0], envelopeNamespace: NS.soap12, headerPlacement: 'envelope', xsiType: true });
const verdict = validate(copied.bytes, { profile: 'wsdl' });
console.log(`docs-style request: conformant=${verdict.conformant}`);
for (const v of verdict.violations) console.log(`  ${v.rule} ${v.severity} ${v.line}:${v.column} ${v.path}`);

// A raw HTTP capture (request line, headers, body) is recognised as such.
const capture = [`POST ${request.contract.endpointPath} HTTP/1.1`, ...Object.entries(request.headers).map(([k, v]) => `${k}: ${v}`), '', request.body].join('\r\n');
console.log(`raw HTTP capture: kind=${validate(capture).kind}, conformant=${validate(capture).conformant}`);

// The catalogue is data.
console.log(`catalogue: ${rules.length} rules; IDS: ${rules.filter((r) => r.family === 'IDS').map((r) => r.id).join(' ')}`);

// The validating reference server, on a free loopback port.
const server = await startServer({ port: 0 });
try {
  const res = await fetch(server.url + request.contract.endpointPath, { method: 'POST', headers: request.headers, body: request.body });
  await res.text();
  const bad = await fetch(server.url + copied.contract.endpointPath, { method: 'POST', headers: copied.headers, body: copied.body });
  await bad.text();
  console.log(`serve: conformant request → HTTP ${res.status}; docs-style request → HTTP ${bad.status}`);
  for (const v of server.verdicts()) console.log(`  verdict: ${v.answer} conformant=${v.conformant} rules=${[...new Set(v.violations.map((x) => x.rule))].join(',')}`);
} finally {
  await server.close();
}
