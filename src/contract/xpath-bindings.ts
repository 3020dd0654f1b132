import { NS } from './namespaces.ts';
import type { OperationContract } from './wsdl.ts';

export type Prefix = 's11' | 's12' | 'so' | 'arr' | 'xsi' | 'xs';

/** The XPath prefix registry for an operation: `so` is its service namespace (so, per services version). */
export function namespaceBindings(contract: OperationContract): Readonly<Record<Prefix, string>> {
  return {
    s11: NS.soap11,
    s12: NS.soap12,
    so: contract.tns,
    arr: NS.arrays,
    xsi: NS.xsi,
    xs: NS.xs,
  };
}
