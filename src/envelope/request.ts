import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { PROFILES, type ProfileId } from '../contract/profiles.ts';
import { type OperationContract } from '../contract/wsdl.ts';
import { deleteChatSessionsContract, idsFacts } from '../contract/delete-chat-sessions.ts';
import { headerChild, requiredRequestHeader } from '../contract/header-roles.ts';
import { esc, Lines } from '../xml/writer.ts';

/** The shapes of `Ids` the contract allows (and, through `values`, any lexical content at all). */
export type IdsShape =
  | { kind: 'omitted' }
  | { kind: 'nil' }
  | { kind: 'empty' }
  | { kind: 'values'; values: readonly (number | string)[] };

export interface RequestOptions {
  profile?: ProfileId;
  /** The operation to build for (a DeleteChatSessions-shaped one: a single array child); DeleteChatSessions at `version` by default. */
  contract?: OperationContract;
  version?: ServicesVersion;
  ids?: IdsShape | readonly (number | string)[];
  /** null omits the header block. */
  applicationToken?: string | null;
  ticket?: string | null;
  timeZone?: { id?: number; locationCode?: string } | null;
  /** Extra header blocks, as raw XML, appended inside Header. */
  extraHeaders?: readonly string[];
  /** Where the contract's header blocks go. Anything but `header` is a deliberate violation. */
  headerPlacement?: 'header' | 'envelope' | 'body';
  /** Put Ticket directly in Header instead of inside Credentials (a deliberate violation). */
  ticketOutsideCredentials?: boolean;
  /** mustUnderstand="1" on the contract's header blocks. */
  mustUnderstand?: boolean;
  prefixes?: {
    envelope?: string;
    /** null writes the service namespace as the default namespace. */
    service?: string | null;
    arrays?: string;
  };
  /** Put xsi:type on Ids and each int, as the documentation example does. */
  xsiType?: boolean | { ids?: string; item?: string };
  /** Namespace of the items: the contract's Arrays namespace (default), none, or any other. */
  itemNamespace?: 'arrays' | 'none' | 'service' | { uri: string };
  /** Namespace of Ids itself. */
  idsNamespace?: 'service' | 'none';
  /** Envelope namespace override (e.g. send SOAP 1.2 under the wsdl profile). */
  envelopeNamespace?: string;
  operationNamespace?: string;
  xmlDeclaration?: boolean;
  pretty?: boolean;
  /** HTTP: the SOAPAction / action value; null omits it. */
  soapAction?: string | null;
  quoteSoapAction?: boolean;
  contentType?: string;
}

export interface BuiltRequest {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  bytes: Uint8Array;
  profile: ProfileId;
  contract: OperationContract;
}

function idsShape(ids: RequestOptions['ids']): IdsShape {
  if (ids === undefined) return { kind: 'values', values: [1] };
  if (Array.isArray(ids)) return { kind: 'values', values: ids };
  return ids as IdsShape;
}

