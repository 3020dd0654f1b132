import { defineRule, type CheckContext, type Finding, type Rule } from '../rule.ts';
import { isFault } from '../envelope-view.ts';
import { BP, SOAP11_SPEC } from './util.ts';
import { quote } from '../../xml/text.ts';
import { PROFILES } from '../profiles.ts';
import { supportedEncoding } from '../../xml/decode.ts';

export { parseMediaType, unquoteSoapAction, type MediaType } from '../../transport/media-type.ts';
import { parseMediaType, unquoteSoapAction } from '../../transport/media-type.ts';


function sniffedCharset(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

const H = (ctx: { http: { headers: Record<string, string> } }, name: string) => ctx.http.headers[name];

/** The rule that reports a captured HTTP message that cannot be read at all. */
export const HTTP_MESSAGE_RULE = 'HTTP-009';

export const httpRules: Rule[] = [
  defineRule({
    id: 'HTTP-001',
    family: 'HTTP',
    severity: 'error',
    statement: 'The request is an HTTP POST.',
    source: `WSDL soap:binding transport="http://schemas.xmlsoap.org/soap/http"; ${BP} R1132`,
    appliesTo: 'request',
    needs: ['http'],
    answer: 'method-not-allowed',
    hint: 'Send the envelope with POST.',
    check: (ctx) => (ctx.http.method && ctx.http.method.toUpperCase() !== 'POST' ? [{ message: `the request method is ${quote(ctx.http.method)}, not POST` }] : []),
  }),
  defineRule({
    id: 'HTTP-002',
    family: 'HTTP',
    severity: 'error',
    statement: "Content-Type is the profile's SOAP media type (SOAP 1.1: text/xml; SOAP 1.2: application/soap+xml).",
    source: `${SOAP11_SPEC} §6.1.1; ${BP} R1127; SOAP 1.2 Part 2 §7.1.4`,
    appliesTo: 'both',
    needs: ['http', 'soap-body'],
    answer: 'unsupported-media-type',
    hint: 'Set Content-Type to the media type of the SOAP version in use, with charset=utf-8.',
    check(ctx) {
      const ct = parseMediaType(H(ctx, 'content-type'));
      const want = ctx.profile.mediaType;
      if (!ct) return [{ message: `Content-Type is missing; expected ${want}` }];
      if (ct.type === want) return [];
      const extra = ctx.profile.id === 'wsdl' && ct.type === 'application/soap+xml' ? ' (a SOAP 1.2 media type; WCF answers HTTP 415)' : '';
      return [{ message: `Content-Type is ${quote(ct.type)}; expected ${want}${extra}` }];
    },
  }),
  defineRule({
    id: 'HTTP-003',
    family: 'HTTP',
    severity: 'error',
    statement: 'The Content-Type charset, when given, is UTF-8 or UTF-16 and matches the encoding of the body.',
    source: `${BP} R1012; RFC 3023 §3.1`,
    appliesTo: 'both',
    needs: ['http', 'soap-body'],
    hint: 'Declare charset=utf-8 and send UTF-8 bytes.',
    check(ctx) {
      const cs = parseMediaType(H(ctx, 'content-type'))?.params['charset']?.toLowerCase();
      if (!cs) return [];
      const actual = sniffedCharset(ctx.bytes);
      const norm = supportedEncoding(cs);
      // WCF's text encoder refuses a charset it does not speak before reading: serve answers 415.
      if (norm === undefined) return [{ message: `charset=${quote(cs)} is not supported (UTF-8 or UTF-16 only)`, answer: 'unsupported-media-type' }];
      if (norm.startsWith('utf-16') !== actual.startsWith('utf-16')) return [{ message: `charset=${quote(cs)} but the body is ${actual.toUpperCase()}` }];
      return [];
    },
  }),
  defineRule({
    id: 'HTTP-004',
    family: 'HTTP',
    severity: 'error',
    statement: "The SOAPAction header is present and names the binding's soapAction for the operation.",
    source: `WSDL soap:operation soapAction; ${SOAP11_SPEC} §6.1.1; ${BP} R2744, R2745`,
    appliesTo: 'request',
    needs: ['http'],
    answer: 'action-not-supported',
    hint: 'Send SOAPAction: "<the soapAction of the WSDL>" (WCF dispatches on it: a wrong one gets an ActionNotSupported fault).',
    check(ctx) {
      if (ctx.profile.actionCarrier !== 'soapaction-header') return [];
      const raw = H(ctx, 'soapaction');
      const want = ctx.contract.soapAction;
      // A SOAP 1.2 request carries its action in Content-Type; HTTP-002 already says the media type
      // is wrong, and "add SOAPAction" would send the integrator the wrong way.
      if (raw === undefined && parseMediaType(H(ctx, 'content-type'))?.type === PROFILES.soap12.mediaType) return [];
      if (raw === undefined) return [{ message: `the SOAPAction header is missing; expected "${want}"`, hint: `add the header SOAPAction: "${want}"` }];
      const v = unquoteSoapAction(raw);
      return v === want ? [] : [{ message: `SOAPAction is "${quote(v)}"; the binding says "${want}"` }];
    },
  }),
  defineRule({
    id: 'HTTP-005',
    family: 'HTTP',
    severity: 'error',
    statement: 'The SOAPAction header value is a quoted string.',
    source: `${BP} R2744; ${SOAP11_SPEC} §6.1.1`,
    appliesTo: 'request',
    needs: ['http'],
    hint: 'Wrap the SOAPAction value in double quotes.',
    check(ctx) {
      if (ctx.profile.actionCarrier !== 'soapaction-header') return [];
      const raw = H(ctx, 'soapaction')?.trim();
      return raw !== undefined && !/^".*"$/.test(raw) ? [{ message: `SOAPAction ${quote(raw)} is not quoted` }] : [];
    },
  }),
  defineRule({
    id: 'HTTP-006',
    family: 'HTTP',
    severity: 'error',
    statement: "With SOAP 1.2, the Content-Type action parameter names the binding's soapAction.",
    source: 'SOAP 1.2 Part 2 §7.1.4 and RFC 3902 (action parameter); WSDL soap:operation soapAction',
    appliesTo: 'request',
    needs: ['http'],
    answer: 'action-not-supported',
    hint: 'Send Content-Type: application/soap+xml; charset=utf-8; action="<soapAction>".',
    check(ctx) {
      if (ctx.profile.actionCarrier !== 'content-type-action') return [];
      const action = parseMediaType(H(ctx, 'content-type'))?.params['action'];
      const want = ctx.contract.soapAction;
      if (action === undefined) return [{ message: `the Content-Type has no action parameter; expected action="${want}"` }];
      return action === want ? [] : [{ message: `action="${quote(action)}"; the binding says "${want}"` }];
    },
  }),
  defineRule({
    id: 'HTTP-007',
    family: 'HTTP',
    severity: 'error',
    statement: 'The status code matches the body: 200 with a response, 500 with a SOAP Fault.',
    source: `${SOAP11_SPEC} §6.2; ${BP} R1124, R1126`,
    appliesTo: 'response',
    needs: ['http', 'soap-body'],
    hint: 'A Fault travels with HTTP 500; a normal response (also an application error) with HTTP 200.',
    check(ctx) {
      const status = ctx.http.status;
      if (status === undefined) return [];
      const fault = isFault(ctx.view?.first);
      if (!ctx.view) return status === 500 ? [{ message: 'HTTP 500 without a SOAP Fault envelope (an error page?)' }] : [];
      if (fault && status !== 500) return [{ message: `a SOAP Fault came with HTTP ${status}; expected 500` }];
      if (!fault && status !== 200 && status !== 202) return [{ message: `a non-Fault response came with HTTP ${status}; expected 200` }];
      return [];
    },
  }),
  defineRule({
    id: 'HTTP-008',
    family: 'HTTP',
    severity: 'error',
    statement: 'Content-Length, when present, equals the length of the body.',
    source: 'RFC 9112 §6.2',
    appliesTo: 'both',
    needs: ['http'],
    hint: 'Let the HTTP stack compute Content-Length, or send a chunked body.',
    check(ctx): Finding[] {
      const cl = H(ctx, 'content-length');
      if (cl === undefined || H(ctx, 'transfer-encoding')) return [];
      const sent = ctx.http.wireBytes ?? ctx.bytes.byteLength;
      return Number(cl) === sent ? [] : [{ message: `Content-Length is ${quote(cl)} but the body has ${sent} bytes${ctx.http.wireBytes !== undefined ? ' as sent (encoded)' : ''}` }];
    },
  }),
  defineRule({
    id: HTTP_MESSAGE_RULE,
    family: 'HTTP',
    severity: 'error',
    statement: 'A captured HTTP message has a valid start line, header lines and a complete (de-chunkable) body.',
    source: 'RFC 9112 §2, §7.1',
    appliesTo: 'both',
    needs: ['http-problem'],
    hint: 'Capture the whole message: start line, headers, a blank line, then the body.',
    check: (ctx) => [{ message: ctx.http.problem.message, at: { line: ctx.http.problem.line, column: 1 } }],
  }),
];
