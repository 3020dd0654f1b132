import { XML_NAMESPACES } from '../xml/names.ts';

/**
 * Namespaces fixed by standards, not by the service. The service's own namespace, actions and element
 * names are read from the vendored WSDL (see wsdl.ts); nothing here is specific to SuperOffice.
 */
export const NS = {
  soap11: 'http://schemas.xmlsoap.org/soap/envelope/',
  soap12: 'http://www.w3.org/2003/05/soap-envelope',
  soap11enc: 'http://schemas.xmlsoap.org/soap/encoding/',
  soap12enc: 'http://www.w3.org/2003/05/soap-encoding',
  xsi: XML_NAMESPACES.xsi,
  xs: 'http://www.w3.org/2001/XMLSchema',
  xml: XML_NAMESPACES.xml,
  xmlns: XML_NAMESPACES.xmlns,
  wsdl: 'http://schemas.xmlsoap.org/wsdl/',
  wsdlSoap11: 'http://schemas.xmlsoap.org/wsdl/soap/',
  wsaw: 'http://www.w3.org/2006/05/addressing/wsdl',
  /** WCF's data contract namespaces, declared by the WSDL's second and third inline schemas. */
  serialization: 'http://schemas.microsoft.com/2003/10/Serialization/',
  arrays: 'http://schemas.microsoft.com/2003/10/Serialization/Arrays',
  /** Namespace of WCF's own fault codes such as ActionNotSupported. */
  wcfAddressingNone: 'http://schemas.microsoft.com/ws/2005/05/addressing/none',
} as const;

export type ServicesVersion = 83 | 84 | 85 | 86 | 87 | 88;
export const SERVICES_VERSIONS: readonly ServicesVersion[] = [83, 84, 85, 86, 87, 88];
export const DEFAULT_VERSION: ServicesVersion = 86;

export function isServicesVersion(v: number): v is ServicesVersion {
  return (SERVICES_VERSIONS as readonly number[]).includes(v);
}
