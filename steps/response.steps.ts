/** Given steps that build a response to check (src/envelope/response.ts), and the docs page's example. */
import { Given } from '@cucumber/cucumber';
import { NS } from '../src/contract/namespaces.ts';
import { idsFacts } from '../src/contract/delete-chat-sessions.ts';
import { documentationExamples } from '../src/envelope/docs-example.ts';
import { buildAppErrorResponse, buildFault11, buildFault12, buildSuccessResponse } from '../src/envelope/response.ts';
import type { ConformanceWorld } from './support/world.ts';

type W = ConformanceWorld;

function built(w: W, r: Parameters<W['setResponse']>[0]): void {
  w.setResponse(r);
  w.focus = 'response';
}

Given('a success response', function (this: W) {
  built(this, buildSuccessResponse({ contract: this.contract, profile: this.profile }));
});

Given('a success response whose DeleteChatSessionsResponse holds a child element', function (this: W) {
  // A plausible mistake: echoing what was deleted. The contract's response type is an empty sequence.
  built(this, buildSuccessResponse({ contract: this.contract, profile: this.profile, responseContent: `<${idsFacts(this.contract).element.local}/>` }));
});

Given('a success response whose DeleteChatSessionsResponse holds the text {string}', function (this: W, text: string) {
  built(this, buildSuccessResponse({ contract: this.contract, profile: this.profile, responseContent: text }));
});

Given('a success response without the {string} header block', function (this: W, part: string) {
  if (!this.contract.responseHeaders.some((h) => h.part === part)) throw new Error(`${part} is not a response header part of the WSDL`);
  built(this, buildSuccessResponse({ contract: this.contract, profile: this.profile, omitHeaders: [part] }));
});

Given('an application error response', function (this: W) {
  built(this, buildAppErrorResponse({ contract: this.contract, profile: this.profile, message: 'Example failure', exceptionType: 'SoException' }));
});

Given('a SOAP 1.1 Fault response with code Client under the envelope prefix {string}', function (this: W, prefix: string) {
  built(this, buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'Example fault', envelopePrefix: prefix }));
});

Given("a SOAP 1.1 Fault response with code ActionNotSupported in WCF's addressing namespace under the prefix {string}", function (this: W, prefix: string) {
  built(this, buildFault11({ code: { ns: NS.wcfAddressingNone, local: 'ActionNotSupported' }, faultString: 'Example fault', codePrefix: prefix }));
});

Given('a response whose Body holds an element named Fault in namespace {string}', function (this: W, uri: string) {
  // Looks like a Fault to anyone matching on text; it is not one, because SOAP Faults are named by namespace.
  built(this, { ...buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'Example fault', faultNamespace: uri }), status: 200 });
});

Given('a SOAP 1.2 Fault response with code Sender', function (this: W) {
  built(this, buildFault12({ code: 'Sender', reason: 'Example fault' }));
});

Given('the response example from the documentation page', function (this: W) {
  this.response = { kind: 'response', label: 'documentation response example', bytes: new TextEncoder().encode(documentationExamples().response) };
  this.focus = 'response';
});

Given('a success response sent with HTTP status {int}', function (this: W, status: number) {
  built(this, { ...buildSuccessResponse({ contract: this.contract, profile: this.profile }), status });
});

Given('a SOAP 1.1 Fault response sent with HTTP status {int}', function (this: W, status: number) {
  built(this, buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'Example fault', status }));
});
