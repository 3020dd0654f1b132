/**
 * A minimal SOAP 1.1 caller for the NetServer services the live flow needs. Every action, namespace
 * and element name comes from the vendored WSDLs (wsdl-ops.ts, src/contract/wsdl.ts); DeleteChatSessions
 * requests are built byte-exact by buildRequest. Secrets travel only in request bodies and are never
 * put into an error message.
 */
import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { DELETE_CHAT_SESSIONS, deleteChatSessionsContract, type DeleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { headerChild, requestHeader, requiredRequestHeader } from '../contract/header-roles.ts';
import { buildRequest, type IdsShape, type RequestOptions } from '../envelope/request.ts';
import { esc } from '../xml/writer.ts';
import { parseXml } from '../xml/parse.ts';
import { envelopeView } from '../contract/envelope-view.ts';
import { responseOutcome, type Outcome } from '../contract/outcome.ts';
import type { XElement } from '../xml/tree.ts';
import { DEFAULT_MAX_RESPONSE_BYTES, LiveError, safeTarget, send, type HttpRequest, type HttpResponse, type LiveErrorKind } from './transport.ts';
import type { Exchange as HttpExchange, ExchangeFailureKind, SentRequest } from '../transport/exchange.ts';
import { serviceOperation, servicePath, effectiveVersion, type ServiceId, type OperationContract } from '../contract/services.ts';
import { child, descendants, intAt, isNil, reserialize, textAt, writeChildren, type XObject } from '../xml/values.ts';

export interface ClientOptions {
  /** Tenant base: `https://sod.superoffice.com/Cust12345` or an on-site `https://crm.example.com/SuperOffice`. */
  baseUrl: URL | string;
  version?: ServicesVersion;
  applicationToken?: string;
  timeoutMs: number;
  maxBytes?: number;
  /** Called with every exchange (raw, secrets included: the caller redacts before anything is written). */
  onExchange?: (x: Exchange) => void;
  /**
   * Decides whether ids may be sent to DeleteChatSessions; returns the reason to refuse. Without a
   * guard, any request that names an id is refused: deleting is opt-in, per id.
   */
  deleteGuard?: (ids: readonly (number | string)[]) => string | undefined;
}

/**
 * The project's one exchange type (src/transport/exchange.ts: what was sent, what came back or why
 * nothing did), labelled with the service call it was.
 */
export type Exchange = HttpExchange & { service: ServiceId; operation: string; at: string };

const FAILURE_KINDS: Partial<Record<LiveErrorKind, ExchangeFailureKind>> = { timeout: 'timeout', refused: 'refused', 'too-large': 'too-large', truncated: 'truncated', 'replay-mismatch': 'no-fixture' };

/** An exchange from what `send` was given and returned (or threw). */
export function exchangeOf(labels: { service: ServiceId; operation: string; at: string }, req: HttpRequest, out: HttpResponse | LiveError): Exchange {
  const request: SentRequest = { method: req.method, url: req.url, headers: { ...req.headers }, bytes: new TextEncoder().encode(req.body ?? '') };
  if (out instanceof LiveError) return { ...labels, ok: false, request, failure: { kind: FAILURE_KINDS[out.kind] ?? 'network', message: out.message }, durationMs: 0 };
  return { ...labels, ok: true, request, response: { status: out.status, statusText: '', headers: out.headers, bytes: out.bytes }, durationMs: out.ms };
}

const decoder = new TextDecoder();

/** A body as text, for messages and recordings (the bytes stay the exchange's). */
export function bodyText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}

export interface SoapFault {
  code: string;
  reason: string;
  /** `soap11` or `soap12`, from the envelope namespace. */
  soap: 'soap11' | 'soap12';
  hasDetail: boolean;
}

export interface ExceptionInfo {
  message?: string;
  exceptionType?: string;
}

