/**
 * The emulated tenant: the NetServer surface the live flow needs (SoPrincipal, Services88 Chat,
 * Services86 CustomerService), on loopback, built from the vendored WSDLs. CI runs the whole live path
 * against it. DeleteChatSessions requests are judged by the project's own rules (validate) and answered
 * by the project's own response builders, so everything it sends is something the suite accepts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { headerChild, requestHeader, requiredRequestHeader } from '../contract/header-roles.ts';
import { buildActionNotSupportedFault, buildAppErrorResponse, buildFault11, buildSuccessResponse, type BuiltResponse } from '../envelope/response.ts';
import { esc } from '../xml/writer.ts';
import { validate } from '../validate.ts';
import { parseXml } from '../xml/parse.ts';
import type { XElement } from '../xml/tree.ts';
import { child, descendants, intAt, reserialize, textAt } from '../xml/values.ts';
import { effectiveVersion, serviceAddress, serviceOperation, serviceOperationNames, serviceWsdlText, type ServiceId } from '../contract/services.ts';
import { defaultInstance } from './defaults.ts';
import type { WsdlAlteration } from './drifted-wsdl.ts';
import { readBody } from '../server/body.ts';
import { parseMediaType, unquoteSoapAction } from '../transport/media-type.ts';
import { PROFILES } from '../contract/profiles.ts';
import { opAppError, opSuccess } from './envelopes.ts';
import { TenantState, type TenantUser } from './state.ts';
import { wcfActionNotSupported, wcfAnswer, wcfRead, type WcfRead } from './wcf-mode.ts';
import { violationsDetail } from '../server/fault-detail.ts';
import { secretsFor } from '../report/redact.ts';

export interface FaultKnobs {
  /** Delay before answering, in ms. */
  latencyMs?: number;
  /**
   * html500: IIS-style HTML error page with HTTP 500; reset: TCP reset before any response;
   * truncate: half the body then close; gzip: gzip body without Content-Encoding;
   * gzip-labelled: gzip body with Content-Encoding: gzip (a correct, compressed answer).
   */
  mode?: 'html500' | 'reset' | 'truncate' | 'gzip' | 'gzip-labelled';
  /** Limit the knobs to one service. */
  only?: ServiceId;
}

export interface TenantOptions {
  host?: string;
  port?: number;
  /** First path segment, like Online's `Cust12345`; null serves at the root (on-site style). */
  customerId?: string | null;
  /** Services version of SoPrincipal and CustomerService (Chat is always Services88). */
  version?: ServicesVersion;
  users?: TenantUser[];
  /** When set, the tenant behaves like SuperOffice Online: every call needs this ApplicationToken. */
  applicationToken?: string;
  /** Tickets valid from the start (ticket → user name). */
  tickets?: Record<string, string>;
  /** Serve an altered CustomerService WSDL (for drift tests). */
  alterCustomerServiceWsdl?: WsdlAlteration;
  faults?: FaultKnobs;
  maxBodyBytes?: number;
  /**
   * `validating` (default): a DeleteChatSessions request that breaks a rule gets a Fault listing the
   * rules. `wcf`: answered as the WCF reference does (src/tenant/wcf-mode.ts), silent acceptance
   * included: an unqualified Ids is read as null, nothing is deleted, Succeeded=true. Read per request,
   * so a test can switch it on a running tenant.
   */
  behaviour?: 'validating' | 'wcf';
}

export const DEFAULT_TENANT_USER: TenantUser = { userName: 'so-conformance', password: 'emulated-password', associateId: 5 };
const SERVICES: ServiceId[] = ['SoPrincipal', 'Chat', 'CustomerService'];
const ROUTE = /^(.*?)\/Remote\/Services(\d\d)\/(SoPrincipal|Chat|CustomerService)\.svc$/;
const INVALID_TICKET = 'SoCredentialsException';
const READ_TIMEOUT_MS = 30_000;

export interface TenantHandler {
  handle(req: IncomingMessage, res: ServerResponse): void;
  state: TenantState;
  faults: FaultKnobs;
  options: TenantOptions;
}

