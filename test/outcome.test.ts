/**
 * Issue 10, finding 6 (and issue 11 item 5's one outcome function): the outcome of a response is
 * computed once (src/contract/outcome.ts) and agrees with the rules: an HTML 500 page is not a Fault,
 * a response without Succeeded is not a success. validate, the offline call report and the live
 * client give the same word for the same bytes.
 */
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { OUTCOMES, OUTCOME_VALUES } from '../src/contract/outcome.ts';
import { jsonVerdict, VERDICT_LINE_SCHEMA } from '../src/cli/format.ts';
import { buildAppErrorResponse, buildFault11, buildHtmlErrorPage, buildSuccessResponse, buildEmptyStatus } from '../src/envelope/response.ts';
import { NS } from '../src/contract/namespaces.ts';
import { describeCall } from '../src/report/outcome.ts';
import { SoapClient } from '../src/live/soap-client.ts';
import { validate } from '../src/validate.ts';
import { docsExamples } from './unit/helpers.ts';
import type { BuiltResponse } from '../src/envelope/response.ts';

const html = buildHtmlErrorPage(500);
const cases: [string, BuiltResponse, string][] = [
  ['a success', buildSuccessResponse(), 'success'],
  ['an application error', buildAppErrorResponse({ message: 'Invalid ticket', exceptionType: 'SoCredentialsException' }), 'app-error'],
  ['a SOAP 1.1 Fault', buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'x' }), 'fault'],
  ['a Fault sent with HTTP 200 (still a Fault; HTTP-007 names the status)', { ...buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'x' }), status: 200 }, 'fault'],
  ['an HTML 500 page (errors.feature: neither a response nor a Fault)', html, 'not-soap'],
  ['an empty 415', buildEmptyStatus(415), 'not-soap'],
  ['the documentation\'s response, which has no Succeeded header', { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: docsExamples().response }, 'unconfirmed'],
];

describe('one outcome vocabulary', () => {
  it('is documented: every value has its meaning', () => {
    expect(OUTCOME_VALUES).toEqual(['success', 'app-error', 'fault', 'unconfirmed', 'not-soap']);
    for (const o of OUTCOME_VALUES) expect(OUTCOMES[o].length).toBeGreaterThan(20);
  });

  for (const [what, r, want] of cases) {
    it(`${what}: ${want}, the same in validate, the call report and the live client`, () => {
      const bytes = new TextEncoder().encode(r.body);
      const v = validate(bytes, { kind: 'response', http: { status: r.status, headers: r.headers } });
      expect(v.outcome).toBe(want);
      const call = describeCall({ ok: true, request: { method: 'POST', url: 'http://x.invalid/', headers: {}, bytes: new Uint8Array() }, response: { status: r.status, statusText: '', headers: r.headers, bytes }, durationMs: 1 }, 'wsdl');
      expect(call.outcome).toBe(want);
      // The live client: HTML and empty bodies are transport-level errors there, the rest a result.
      const client = new SoapClient({ baseUrl: 'http://x.invalid/Cust1', timeoutMs: 1000 });
      const exchange = {
        service: 'CustomerService' as const,
        operation: 'DeleteChatSessions',
        at: '',
        ok: true as const,
        durationMs: 1,
        request: { url: 'http://x.invalid/Cust1/Remote/Services86/CustomerService.svc', method: 'POST', headers: {}, bytes: new Uint8Array() },
        response: { status: r.status, statusText: '', headers: r.headers, bytes },
      };
      let live: string;
      try {
        live = client.interpret(exchange).outcome;
      } catch (e) {
        live = `threw ${(e as Error).message}`;
      }
      if (want === 'not-soap' && r.status >= 400 && r.body === '') expect(live).toBe('not-soap');
      else if (want === 'not-soap') expect(live).toMatch(/^threw HTTP 500 .* with an HTML page/);
      else expect(live).toBe(want);
      // The --json line carries it, valid against the published schema.
      const line = jsonVerdict('x.xml', v);
      expect(line.outcome).toBe(want);
      expect(new Ajv2020({ strict: true }).compile(VERDICT_LINE_SCHEMA)(line)).toBe(true);
    });
  }
});
