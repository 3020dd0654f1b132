/**
 * The fixture set, constructed from the vendored WSDL through the response builders. No tenant has
 * been recorded yet; every file says so. `scripts/make-fixtures.ts` writes these to fixtures/, and a
 * test checks that the files on disk are exactly what this code builds (so they stay reproducible).
 */
import { NS } from '../contract/namespaces.ts';
import { PROFILES, type ProfileId } from '../contract/profiles.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { headerChild, requiredRequestHeader } from '../contract/header-roles.ts';
import {
  buildActionNotSupportedFault,
  buildAppErrorResponse,
  buildEmptyStatus,
  buildFault12,
  buildHtmlErrorPage,
  buildSuccessResponse,
  type BuiltResponse,
} from '../envelope/response.ts';
import type { Fixture, FixtureMatch, Provenance, XPathKey } from './fixture-file.ts';

/** Placeholder credentials: fixtures hold no secret, and these values select the fixture to answer. */
export const FIXTURE_CREDENTIALS = {
  applicationToken: 'placeholder-application-token',
  ticket: 'placeholder-ticket',
  invalidTicket: 'placeholder-ticket-invalid',
  serverErrorTicket: 'placeholder-ticket-server-error',
} as const;

export const GENERATOR = 'scripts/make-fixtures.ts (so-conformance src/targets/fixture-set.ts)';

function provenance(date: string, builder: string): Provenance {
  return {
    origin: 'constructed',
    statement:
      'Constructed by so-conformance from the vendored WSDL (contract/Services86-CustomerService.wsdl) through its response builders; ' +
      'NOT recorded from a SuperOffice tenant. Status codes and shapes follow WCF BasicHttpBinding behaviour; wording a tenant would use is not known.',
    generator: GENERATOR,
    date,
    source: `src/envelope/response.ts ${builder}`,
  };
}

function envelopeKeys(profile: ProfileId): { env: string; ticket: string; op: string; ids: string } {
  const c = deleteChatSessionsContract();
  const credentials = requiredRequestHeader(c, 'credentials');
  const env = PROFILES[profile].soapVersion === '1.1' ? 's11' : 's12';
  return {
    env: `/${env}:Envelope`,
    ticket: `/${env}:Envelope/${env}:Header/so:${credentials.element.local}/so:${headerChild(credentials, 0)}`,
    op: `/${env}:Envelope/${env}:Body/so:${c.request.local}`,
    ids: `/${env}:Envelope/${env}:Body/so:${c.request.local}/so:${c.ids.element.local}/arr:${c.ids.item.local}`,
  };
}

function response(r: BuiltResponse): Fixture['response'] {
  return { status: r.status, headers: r.headers, body: r.body };
}

function fx(
  name: string,
  profile: ProfileId,
  priority: number,
  description: string,
  match: Omit<FixtureMatch, 'method'>,
  builder: string,
  r: BuiltResponse,
  date: string,
): Fixture {
  return { name, profile, description, priority, provenance: provenance(date, builder), match: { method: 'POST', ...match }, response: response(r) };
}

/** Every fixture, for both profiles. `date` goes into provenance only. */
export function buildFixtureSet(date: string): Fixture[] {
  const out: Fixture[] = [];
  for (const profile of ['wsdl', 'soap12'] as const) {
    const k = envelopeKeys(profile);
    const media = PROFILES[profile].mediaType;
    const withTicket = (t: string): XPathKey => ({ select: k.ticket, equals: t });
    const isRequest: XPathKey[] = [{ select: k.op, is: true }];
    const appError = buildAppErrorResponse({
      profile,
      message: 'The ticket is not valid (constructed fixture: the text a tenant sends has not been recorded).',
      exceptionType: 'SoTicketException',
    });
    out.push(
      fx('success', profile, 10, 'A request with the contract action and a ticket: HTTP 200, empty DeleteChatSessionsResponse, Succeeded=true.', {
        contentType: media, action: 'contract', xpath: [...isRequest, { select: k.ticket, is: true }],
      }, 'buildSuccessResponse', buildSuccessResponse({ profile }), date),
      fx('many-ids', profile, 20, 'Several ids in one call: the same empty success response (the operation returns nothing per id).', {
        contentType: media, action: 'contract', xpath: [...isRequest, { select: k.ticket, is: true }, { select: `${k.ids}[2]`, is: true }],
      }, 'buildSuccessResponse', buildSuccessResponse({ profile }), date),
      fx('invalid-ticket', profile, 30, 'An invalid ticket is an application error: HTTP 200, Succeeded=false, a filled ExceptionInfo.', {
        contentType: media, action: 'contract', xpath: [...isRequest, withTicket(FIXTURE_CREDENTIALS.invalidTicket)],
      }, 'buildAppErrorResponse', appError, date),
    );
  }
  const w = envelopeKeys('wsdl');
  out.push(
    fx('wrong-soapaction', 'wsdl', 40, 'A SOAPAction the binding does not know: WCF\'s EndpointDispatcher answers HTTP 500 with a SOAP 1.1 Fault a:ActionNotSupported.', {
      contentType: PROFILES.wsdl.mediaType, action: 'other', xpath: [],
    }, 'buildActionNotSupportedFault', buildActionNotSupportedFault('{action}'), date),
    fx('soap12-content-type', 'wsdl', 50, 'A SOAP 1.2 media type sent to the BasicHttpBinding (SOAP 1.1) endpoint: HTTP 415 with an empty body.', {
      contentType: PROFILES.soap12.mediaType, action: 'any', xpath: [],
    }, 'buildEmptyStatus', buildEmptyStatus(415), date),
    fx('server-error-page', 'wsdl', 30, 'The service behind IIS is down: HTTP 500 with an HTML error page, not a SOAP message.', {
      contentType: PROFILES.wsdl.mediaType, action: 'contract', xpath: [{ select: w.op, is: true }, { select: w.ticket, equals: FIXTURE_CREDENTIALS.serverErrorTicket }],
    }, 'buildHtmlErrorPage', buildHtmlErrorPage(), date),
    fx('wrong-action', 'soap12', 40, 'A SOAP 1.2 action the gateway does not route: HTTP 500 with a SOAP 1.2 Sender Fault, subcode a:ActionNotSupported.', {
      contentType: PROFILES.soap12.mediaType, action: 'other', xpath: [],
    }, 'buildFault12', buildFault12({ code: 'Sender', subcode: { ns: NS.wcfAddressingNone, local: 'ActionNotSupported' }, reason: "The message with Action '{action}' cannot be processed at the receiver." }), date),
  );
  return out;
}

/** File name of a fixture, relative to the fixtures directory. */
export function fixturePath(f: Fixture): string {
  return `${f.profile}/${f.name}.json`;
}