export interface RunningTenant {
  /** Base URL for a live target: `http://127.0.0.1:PORT/Cust12345`. */
  url: string;
  origin: string;
  state: TenantState;
  faults: FaultKnobs;
  /** Live options: e.g. set `alterCustomerServiceWsdl` to serve a drifted WSDL from now on. */
  options: TenantOptions;
  close(): Promise<void>;
}

function actionOf(req: IncomingMessage): string | undefined {
  const h = req.headers['soapaction'];
  const v = Array.isArray(h) ? h[0] : h;
  return v === undefined ? undefined : unquoteSoapAction(v);
}


const HTML_500 = '<!DOCTYPE html><html><head><title>Runtime Error</title></head><body><h1>Server Error in \'/\' Application.</h1><p>Emulated failure.</p></body></html>';

/** The request handler, mountable in another node:http server (e.g. `serve --tenant`). */
export function createTenantHandler(options: TenantOptions = {}): TenantHandler {
  const version = options.version ?? DEFAULT_VERSION;
  /** The operation under test; every other operation the tenant answers is read from its WSDL on demand. */
  const dcs = deleteChatSessionsContract(version);
  const users = options.users ?? [DEFAULT_TENANT_USER];
  const state = new TenantState(users);
  for (const [ticket, name] of Object.entries(options.tickets ?? {})) {
    const u = users.find((x) => x.userName === name);
    if (u) state.issueTicket(u, ticket);
  }
  const faults: FaultKnobs = { ...(options.faults ?? {}) };
  const prefix = options.customerId === null ? '' : `/${options.customerId ?? 'Cust12345'}`;
  const maxBody = options.maxBodyBytes ?? 8 * 1024 * 1024;

  const wsdlFor = (service: ServiceId, endpoint: string): string => {
    let text = serviceWsdlText(service, version);
    if (service === 'CustomerService' && options.alterCustomerServiceWsdl) text = options.alterCustomerServiceWsdl(text, dcs);
    const from = `location="${serviceAddress(service, version)}"`;
    return text.split(from).join(`location="${esc(endpoint)}"`);
  };

  const send = async (req: IncomingMessage, res: ServerResponse, service: ServiceId | undefined, r: BuiltResponse): Promise<void> => {
    const applies = !faults.only || faults.only === service;
    if (applies && faults.latencyMs) await new Promise((ok) => setTimeout(ok, faults.latencyMs));
    if (res.destroyed) return;
    const mode = applies ? faults.mode : undefined;
    if (mode === 'reset') {
      (req.socket as Socket).resetAndDestroy();
      return;
    }
    if (mode === 'html500') {
      res.writeHead(500, { 'content-type': 'text/html; charset=utf-8' }).end(HTML_500);
      return;
    }
    const body = Buffer.from(r.body, 'utf8');
    if (mode === 'truncate') {
      res.writeHead(r.status, { ...r.headers, 'content-length': String(body.byteLength) });
      res.write(body.subarray(0, Math.floor(body.byteLength / 2)), () => req.socket.destroy());
      return;
    }
    if (mode === 'gzip' || mode === 'gzip-labelled') {
      const z = gzipSync(body);
      res.writeHead(r.status, { ...r.headers, 'content-length': String(z.byteLength), ...(mode === 'gzip-labelled' ? { 'content-encoding': 'gzip' } : {}) });
      res.end(z);
      return;
    }
    res.writeHead(r.status, { ...r.headers, 'content-length': String(body.byteLength) }).end(body);
  };

  /** `read`: in wcf behaviour, the values as WCF's message contract read them (strict), not the lenient reading. */
  const userOf = (header: XElement | undefined, read?: WcfRead): TenantUser | undefined => {
    const cred = requestHeader(dcs, 'credentials');
    const ticket = read ? read.ticket : header && cred ? textAt(header, cred.element.local, headerChild(cred, 0)) : undefined;
    return ticket ? state.tickets.get(ticket) : undefined;
  };
  const tokenOk = (header: XElement | undefined, read?: WcfRead) =>
    !options.applicationToken || (read ? read.applicationToken : header && textAt(header, requiredRequestHeader(dcs, 'applicationToken').element.local)) === options.applicationToken;

  /** `read`: set in wcf behaviour, the values as WCF's message contract read them (the request was judged already). */
  const handleOp = (service: ServiceId, operation: string, env: XElement, rawHttp: { bytes: Buffer; headers: Record<string, string> }, read?: WcfRead): BuiltResponse => {
    const op = serviceOperation(service, operation, version);
    const header = env.children.find((c) => c.local === 'Header' && c.ns === env.ns);
    const body = env.children.find((c) => c.local === 'Body' && c.ns === env.ns);
    const input = body?.children[0];
    const v = effectiveVersion(service, version);
    if (operation === 'DeleteChatSessions' && !read) {
      const verdict = validate(rawHttp.bytes, { kind: 'request', contract: dcs, http: { method: 'POST', headers: rawHttp.headers } });
      const errors = verdict.violations.filter((x) => x.severity === 'error');
      if (errors.length) {
        const fault = buildFault11({
          code: { ns: NS.soap11, local: 'Client' },
          faultString: `The request does not conform to the contract: ${[...new Set(errors.map((x) => x.rule))].join(', ')}`,
          detail: violationsDetail(errors),
        });
        // A violation message may quote the request: the Fault passes through the one redactor.
        return { ...fault, body: secretsFor(rawHttp.bytes).redact(fault.body) };
      }
    }
    if (!tokenOk(header, read)) {
      const msg = 'Invalid or missing ApplicationToken';
      return operation === 'DeleteChatSessions' ? buildAppErrorResponse({ contract: dcs, message: msg, exceptionType: 'SoApplicationTokenException' }) : opAppError(op, msg, 'SoApplicationTokenException');
    }
    if (operation === 'GetSystemInfo') {
      return opSuccess(op, `<SystemInfo>${defaultInstance('SoPrincipal', v, 'SoSystemInfoCarrier', { AssemblyVersion: `10.3.0.0-emulated-services${v}`, BuildLabel: 'so-conformance emulated tenant', CompanyName: 'Emulated Tenant AS', FileVersion: '10.3.0.0', DatabaseType: 'Emulated' })}</SystemInfo>`);
    }
    if (operation === 'AuthenticateUsernamePassword') {
      const [u, p] = op.requestChildren;
      const ticket = state.login(textAt(input, u!) ?? '', textAt(input, p!) ?? '');
      const user = ticket ? state.tickets.get(ticket) : undefined;
      if (!ticket || !user) return opSuccess(op, `<Response i:nil="true"/><Credentials i:nil="true"/><AuthenticationSucceeded>false</AuthenticationSucceeded>`);
      const carrier = defaultInstance('SoPrincipal', v, 'SoPrincipalCarrier', { Associate: user.userName, AssociateId: String(user.associateId) });
      return opSuccess(op, `<Response>${carrier}</Response><Credentials><Ticket>${esc(ticket)}</Ticket></Credentials><AuthenticationSucceeded>true</AuthenticationSucceeded>`);
    }
    const user = userOf(header, read);
    if (!user) {
      const msg = 'The ticket is invalid or has expired. Please log in again.';
      return operation === 'DeleteChatSessions' ? buildAppErrorResponse({ contract: dcs, message: msg, exceptionType: INVALID_TICKET }) : opAppError(op, msg, INVALID_TICKET);
    }
    switch (operation) {
      case 'DeleteChatSessions': {
        const ids = read ? (read.ids ?? []) : descendants(child(input, dcs.ids.element.local), dcs.ids.item.local).map((e) => Number(e.text.trim()));
        state.deleteRequests.push(ids);
        for (const id of ids) state.sessions.delete(id);
        return buildSuccessResponse({ contract: dcs });
      }
      case 'ChatSessionsForUser': {
        const items = state.sessionsFor(user).map((s) => `<ChatSession><ChatSessionId>${s.id}</ChatSessionId></ChatSession>`);
        return opSuccess(op, `<Response>${items.join('')}</Response>`);
      }
      case 'CreateDefaultChatTopicEntity':
        return opSuccess(op, `<Response>${defaultInstance('Chat', 88, 'ChatTopicEntity')}</Response>`);
      case 'CreateDefaultChatSessionEntity':
        return opSuccess(op, `<Response>${defaultInstance('Chat', 88, 'ChatSessionEntity')}</Response>`);
      case 'CreateDefaultChatTopicAgent':
        return opSuccess(op, `<Response>${defaultInstance('Chat', 88, 'ChatTopicAgent')}</Response>`);
      case 'SaveChatTopicEntity': {
        const e = child(input, op.requestChildren[0]!);
        if (!e) return opAppError(op, 'ChatTopicEntity is missing', 'ArgumentNullException');
        const id = intAt(e, 'ChatTopicId') ?? 0;
        const t = state.topics.get(id) ?? state.addTopic(textAt(e, 'Name') ?? '');
        t.name = textAt(e, 'Name') ?? t.name;
        return opSuccess(op, reserialize(e, 'Response', { ChatTopicId: String(t.id) }));
      }
      case 'SaveChatSessionEntity': {
        const e = child(input, op.requestChildren[0]!);
        if (!e) return opAppError(op, 'ChatSessionEntity is missing', 'ArgumentNullException');
        const topicId = intAt(e, 'TopicId') ?? 0;
        if (!state.topics.has(topicId)) return opAppError(op, `Chat topic ${topicId} does not exist`, 'SoDataException');
        const existing = state.sessions.get(intAt(e, 'ChatSessionId') ?? 0);
        const s = existing ?? state.addSession(topicId, textAt(e, 'CustomerName') ?? '');
        return opSuccess(op, reserialize(e, 'Response', { ChatSessionId: String(s.id) }));
      }
      case 'AddChatTopicUserAgent': {
        const [topicEl, agentEl] = op.requestChildren;
        const topic = state.topics.get(intAt(input, topicEl!) ?? 0);
        const agent = child(input, agentEl!);
        const assoc = intAt(agent, 'User', 'AssociateId');
        if (!topic || !agent || assoc === undefined) return opAppError(op, 'Unknown topic or agent', 'SoDataException');
        topic.agents.add(assoc);
        return opSuccess(op, reserialize(agent, 'Response'));
      }
      case 'GetChatSessionEntity': {
        const s = state.sessions.get(intAt(input, op.requestChildren[0]!) ?? 0);
        if (!s) return opSuccess(op, '<Response i:nil="true"/>');
        return opSuccess(op, `<Response>${defaultInstance('Chat', 88, 'ChatSessionEntity', { ChatSessionId: String(s.id), TopicId: String(s.topicId), CustomerName: s.customerName })}</Response>`);
      }
      case 'DeleteChatSessionEntity':
        state.sessions.delete(intAt(input, op.requestChildren[0]!) ?? 0);
        return opSuccess(op, '');
      case 'DeleteChatTopicEntity':
        state.topics.delete(intAt(input, op.requestChildren[0]!) ?? 0);
        return opSuccess(op, '');
      default:
        return opAppError(op, `${operation} is not emulated by so-conformance`, 'NotSupportedException');
    }
  };

  const handleAsync = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    state.requestCount++;
    const url = new URL(req.url ?? '/', 'http://tenant.invalid');
    const m = ROUTE.exec(url.pathname);
    const service = m && SERVICES.includes(m[3] as ServiceId) ? (m[3] as ServiceId) : undefined;
    const notFound: BuiltResponse = { status: 404, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<html><head><title>404 - File or directory not found.</title></head><body>Not found</body></html>' };
    if (!m || !service || m[1] !== prefix || Number(m[2]) !== effectiveVersion(service, version)) return send(req, res, service, notFound);
    const host = req.headers.host ?? '127.0.0.1';
    const wcf = options.behaviour === 'wcf' && service === 'CustomerService';
    if (req.method === 'GET') {
      const q = url.search.slice(1).toLowerCase();
      // WCF dispatches a GET without ?wsdl like any message: one with no action.
      if (wcf && q === '') return send(req, res, service, wcfActionNotSupported(''));
      if (q !== 'wsdl' && q !== 'singlewsdl') return send(req, res, service, notFound);
      return send(req, res, service, { status: 200, headers: { 'content-type': 'text/xml; charset=UTF-8' }, body: wsdlFor(service, `http://${host}${url.pathname}`) });
    }
    if (req.method !== 'POST') return send(req, res, service, { status: 405, headers: { allow: 'POST' }, body: '' });
    // The reference server's reader: never holds more than the limit, cuts off stalled senders.
    const read = await readBody(req, maxBody, READ_TIMEOUT_MS);
    if (!read.ok) return send(req, res, service, { status: read.reason === 'timeout' ? 408 : 413, headers: {}, body: '' });
    const bytes = Buffer.from(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength);
    // BasicHttpBinding: anything but text/xml is refused before the envelope is read, as WCF does.
    if (parseMediaType(req.headers['content-type'])?.type !== PROFILES.wsdl.mediaType) return send(req, res, service, { status: 415, headers: {}, body: '' });
    const action = actionOf(req) ?? '';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
    let wcfValues: WcfRead | undefined;
    if (wcf && action === dcs.soapAction) {
      // The request is judged first and answered as the WCF reference answered a request breaking the
      // same rules; when WCF would have run the operation, it runs on the values WCF would have read.
      const verdict = validate(bytes, { kind: 'request', contract: dcs, http: { method: 'POST', headers } });
      const answer = wcfAnswer(verdict.violations.filter((x) => x.severity === 'error'), action);
      if (answer.kind === 'respond') return send(req, res, service, answer.response);
      if (answer.kind === 'drop') return void req.socket.destroy();
      if (answer.kind === 'hang') return void setTimeout(() => req.socket.destroy(), READ_TIMEOUT_MS).unref();
      // WCF's reader quotas are not validate's limits: what validate called too deep, WCF read.
      const relaxed = parseXml(bytes, { maxBytes: maxBody, maxDepth: 100_000 });
      if (relaxed.ok) wcfValues = wcfRead(relaxed.doc.root, dcs);
    }
    const operation = serviceOperationNames(service, version).find((o) => serviceOperation(service, o, version).soapAction === action);
    if (!operation) return send(req, res, service, wcf ? wcfActionNotSupported(action) : buildActionNotSupportedFault(action));
    const parsed = parseXml(bytes, { maxBytes: maxBody, ...(wcfValues ? { maxDepth: 100_000 } : {}) });
    const env = parsed.ok ? parsed.doc.root : undefined;
    if (!env || env.local !== 'Envelope' || env.ns !== NS.soap11) {
      const why = parsed.ok ? 'the root is not a SOAP 1.1 Envelope' : (parsed.problems[0]?.message ?? 'unreadable XML');
      return send(req, res, service, buildFault11({ code: { ns: NS.soap11, local: env && env.local === 'Envelope' ? 'VersionMismatch' : 'Client' }, faultString: `The message could not be read: ${why}` }));
    }
    return send(req, res, service, handleOp(service, operation, env, { bytes, headers }, wcfValues));
  };

  return {
    state,
    faults,
    options,
    handle(req, res) {
      handleAsync(req, res).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`emulated tenant error: ${(e as Error).message}`);
      });
    },
  };
}

/** Starts the emulated tenant on loopback (port 0 picks a free port). */
export async function startTenant(options: TenantOptions = {}): Promise<RunningTenant> {
  const handler = createTenantHandler(options);
  const server = createServer((req, res) => handler.handle(req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => ok());
  });
  const { port } = server.address() as AddressInfo;
  const origin = `http://${host}:${port}`;
  const prefix = options.customerId === null ? '' : `/${options.customerId ?? 'Cust12345'}`;
  return {
    url: origin + prefix,
    origin,
    state: handler.state,
    faults: handler.faults,
    options: handler.options,
    close: () =>
      new Promise<void>((ok) => {
        for (const s of sockets) s.destroy();
        server.close(() => ok());
      }),
  };
}