export interface SoapResult {
  exchange: Exchange;
  status: number;
  /** The one outcome vocabulary (src/contract/outcome.ts). */
  outcome: Outcome;
  contentType: string;
  envelopeNs?: string;
  /** The Body's first child when it is not a Fault. */
  payload?: XElement;
  fault?: SoapFault;
  succeeded?: boolean;
  /** null when the header is present and nil, undefined when absent. */
  exceptionInfo?: ExceptionInfo | null;
  headerNames: string[];
}

export interface SystemInfo {
  version?: string;
  buildLabel?: string;
  companyName?: string;
}

function htmlTitle(text: string): string {
  const m = /<title>([^<]{0,200})<\/title>/i.exec(text);
  return m ? m[1]!.trim() : text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 120);
}

export class SoapClient {
  readonly base: URL;
  readonly version: ServicesVersion;
  readonly maxBytes: number;
  /** The operation under test (DeleteChatSessions at this version): the live flow's one default. */
  readonly contract: DeleteChatSessionsContract;
  constructor(readonly options: ClientOptions) {
    let base: URL;
    try {
      base = new URL(String(options.baseUrl));
    } catch {
      throw new LiveError('bad-url', `not a valid base URL: ${JSON.stringify(String(options.baseUrl))}`);
    }
    this.base = base;
    this.version = options.version ?? DEFAULT_VERSION;
    this.contract = deleteChatSessionsContract(this.version);
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  endpoint(service: ServiceId): string {
    const path = servicePath(service, this.version);
    return this.base.origin + this.base.pathname.replace(/\/+$/, '') + path;
  }

  /** Envelope for an ordinary call: only the header blocks the operation's input declares. */
  envelope(op: OperationContract, children: string, ticket?: string): string {
    const blocks = op.requestHeaders
      .map((h) => {
        const n = h.element.local;
        if (h === requestHeader(op, 'applicationToken') && this.options.applicationToken !== undefined) {
          return `<${n} xmlns="${h.element.ns}">${esc(this.options.applicationToken)}</${n}>`;
        }
        if (h === requestHeader(op, 'credentials') && ticket !== undefined) {
          const t = headerChild(h, 0);
          return `<${n} xmlns="${h.element.ns}"><${t}>${esc(ticket)}</${t}></${n}>`;
        }
        return '';
      })
      .join('');
    const r = op.request.local;
    return (
      `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${NS.soap11}">` +
      (blocks ? `<s:Header>${blocks}</s:Header>` : '') +
      `<s:Body><${r} xmlns="${op.request.ns}" xmlns:i="${NS.xsi}">${children}</${r}></s:Body></s:Envelope>`
    );
  }

  /** Calls an operation with its parameters (in WSDL order). Transport problems throw LiveError. */
  async call(service: ServiceId, operation: string, params: XObject | string = {}, opts: { ticket?: string } = {}): Promise<SoapResult> {
    const op = serviceOperation(service, operation, this.version);
    const body = this.envelope(op, typeof params === 'string' ? params : writeChildren(params), opts.ticket);
    return this.post(service, operation, {
      url: this.endpoint(service),
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: `"${op.soapAction}"` },
      body,
    });
  }

  /** Sends a prepared HTTP request to a service and reads the SOAP answer, fault or not. */
  async post(service: ServiceId, operation: string, req: HttpRequest): Promise<SoapResult> {
    const labels = { service, operation, at: new Date().toISOString() };
    let exchange: Exchange;
    try {
      exchange = exchangeOf(labels, req, await send(req, { timeoutMs: this.options.timeoutMs, maxBytes: this.maxBytes }));
    } catch (e) {
      const err = e instanceof LiveError ? e : new LiveError('reset', (e as Error).message);
      this.options.onExchange?.(exchangeOf(labels, req, err));
      throw err;
    }
    this.options.onExchange?.(exchange);
    return this.interpret(exchange);
  }

