import type { OperationContract } from '../contract/wsdl.ts';

/**
 * The vendored WSDL with its soap:address pointing at this server (and the tenant prefix the client
 * used), so a client generated from `?wsdl` calls serve and nothing else.
 */
export function servedWsdl(contract: OperationContract, endpointUrl: string): string {
  const from = `location="${contract.addressLocation}"`;
  const text = contract.wsdlText;
  if (!text.includes(from)) throw new Error('vendored WSDL: soap:address location not found');
  return text.split(from).join(`location="${endpointUrl.replace(/&/g, '&amp;').replace(/"/g, '&quot;')}"`);
}
