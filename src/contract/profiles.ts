import { NS } from './namespaces.ts';

export type ProfileId = 'wsdl' | 'soap12';

/**
 * How the contract is carried on the wire. `wsdl` is the binding as published (BasicHttpBinding,
 * SOAP 1.1); `soap12` is the same contract re-bound to SOAP 1.2 by a gateway. Rules read these
 * fields; there is no second code path per profile.
 */
export interface Profile {
  id: ProfileId;
  soapVersion: '1.1' | '1.2';
  envelopeNs: string;
  /** The envelope namespace of the other SOAP version, to say "you sent 1.2" rather than "unknown". */
  otherEnvelopeNs: string;
  mediaType: 'text/xml' | 'application/soap+xml';
  /** Where the action travels: the SOAPAction header (1.1) or the `action` media type parameter (1.2). */
  actionCarrier: 'soapaction-header' | 'content-type-action';
  /** Lexical values of mustUnderstand meaning "true". */
  mustUnderstandTrue: readonly string[];
  mustUnderstandAllowed: readonly string[];
  /** Where the rules for this profile come from, for the report. */
  source: string;
}

export const PROFILES: Record<ProfileId, Profile> = {
  wsdl: {
    id: 'wsdl',
    soapVersion: '1.1',
    envelopeNs: NS.soap11,
    otherEnvelopeNs: NS.soap12,
    mediaType: 'text/xml',
    actionCarrier: 'soapaction-header',
    mustUnderstandTrue: ['1'],
    mustUnderstandAllowed: ['0', '1'],
    source: 'WSDL soap:binding (SOAP 1.1 over HTTP), WS-I Basic Profile 1.1',
  },
  soap12: {
    id: 'soap12',
    soapVersion: '1.2',
    envelopeNs: NS.soap12,
    otherEnvelopeNs: NS.soap11,
    mediaType: 'application/soap+xml',
    actionCarrier: 'content-type-action',
    mustUnderstandTrue: ['1', 'true'],
    mustUnderstandAllowed: ['0', '1', 'true', 'false'],
    source: 'SOAP 1.2 Part 1 and Part 2 §7 (HTTP binding), contract re-bound from the WSDL',
  },
};

export function isProfileId(v: string): v is ProfileId {
  return v === 'wsdl' || v === 'soap12';
}