  /** What an exchange that got an answer came to; transport-level surprises throw a LiveError. */
  interpret(exchange: Exchange): SoapResult {
    if (!exchange.ok) throw new LiveError('reset', exchange.failure.message);
    const res = { ...exchange.response, text: bodyText(exchange.response.bytes) };
    const where = safeTarget(exchange.request.url);
    const contentType = res.headers['content-type'] ?? '';
    if (res.status === 404) {
      const v = effectiveVersion(exchange.service, this.version);
      throw new LiveError('not-served', `HTTP 404 for ${where}: the tenant does not serve Services${v} ${exchange.service}.svc there (check "servicesVersion" and the base URL)`, 404);
    }
    if (res.status >= 300 && res.status < 400) {
      const to = res.headers['location'];
      throw new LiveError('http-error', `HTTP ${res.status} from ${where}: the tenant redirects${to ? ` to ${safeTarget(new URL(to, exchange.request.url).href)}` : ''}; use that base URL (SOAP clients do not follow redirects)`, res.status);
    }
    const base: SoapResult = { exchange, status: res.status, contentType, headerNames: [], outcome: 'not-soap' };
    if (res.bytes.byteLength === 0) {
      if (res.status >= 400) return base;
      throw new LiveError('not-soap', `HTTP ${res.status} from ${where} with an empty body where a SOAP envelope was expected`, res.status);
    }
    if (/html/i.test(contentType) || /^\s*<(!doctype html|html)/i.test(res.text)) {
      throw new LiveError('http-error', `HTTP ${res.status} from ${where} with an HTML page instead of a SOAP envelope: "${htmlTitle(res.text)}"`, res.status);
    }
    const parsed = parseXml(res.bytes, { maxBytes: this.maxBytes });
    if (!parsed.ok) {
      const p = parsed.problems[0];
      throw new LiveError('not-soap', `HTTP ${res.status} from ${where}: the body is not readable XML (${p?.message ?? 'unknown'} at ${p?.line}:${p?.column})`, res.status);
    }
    const env = parsed.doc.root;
    if (env.local !== 'Envelope' || (env.ns !== NS.soap11 && env.ns !== NS.soap12)) {
      throw new LiveError('not-soap', `HTTP ${res.status} from ${where}: the body is XML but not a SOAP envelope (root {${env.ns}}${env.local})`, res.status);
    }
    const header = env.children.find((c) => c.ns === env.ns && c.local === 'Header');
    const body = env.children.find((c) => c.ns === env.ns && c.local === 'Body');
    const first = body?.children[0];
    // Succeeded is the same header block in every NetServer service: the service namespace's own.
    const outcome = responseOutcome(envelopeView(parsed.doc), (b) => b.local === 'Succeeded' && b.ns !== env.ns);
    const result: SoapResult = { ...base, outcome, envelopeNs: env.ns, headerNames: header?.children.map((c) => c.local) ?? [] };
    if (first && first.ns === env.ns && first.local === 'Fault') {
      const soap = env.ns === NS.soap11 ? 'soap11' : 'soap12';
      result.fault =
        soap === 'soap11'
          ? { soap, code: textAt(first, 'faultcode') ?? '', reason: textAt(first, 'faultstring') ?? '', hasDetail: !!child(first, 'detail') }
          : {
              soap,
              code: [textAt(first, 'Code', 'Value'), textAt(first, 'Code', 'Subcode', 'Value')].filter(Boolean).join(' / '),
              reason: textAt(first, 'Reason', 'Text') ?? '',
              hasDetail: !!child(first, 'Detail'),
            };
      return result;
    }
    result.payload = first;
    const succeeded = header && child(header, 'Succeeded');
    if (succeeded) result.succeeded = succeeded.text.trim() === 'true';
    const info = header && child(header, 'ExceptionInfo');
    if (info) result.exceptionInfo = isNil(info) ? null : { message: textAt(info, 'Message'), exceptionType: textAt(info, 'ExceptionType') };
    return result;
  }

