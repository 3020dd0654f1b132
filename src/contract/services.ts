/**
 * The vendored services: which WSDL file describes which NetServer service at which version, and the
 * operation contracts read from them (one reader, wsdl.ts, for every operation of every service).
 */
import { DEFAULT_VERSION, type ServicesVersion } from './namespaces.ts';
import { vendoredWsdl } from './files.ts';
import { loadOperation, parseWsdl, type OperationContract, type Wsdl } from './wsdl.ts';

export type { OperationContract };

export type ServiceId = 'SoPrincipal' | 'Chat' | 'CustomerService';
export const SERVICE_IDS: readonly ServiceId[] = ['SoPrincipal', 'Chat', 'CustomerService'];

/** Versions a service is pinned to (which files exist is files.ts's table). Chat CRUD only exists from Services88 on. */
const SOURCES: Record<ServiceId, { fixedVersion?: ServicesVersion }> = {
  SoPrincipal: {},
  Chat: { fixedVersion: 88 },
  CustomerService: {},
};

export interface ParsedWsdl extends Wsdl {
  service: ServiceId;
  version: ServicesVersion;
}

/** The WSDL text of a service for a services version: its own vendored file, or one derived and saying so. */
export function serviceWsdlText(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): string {
  return vendoredWsdl(service, effectiveVersion(service, version)).text;
}

export function effectiveVersion(service: ServiceId, version: ServicesVersion): ServicesVersion {
  return SOURCES[service].fixedVersion ?? version;
}

const docs = new Map<string, ParsedWsdl>();

/** The parsed vendored WSDL of a service (cached: vendored files do not change while we run). */
export function parsedWsdl(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): ParsedWsdl {
  const v = effectiveVersion(service, version);
  const key = `${service}@${v}`;
  let p = docs.get(key);
  if (!p) {
    const src = vendoredWsdl(service, v);
    p = { ...parseWsdl(src.text, { wsdlFile: src.file, derivedFrom: src.derivedFrom }), service, version: v };
    docs.set(key, p);
  }
  return p;
}

const ops = new Map<string, OperationContract>();

/** One operation of a service, read from its vendored WSDL (cached; the same object every time). */
export function serviceOperation(service: ServiceId, operation: string, version: ServicesVersion = DEFAULT_VERSION): OperationContract {
  const v = effectiveVersion(service, version);
  const key = `${service}@${v}#${operation}`;
  let op = ops.get(key);
  if (!op) {
    op = loadOperation(parsedWsdl(service, v), operation, v);
    ops.set(key, op);
  }
  return op;
}

/** All operations a service's binding declares, for dispatching by SOAPAction in the emulated tenant. */
export function serviceOperationNames(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): string[] {
  return parsedWsdl(service, version).operations;
}

/** The soap:address location of a service's vendored WSDL (rewritten when the tenant serves `?wsdl`). */
export function serviceAddress(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): string {
  return parsedWsdl(service, version).address;
}

/** `/Remote/ServicesNN/X.svc`: the endpoint path of a service, from its soap:address. */
export function servicePath(service: ServiceId, version: ServicesVersion = DEFAULT_VERSION): string {
  return parsedWsdl(service, version).endpointPath;
}
