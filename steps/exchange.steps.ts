/** Sending through the target, and what the call came to (src/report/outcome.ts). */
import { Then, When } from '@cucumber/cucumber';
import { NS } from '../src/contract/namespaces.ts';
import { PROFILES } from '../src/contract/profiles.ts';
import { assertCallSucceeded, type CallOutcome } from '../src/report/outcome.ts';
import type { ConformanceWorld } from './support/world.ts';

type W = ConformanceWorld;

When('the request is sent to the target', async function (this: W) {
  const x = await this.send();
  if (!x.ok) throw new Error(`the target gave no answer: ${x.failure.message}`);
});

function call(w: W) {
  if (!w.call) throw new Error('nothing was sent yet');
  return w.call;
}

Then('the call succeeded', function (this: W) {
  assertCallSucceeded(call(this));
});

Then('"the call succeeded" fails, saying {string}', function (this: W, words: string) {
  let message: string | undefined;
  try {
    assertCallSucceeded(call(this));
  } catch (e) {
    message = e instanceof Error ? e.message : String(e);
  }
  if (message === undefined) throw this.failure('expected "the call succeeded" to fail', { expected: `a failure saying "${words}"`, actual: 'it passed' });
  if (!message.includes(words)) throw this.failure('"the call succeeded" failed for another reason', { expected: words, actual: message });
  this.log(`"the call succeeded" fails as it should:\n${message}`);
});

const OUTCOMES: Record<string, CallOutcome> = {
  'an application error': 'app-error',
  'a SOAP Fault': 'fault',
  'an HTTP error without a SOAP envelope': 'not-soap',
  'a response without a Succeeded header': 'unconfirmed',
  'a success': 'success',
};

Then('the call is reported as {}', function (this: W, what: string) {
  const want = OUTCOMES[what];
  if (!want) throw new Error(`unknown outcome "${what}": one of ${Object.keys(OUTCOMES).join(', ')}`);
  const c = call(this);
  if (c.outcome !== want) throw this.failure(`expected the call to be reported as ${what}`, { expected: want, actual: `${c.outcome}: ${c.summary}` });
});

Then('the response status is {int}', function (this: W, status: number) {
  const c = call(this);
  if (c.status !== status) throw this.failure('unexpected HTTP status', { expected: `${status}`, actual: `${c.status ?? '(none)'}: ${c.summary}` });
});

Then('the response body is empty', function (this: W) {
  const x = this.last;
  const n = x?.ok ? x.response.bytes.byteLength : undefined;
  if (n !== 0) throw this.failure('expected an empty response body', { expected: '0 bytes', actual: `${n ?? 'no response'} bytes` });
});

Then('the response media type is {string}', function (this: W, media: string) {
  const x = this.last;
  const ct = x?.ok ? (x.response.headers['content-type'] ?? '') : '';
  if (ct.split(';')[0]!.trim().toLowerCase() !== media) throw this.failure('unexpected response media type', { expected: media, actual: ct || '(none)' });
});

/**
 * A fault code is a QName: compared by the namespace its prefix is bound to in the document, never
 * by the prefix text. `a:ActionNotSupported` with any prefix bound to WCF's namespace is the same code.
 */
function faultCode(w: W, soap: '1.1' | '1.2'): { ns: string | null; local: string; raw: string } {
  const env = soap === '1.1' ? 's11' : 's12';
  const q = w.query('response');
  const xpath = soap === '1.1' ? `/${env}:Envelope/${env}:Body/${env}:Fault/faultcode` : `/${env}:Envelope/${env}:Body/${env}:Fault/${env}:Code/${env}:Subcode/${env}:Value`;
  const el = q.one(xpath) as unknown as { textContent: string | null; lookupNamespaceURI(p: string | null): string | null };
  const raw = (el.textContent ?? '').trim();
  const i = raw.indexOf(':');
  return { ns: el.lookupNamespaceURI(i < 0 ? null : raw.slice(0, i)), local: i < 0 ? raw : raw.slice(i + 1), raw };
}

const CODE_NAMESPACES: Record<string, string> = {
  "WCF's addressing namespace": NS.wcfAddressingNone,
  'the SOAP 1.1 envelope namespace': PROFILES.wsdl.envelopeNs,
};

Then('the response is a SOAP {string} Fault with code {word} in {}', function (this: W, soap: string, local: string, where: string) {
  if (soap !== '1.1' && soap !== '1.2') throw new Error('SOAP version is 1.1 or 1.2');
  const ns = CODE_NAMESPACES[where];
  if (!ns) throw new Error(`unknown namespace "${where}": one of ${Object.keys(CODE_NAMESPACES).join(', ')}`);
  const c = faultCode(this, soap);
  if (c.ns !== ns || c.local !== local) throw this.failure('unexpected fault code', { expected: `{${ns}}${local}`, actual: `${c.raw} = {${c.ns ?? 'unbound prefix'}}${c.local}` });
});

const FAULT = 'count(/s11:Envelope/s11:Body/s11:Fault | /s12:Envelope/s12:Body/s12:Fault)';

Then('the response is a SOAP Fault', function (this: W) {
  const v = this.verdictOf('response');
  const n = this.query('response').evaluate(FAULT);
  if (v.outcome !== 'fault' || n !== 1) {
    throw this.failure('expected a SOAP Fault: a Fault element in a SOAP envelope namespace', { xpath: FAULT, expected: 'outcome fault, 1 node', actual: `outcome ${v.outcome}, ${String(n)} node(s)`, bindings: this.query('response').bindings });
  }
});

Then('the response is not a SOAP Fault', function (this: W) {
  const v = this.verdictOf('response');
  const n = this.query('response').evaluate(FAULT);
  if (v.outcome === 'fault' || n !== 0) {
    throw this.failure('expected no SOAP Fault', { xpath: FAULT, expected: 'an outcome other than fault, 0 nodes', actual: `outcome ${v.outcome}, ${String(n)} node(s)`, bindings: this.query('response').bindings });
  }
});