  /** Throws a LiveError naming the fault or application error when a call did not succeed. */
  static ok(r: SoapResult, what: string): SoapResult {
    const where = safeTarget(r.exchange.request.url);
    if (r.fault) throw new LiveError('app-error', `${what}: SOAP fault from ${where} (HTTP ${r.status}): ${r.fault.code}: ${r.fault.reason}`, r.status);
    if (r.status !== 200) throw new LiveError('http-error', `${what}: HTTP ${r.status} from ${where}`, r.status);
    if (r.succeeded === false) {
      throw new LiveError('app-error', `${what} failed on the tenant: ${r.exceptionInfo?.exceptionType ?? 'no ExceptionType'}: ${r.exceptionInfo?.message ?? 'no message'}`, r.status);
    }
    return r;
  }

  // ---- SoPrincipal ----

  async getSystemInfo(): Promise<SystemInfo & { result: SoapResult }> {
    const r = SoapClient.ok(await this.call('SoPrincipal', 'GetSystemInfo'), 'GetSystemInfo');
    const info = child(r.payload, 'SystemInfo');
    return { result: r, version: textAt(info, 'AssemblyVersion') ?? textAt(info, 'FileVersion'), buildLabel: textAt(info, 'BuildLabel'), companyName: textAt(info, 'CompanyName') };
  }

  /** A ticket for a user. A refused login is a LiveError('login-failed') that names the user, never the password. */
  async authenticate(userName: string, password: string): Promise<{ ticket: string; associateId?: number; result: SoapResult }> {
    const op = serviceOperation('SoPrincipal', 'AuthenticateUsernamePassword', this.version);
    const [userEl, passEl] = op.requestChildren;
    const r = await this.call('SoPrincipal', 'AuthenticateUsernamePassword', { [userEl!]: userName, [passEl!]: password });
    if (r.fault) throw new LiveError('login-failed', `login failed for user "${userName}": SOAP fault ${r.fault.code}: ${r.fault.reason}`, r.status);
    // The answer carries the same Credentials/Ticket shape as the header the WSDL binds.
    const cred = requiredRequestHeader(this.contract, 'credentials');
    const ticket = textAt(r.payload, cred.element.local, headerChild(cred, 0));
    if (r.succeeded === false || textAt(r.payload, 'AuthenticationSucceeded') !== 'true' || !ticket) {
      const why = r.exceptionInfo?.message ? `: ${r.exceptionInfo.message}` : '';
      throw new LiveError('login-failed', `login failed for user "${userName}" (AuthenticationSucceeded is not true)${why}`, r.status);
    }
    return { ticket, associateId: intAt(r.payload, 'Response', 'AssociateId'), result: r };
  }

  // ---- Services88 Chat ----

  /** CreateDefaultChatTopicEntity, name it, SaveChatTopicEntity: the tenant's own defaults, our name. */
  async createTopic(ticket: string, name: string): Promise<number> {
    const d = SoapClient.ok(await this.call('Chat', 'CreateDefaultChatTopicEntity', {}, { ticket }), 'CreateDefaultChatTopicEntity');
    const entity = child(d.payload, 'Response');
    if (!entity || isNil(entity)) throw new LiveError('app-error', 'CreateDefaultChatTopicEntity returned no entity');
    const save = serviceOperation('Chat', 'SaveChatTopicEntity');
    const r = SoapClient.ok(await this.call('Chat', 'SaveChatTopicEntity', reserialize(entity, save.requestChildren[0]!, { Name: name, Description: 'so-conformance throw-away topic' }), { ticket }), 'SaveChatTopicEntity');
    const id = intAt(r.payload, 'Response', 'ChatTopicId');
    if (!id) throw new LiveError('app-error', 'SaveChatTopicEntity returned no ChatTopicId');
    return id;
  }

  async addTopicAgent(ticket: string, topicId: number, associateId: number): Promise<void> {
    const op = serviceOperation('Chat', 'AddChatTopicUserAgent');
    const [topicEl, agentEl] = op.requestChildren;
    SoapClient.ok(
      await this.call(
        'Chat',
        'AddChatTopicUserAgent',
        { [topicEl!]: topicId, [agentEl!]: { TopicId: topicId, User: { AssociateId: associateId }, CanListen: true, CanRespond: true, CanManage: true, CanNotify: false } },
        { ticket },
      ),
      'AddChatTopicUserAgent',
    );
  }

