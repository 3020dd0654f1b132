/**
 * Writes examples/captures/: the files the README's `validate` commands read. Built from the request
 * and response builders over the vendored WSDL (and the docs page's own example), so they change
 * with the contract; test/readme-commands.test.ts fails when a file differs from what this builds.
 * Run: node --import tsx scripts/make-captures.ts
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildRequest } from '../src/envelope/request.ts';
import { buildActionNotSupportedFault } from '../src/envelope/response.ts';
import { contractFile } from '../src/contract/files.ts';

const DIR = fileURLToPath(new URL('../examples/captures/', import.meta.url));
/** Example credentials: obviously not real, and long enough to be redacted like real ones. */
const CREDS = { applicationToken: 'tok-3f9c2e71d4b6', ticket: '7T:a81b44c2e9d0' } as const;

function docsRequest(): string {
  const md = readFileSync(contractFile('docs', 'Services86-CustomerService-DeleteChatSessions.md'), 'utf8');
  const m = /## DeleteChatSessions Request\s+```xml\n([\s\S]*?)```/.exec(md);
  if (!m) throw new Error('the documentation page has no request example');
  return m[1]!;
}

export function captures(): Record<string, string> {
  const ok = buildRequest({ ...CREDS, ids: [1001, 1002, 1003] });
  // Three mistakes integrators make: header blocks straight under Envelope, items in the service
  // namespace instead of the Arrays one, and an unquoted SOAPAction (in the HTTP capture).
  const mistakes = buildRequest({ ...CREDS, ids: [1001, 1002], headerPlacement: 'envelope', itemNamespace: 'service' });
  const http = (r: typeof ok, soapAction: string) =>
    [`POST ${r.contract.endpointPath} HTTP/1.1`, 'Host: crm.example.com', `Content-Type: ${r.headers['content-type']}`, `SOAPAction: ${soapAction}`, `Content-Length: ${r.bytes.byteLength}`, '', r.body].join('\r\n');
  return {
    'conformant-request.xml': ok.body,
    'docs-example-request.xml': docsRequest(),
    'three-mistakes-request.http': http(mistakes, mistakes.contract.soapAction),
    'proxy-capture.http': http(ok, `"${ok.contract.soapAction}"`),
    'fault-response.xml': buildActionNotSupportedFault(`${ok.contract.soapAction}Wrong`).body,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  mkdirSync(DIR, { recursive: true });
  for (const [name, text] of Object.entries(captures())) writeFileSync(`${DIR}${name}`, text);
  console.log(`wrote ${Object.keys(captures()).length} files to examples/captures/`);
}