/** Builds a DeleteChatSessions request, byte for byte, from options. */
export function buildRequest(options: RequestOptions = {}): BuiltRequest {
  const profile = PROFILES[options.profile ?? 'wsdl'];
  const contract = options.contract ?? deleteChatSessionsContract(options.version ?? DEFAULT_VERSION);
  const ids = idsFacts(contract);
  const pretty = options.pretty ?? true;
  const env = options.prefixes?.envelope ?? (profile.soapVersion === '1.1' ? 'soap' : 'env');
  const svc = options.prefixes?.service === undefined ? 'so' : options.prefixes.service;
  const arr = options.prefixes?.arrays ?? 'arr';
  const envNs = options.envelopeNamespace ?? profile.envelopeNs;
  const tns = contract.tns;
  const q = (local: string) => (svc === null ? local : `${svc}:${local}`);
  const shape = idsShape(options.ids);
  const xsiType = options.xsiType ?? false;
  const needsXsi = shape.kind === 'nil' || xsiType !== false;
  const itemNs = options.itemNamespace ?? 'arrays';
  const itemUri = itemNs === 'arrays' ? ids.item.ns : itemNs === 'none' ? '' : itemNs === 'service' ? tns : itemNs.uri;

  const rootAttrs = [`xmlns:${env}="${envNs}"`];
  if (svc !== null) rootAttrs.push(`xmlns:${svc}="${tns}"`);
  if (needsXsi) rootAttrs.push(`xmlns:xsi="${NS.xsi}"`);
  if (xsiType !== false) rootAttrs.push(`xmlns:xsd="${NS.xs}"`);
  const L = new Lines(pretty);
  if (options.xmlDeclaration ?? true) L.add(0, '<?xml version="1.0" encoding="utf-8"?>');
  L.add(0, `<${env}:Envelope ${rootAttrs.join(' ')}>`);

  const tns0 = svc === null ? ` xmlns="${tns}"` : '';
  const mu = options.mustUnderstand ? ` ${env}:mustUnderstand="1"` : '';
  // Header element names come from the WSDL binding; only the part roles are named (header-roles.ts).
  const tokenPart = requiredRequestHeader(contract, 'applicationToken').element.local;
  const credentials = requiredRequestHeader(contract, 'credentials');
  const ticketName = headerChild(credentials, 0);
  const timeZone = requiredRequestHeader(contract, 'timeZone');
  const headerBlocks = (depth: number) => {
    if (options.applicationToken !== null) {
      L.add(depth, `<${q(tokenPart)}${tns0}${mu}>${esc(options.applicationToken ?? 'application-token')}</${q(tokenPart)}>`);
    }
    if (options.ticket !== null && !options.ticketOutsideCredentials) {
      L.add(depth, `<${q(credentials.element.local)}${tns0}${mu}>`);
      L.add(depth + 1, `<${q(ticketName)}>${esc(options.ticket ?? 'ticket')}</${q(ticketName)}>`);
      L.add(depth, `</${q(credentials.element.local)}>`);
    }
    if (options.ticket !== null && options.ticketOutsideCredentials) {
      L.add(depth, `<${q(ticketName)}${tns0}>${esc(options.ticket ?? 'ticket')}</${q(ticketName)}>`);
    }
    if (options.timeZone) {
      const [idName, codeName] = [headerChild(timeZone, 0), headerChild(timeZone, 1)];
      L.add(depth, `<${q(timeZone.element.local)}${tns0}${mu}>`);
      if (options.timeZone.id !== undefined) L.add(depth + 1, `<${q(idName)}>${options.timeZone.id}</${q(idName)}>`);
      if (options.timeZone.locationCode !== undefined) L.add(depth + 1, `<${q(codeName)}>${esc(options.timeZone.locationCode)}</${q(codeName)}>`);
      L.add(depth, `</${q(timeZone.element.local)}>`);
    }
  };
  const placement = options.headerPlacement ?? 'header';
  if (placement === 'envelope') headerBlocks(1);
  if (placement === 'header' || options.extraHeaders?.length) {
    L.add(1, `<${env}:Header>`);
    if (placement === 'header') headerBlocks(2);
    for (const x of options.extraHeaders ?? []) L.add(2, x);
    L.add(1, `</${env}:Header>`);
  }
  L.add(1, `<${env}:Body>`);
  if (placement === 'body') headerBlocks(2);
  const opNs = options.operationNamespace;
  const opName = opNs ? `op:${contract.request.local}` : q(contract.request.local);
  const opAttrs = (opNs ? ` xmlns:op="${opNs}"` : '') + tns0;
  const idsName = options.idsNamespace === 'none' ? ids.element.local : opNs ? `op:${ids.element.local}` : q(ids.element.local);
  // Unqualified Ids under a default namespace needs xmlns="" to really be in no namespace.
  const idsReset = options.idsNamespace === 'none' && svc === null ? ' xmlns=""' : '';
  if (shape.kind === 'omitted') {
    L.add(2, `<${opName}${opAttrs}/>`);
  } else {
    L.add(2, `<${opName}${opAttrs}>`);
    const idsType = typeof xsiType === 'object' ? xsiType.ids : xsiType ? `${arr}:${ids.arrayType.local}` : undefined;
    const itemType = typeof xsiType === 'object' ? xsiType.item : xsiType ? `xsd:${ids.itemType.local}` : undefined;
    const arrDecl = itemUri === '' ? '' : ` xmlns:${arr}="${itemUri}"`;
    const idsAttrs = `${idsReset}${idsType ? ` xsi:type="${idsType}"` : ''}`;
    if (shape.kind === 'nil') L.add(3, `<${idsName}${idsAttrs} xsi:nil="true"/>`);
    else if (shape.kind === 'empty') L.add(3, `<${idsName}${idsAttrs}/>`);
    else {
      const itemName = itemUri === '' ? ids.item.local : `${arr}:${ids.item.local}`;
      // An unqualified item under a default service namespace must undo it.
      const itemReset = itemUri === '' && svc === null && !idsReset ? ' xmlns=""' : '';
      L.add(3, `<${idsName}${idsAttrs}${arrDecl}>`);
      for (const v of shape.values) L.add(4, `<${itemName}${itemReset}${itemType ? ` xsi:type="${itemType}"` : ''}>${esc(String(v))}</${itemName}>`);
      L.add(3, `</${idsName}>`);
    }
    L.add(2, `</${opName}>`);
  }
  L.add(1, `</${env}:Body>`);
  L.add(0, `</${env}:Envelope>`);
  const body = L.toString() + (pretty ? '\n' : '');

  const action = options.soapAction === undefined ? contract.soapAction : options.soapAction;
  const headers: Record<string, string> = {};
  if (profile.actionCarrier === 'soapaction-header') {
    headers['content-type'] = options.contentType ?? `${profile.mediaType}; charset=utf-8`;
    if (action !== null) headers['soapaction'] = options.quoteSoapAction === false ? action : `"${action}"`;
  } else {
    headers['content-type'] = options.contentType ?? `${profile.mediaType}; charset=utf-8${action !== null ? `; action="${action}"` : ''}`;
  }
  return { method: 'POST', headers, body, bytes: new TextEncoder().encode(body), profile: profile.id, contract };
}