  async createSession(ticket: string, topicId: number, customerName: string): Promise<number> {
    const d = SoapClient.ok(await this.call('Chat', 'CreateDefaultChatSessionEntity', {}, { ticket }), 'CreateDefaultChatSessionEntity');
    const entity = child(d.payload, 'Response');
    if (!entity || isNil(entity)) throw new LiveError('app-error', 'CreateDefaultChatSessionEntity returned no entity');
    const save = serviceOperation('Chat', 'SaveChatSessionEntity');
    const r = SoapClient.ok(
      await this.call('Chat', 'SaveChatSessionEntity', reserialize(entity, save.requestChildren[0]!, { TopicId: String(topicId), CustomerName: customerName }), { ticket }),
      'SaveChatSessionEntity',
    );
    const id = intAt(r.payload, 'Response', 'ChatSessionId');
    if (!id) throw new LiveError('app-error', 'SaveChatSessionEntity returned no ChatSessionId');
    return id;
  }

  /** GetChatSessionEntity: the raw result; `exists` is false for a nil Response or a failed lookup. */
  async getSession(ticket: string, id: number): Promise<{ exists: boolean; result: SoapResult }> {
    const op = serviceOperation('Chat', 'GetChatSessionEntity');
    const r = await this.call('Chat', 'GetChatSessionEntity', { [op.requestChildren[0]!]: id }, { ticket });
    const resp = child(r.payload, 'Response');
    const exists = !r.fault && r.succeeded !== false && !!resp && !isNil(resp) && intAt(resp, 'ChatSessionId') === id;
    return { exists, result: r };
  }

  async deleteSessionEntity(ticket: string, id: number): Promise<SoapResult> {
    const op = serviceOperation('Chat', 'DeleteChatSessionEntity');
    return this.call('Chat', 'DeleteChatSessionEntity', { [op.requestChildren[0]!]: id }, { ticket });
  }

  async deleteTopic(ticket: string, id: number): Promise<SoapResult> {
    const op = serviceOperation('Chat', 'DeleteChatTopicEntity');
    return this.call('Chat', 'DeleteChatTopicEntity', { [op.requestChildren[0]!]: id }, { ticket });
  }

  // ---- Services86 CustomerService ----

  async chatSessionsForUser(ticket: string): Promise<{ ids: number[]; result: SoapResult }> {
    const r = SoapClient.ok(await this.call('CustomerService', 'ChatSessionsForUser', {}, { ticket }), 'ChatSessionsForUser');
    const ids = descendants(r.payload, 'ChatSessionId')
      .map((e) => Number(e.text.trim()))
      .filter((n) => Number.isInteger(n));
    return { ids, result: r };
  }

  /**
   * Sends a DeleteChatSessions request built byte-exact by buildRequest. This is the low-level door:
   * the live flow only reaches it through LiveRun.deleteOwnSessions (only ids this run created).
   */
  async deleteChatSessionsRaw(options: RequestOptions & { ids: IdsShape | readonly number[] }): Promise<SoapResult> {
    const ids: readonly (number | string)[] = Array.isArray(options.ids) ? options.ids : (options.ids as IdsShape).kind === 'values' ? (options.ids as { values: readonly (number | string)[] }).values : [];
    if (ids.length) {
      const why = this.options.deleteGuard ? this.options.deleteGuard(ids) : 'no delete guard is configured, so no id may be sent';
      if (why) throw new LiveError('refused-by-suite', `refused to send DeleteChatSessions for ids ${ids.join(', ')}: ${why}`);
    }
    const built = buildRequest({ contract: this.contract, applicationToken: this.options.applicationToken ?? null, ...options });
    return this.post(DELETE_CHAT_SESSIONS.service, this.contract.operation, { url: this.endpoint('CustomerService'), method: 'POST', headers: built.headers, body: built.body });
  }
}
