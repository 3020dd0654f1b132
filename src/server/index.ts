import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { envelopeView } from '../contract/envelope-view.ts';
import { type OperationContract } from '../contract/wsdl.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { NS, DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import { PROFILES, type ProfileId } from '../contract/profiles.ts';
import { parseMediaType, unquoteSoapAction } from '../transport/media-type.ts';
import { ruleById } from '../contract/catalogue.ts';
import { is, textOf } from '../xml/walk.ts';
import type { HttpInfo, Violation } from '../contract/rule.ts';
import { headerMap } from '../transport/http-info.ts';
import { actionNotSupportedText, buildAppErrorResponse, buildFault11, buildFault12, buildSuccessResponse, type BuiltResponse } from '../envelope/response.ts';
import { readBody } from './body.ts';
import { Batches, BATCH_MAX_BODY_BYTES } from './batch.ts';
import { errorRuleIds, violationsDetail, xmlSafe } from './fault-detail.ts';
import { judgeRedacted } from '../report/redacted-verdict.ts';
import { Secrets } from '../report/redact.ts';
import { DEFAULT_VERDICT_HISTORY_CHARS, VerdictRing, type ServerVerdict } from './verdicts.ts';
import type { Judgement } from '../contract/check.ts';
import { servedWsdl } from './wsdl.ts';
import { ExchangeLog } from '../report/page/store.ts';
import { isPagePath, servePage } from '../report/page/routes.ts';
import { pageEntry } from '../report/page/serve-entry.ts';

export type { ServerVerdict } from './verdicts.ts';
export { VERDICT_NS } from './fault-detail.ts';

export interface ServerOptions {
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** 0 (default) lets the system pick a free port. */
  port?: number;
  /** Largest request body accepted; bigger ones get HTTP 413. Default 16 MiB. */
  maxBodyBytes?: number;
  /** How the contract is carried: `wsdl` (SOAP 1.1, default) or `soap12`. */
  profile?: ProfileId;
  /** The operation served; DeleteChatSessions at `version` by default. */
  contract?: OperationContract;
  version?: ServicesVersion;
  /** Ticket values answered with an application error (HTTP 200, Succeeded=false, ExceptionInfo). */
  appErrorTickets?: string[];
  /** How many recent verdicts GET /__conformance/verdicts keeps. Default 100. */
  verdictHistory?: number;
  /** And at most this many characters of them (oldest dropped first). Default 16 Mi. */
  verdictHistoryChars?: number;
  /**
   * Request body bytes the server holds at once (declared Content-Lengths reserved up front, chunked
   * bodies counted as they arrive). A request past it gets 503 with Retry-After. Default 64 MiB.
   */
  maxInflightBytes?: number;
  /** One line per request (never a ticket or token value). */
  log?: (line: string) => void;
  /** A client that has not sent its headers and whole body this many milliseconds after it started gets HTTP 408. Default 30000. */
  readTimeoutMs?: number;
}

/** Node's timers hold at most 2^31−1 ms; a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;
export const DEFAULT_MAX_INFLIGHT_BYTES = 64 * 1024 * 1024;
/** Seconds a refused (503) client is asked to wait: long enough for a few bodies to be judged. */
const RETRY_AFTER_SECONDS = 1;

export interface RunningServer {
  /** http://HOST:PORT */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
  verdicts(): ServerVerdict[];
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const VERDICTS_PATH = '/__conformance/verdicts';
/** Violations listed per verdict and Fault; the rest are counted, so one bad message stays small. */
export const MAX_LISTED_VIOLATIONS = 200;
const WSDL_QUERIES = new Set(['wsdl', 'singlewsdl']);


interface Route {
  kind: 'endpoint' | 'verdicts' | 'unknown';
  /** The path up to and including the endpoint, e.g. `/Cust12345/Remote/Services86/CustomerService.svc`. */
  path: string;
  wsdl: boolean;
}

/** A plain absolute path: nothing a URL parser would decode, resolve or split off. */
const PLAIN_PATH = /^\/(?!\/)(?:[A-Za-z0-9_\-~]|\.(?!\.?(?:\/|$))|\/(?![./]))*$/;

function route(rawUrl: string, contract: OperationContract): Route {
  // The usual request line needs no URL object (a sixth of routing a request otherwise).
  if (PLAIN_PATH.test(rawUrl)) return routePath(rawUrl, false, contract);
  let url: URL;
  try {
    url = new URL(rawUrl, 'http://x');
  } catch {
    return { kind: 'unknown', path: '', wsdl: false };
  }
  return routePath(url.pathname, [...url.searchParams.keys()].some((k) => WSDL_QUERIES.has(k.toLowerCase())), contract);
}

function routePath(path: string, wsdl: boolean, contract: OperationContract): Route {
  if (path === VERDICTS_PATH) return { kind: 'verdicts', path, wsdl: false };
  // IIS matches paths case-insensitively; one optional tenant segment (e.g. /Cust12345) may precede.
  const ep = contract.endpointPath.toLowerCase();
  const lower = path.toLowerCase();
  if (lower.endsWith(ep)) {
    const prefix = path.slice(0, path.length - ep.length);
    if (prefix === '' || /^\/[^/]+$/.test(prefix)) return { kind: 'endpoint', path, wsdl };
  }
  return { kind: 'unknown', path, wsdl: false };
}

/** Read once per request and passed on (from rawHeaders: headersDistinct builds arrays of arrays on every read). */
function httpInfo(req: IncomingMessage): HttpInfo {
  return { method: req.method ?? 'GET', target: req.url, headers: headerMap(req.rawHeaders) };
}

/** Answers one request; resolves to what the verdict log needs. */
class Handler {
  private readonly contract: OperationContract;
  private readonly profile: ProfileId;
  private readonly appErrorTickets: Set<string>;
  readonly ring: VerdictRing;
  /** What the live verdict page (GET /__conformance/) shows. */
  readonly page: ExchangeLog;
  /** Body bytes held (reserved or received) by requests being read or judged. */
  private inflight = 0;
  /** The success response is the contract's alone, the same for every request: encoded once. */
  private readonly success: Prebuilt;
  private readonly batches: Batches;

  constructor(private readonly o: Required<Pick<ServerOptions, 'maxBodyBytes' | 'readTimeoutMs' | 'maxInflightBytes'>> & ServerOptions) {
    this.contract = o.contract ?? deleteChatSessionsContract(o.version ?? DEFAULT_VERSION);
    this.profile = o.profile ?? 'wsdl';
    this.appErrorTickets = new Set(o.appErrorTickets ?? []);
    this.ring = new VerdictRing(o.verdictHistory ?? 100, o.verdictHistoryChars ?? DEFAULT_VERDICT_HISTORY_CHARS);
    this.page = new ExchangeLog(o.verdictHistory ?? 100);
    this.success = prebuilt(buildSuccessResponse({ profile: this.profile, contract: this.contract }));
    this.batches = new Batches((err) => o.log?.(`internal error while answering: ${err instanceof Error ? err.message : String(err)}`));
  }

  async handle(req: IncomingMessage, res: ServerResponse, baseUrl: string): Promise<void> {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const r = route(req.url ?? '/', this.contract);
    let logTail = '';
    // An endpoint answer may still wait for its batch to be written: the log says the verdict's status.
    let status: number | undefined;
    if (r.kind === 'unknown' && isPagePath(r.path)) return servePage(this.page, req, res);
    let shownPath = r.path.length > 200 ? `${r.path.slice(0, 200)}…` : r.path || '?';
    if (r.kind === 'verdicts' && method === 'GET') {
      sendRaw(res, { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(this.ring.list()) });
    } else if (r.kind === 'endpoint' && method === 'GET' && r.wsdl) {
      // Like WCF, the address follows the Host the client used (a client behind a port-forward still
      // gets an address it can reach); anything odd in Host falls back to the listening address.
      const host = req.headers.host;
      const base = host && /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? `http://${host}` : baseUrl;
      sendRaw(res, { status: 200, headers: { 'content-type': 'text/xml; charset=utf-8' }, body: servedWsdl(this.contract, base + r.path) });
    } else if (r.kind === 'endpoint') {
      const secrets = new Secrets();
      const held = { bytes: 0 };
      const seen: { body?: Uint8Array } = {};
      const http = httpInfo(req);
      let v: ServerVerdict;
      try {
        v = await this.judge(req, res, http, r.path, method, started, secrets, held, seen);
      } catch (err) {
        // The error may quote the message: it leaves here redacted like every other output.
        throw new Error(secrets.redact(err instanceof Error ? err.message : String(err)));
      } finally {
        this.inflight -= held.bytes;
      }
      status = v.status;
      this.ring.push(v);
      this.page.add(pageEntry(v, http.headers, { ...seen, secrets }));
      if (this.o.log) {
        logTail = secrets.redact(` ${v.answer}${v.violations.length ? ` ${[...new Set(v.violations.map((x) => x.rule))].join(',')}` : ''}`);
        shownPath = secrets.redact(shownPath);
      }
    } else {
      drain(req);
      sendRaw(res, { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `no endpoint here; POST to ${this.contract.endpointPath}\n` });
    }
    if (this.o.log) this.o.log(`${new Date(started).toISOString()} ${method} ${shownPath}${r.wsdl ? '?wsdl' : ''} ${status ?? res.statusCode}${logTail} ${Date.now() - started}ms`);
  }

  /**
   * Judges one request and answers it. `secrets` learns the request's secrets from the one parse;
   * every answer body and the verdict pass through it. `held` counts the body bytes this request
   * holds of the in-flight budget; the caller gives them back.
   */
  private async judge(req: IncomingMessage, res: ServerResponse, http: HttpInfo, path: string, method: string, started: number, secrets: Secrets, held: { bytes: number }, seen: { body?: Uint8Array }): Promise<ServerVerdict> {
    secrets.learnHeaders(http.headers);
    // Faults quote the request: their bodies pass through the request's redactor as a whole. Answers to
    // judged requests are written after their batch (see Batches).
    const later = (write: () => void) => this.batches.write(res, write);
    const send = (res: ServerResponse, r: BuiltResponse) => later(() => sendRaw(res, { ...r, body: secrets.redact(r.body) }));
    const verdict = (status: number, answer: ServerVerdict['answer'], violations: Violation[], conformant = !violations.some((x) => x.severity === 'error')): ServerVerdict =>
      secrets.redactDeep({
        time: new Date(started).toISOString(),
        method,
        path,
        soapAction: http.headers['soapaction'] ?? null,
        status,
        answer,
        conformant,
        violations,
      });

    const declared = Number(http.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > this.o.maxBodyBytes) {
      refuse(req, res, 413);
      return verdict(413, 'too-large', [this.limitViolation(`Content-Length ${declared} is over the server's limit of ${this.o.maxBodyBytes} bytes`)]);
    }
    // The in-flight budget: a declared length is reserved before reading, the rest counted per chunk.
    const budget = this.o.maxInflightBytes;
    const busy = (why: string): ServerVerdict => {
      refuse(req, res, 503, { 'retry-after': String(RETRY_AFTER_SECONDS) });
      return { ...verdict(503, 'busy', [], false), note: `not judged: ${why}; retry after ${RETRY_AFTER_SECONDS} s` };
    };
    const reserve = Number.isFinite(declared) ? declared : 0;
    if (reserve > 0 && this.inflight + reserve > budget) {
      return busy(`${this.inflight} body bytes in flight, and ${reserve} more would pass the server's budget of ${budget} (--max-inflight)`);
    }
    this.inflight += reserve;
    held.bytes += reserve;
    let received = 0;
    const admit = (n: number): boolean => {
      received += n;
      const extra = received - held.bytes;
      if (extra <= 0) return true;
      if (this.inflight + extra > budget) return false;
      this.inflight += extra;
      held.bytes += extra;
      return true;
    };
    const body = await readBody(req, this.o.maxBodyBytes, this.o.readTimeoutMs, admit);
    if (!body.ok) {
      if (body.reason === 'busy') return busy(`the body passed the server's in-flight budget of ${budget} bytes (--max-inflight) while it arrived`);
      if (body.reason === 'too-large') {
        refuse(req, res, 413);
        return verdict(413, 'too-large', [this.limitViolation(`the body passed the server's limit of ${this.o.maxBodyBytes} bytes; reading stopped there`)]);
      }
      refuse(req, res, 408);
      const of = Number.isFinite(declared) ? ` of the ${declared} declared` : '';
      const why =
        body.reason === 'timeout'
          ? `the body was not complete ${this.o.readTimeoutMs} ms after the request arrived (${body.received} bytes${of} received; --read-timeout counts the whole body, not the pause since the last byte)`
          : `the client closed the connection before the body was complete (${body.received} bytes${of} received)`;
      return verdict(408, 'timeout', [{ ...this.rule('HTTP-009'), message: why, line: null, column: null, path: null }]);
    }

    if (body.bytes.byteLength <= BATCH_MAX_BODY_BYTES) await this.batches.turn();
    seen.body = body.bytes;
    // One parse: the verdict, the request's secrets and the tree (for the app-error ticket) all come
    // from it, and the engine says how to answer (what the rules that fired declare).
    let answer: Judgement['answer'];
    const judged = judgeRedacted(
      body.bytes,
      { input: 'envelope', kind: 'request', profile: this.profile, contract: this.contract, http, limits: { maxBytes: this.o.maxBodyBytes }, onJudged: (j) => (answer = j.answer) },
      secrets,
    );
    secrets.merge(judged.secrets);
    const result = judged.verdict;
    const doc = judged.parse?.ok ? judged.parse.doc : undefined;
    const all = result.violations;
    const errors = new Set(errorRuleIds(all));
    const violations = all.slice(0, MAX_LISTED_VIOLATIONS);
    const omitted = all.length - violations.length;
    const fault = (code: Parameters<Handler['fault']>[0], text: string) => this.fault(code, text, violations, omitted);
    // The violations come redacted from judgeRedacted, with these same secrets: only the request's own
    // strings are left to redact (a second pass over every message cost each request a scan).
    const fromRequest = secrets.redactDeep({ time: new Date(started).toISOString(), method, path, soapAction: http.headers['soapaction'] ?? null });
    const judgedVerdict = (status: number, answer: ServerVerdict['answer'], conformant = !violations.some((x) => x.severity === 'error')): ServerVerdict => ({
      time: fromRequest.time,
      method: fromRequest.method,
      path: fromRequest.path,
      soapAction: fromRequest.soapAction,
      status,
      answer,
      conformant,
      violations,
    });

    // The answer is what the rules that fired declare (Rule.answer), strongest first; no rule ID here.
    switch (answer?.kind) {
      case 'method-not-allowed':
        send(res, { status: 405, headers: { allow: 'POST' }, body: '' });
        return judgedVerdict(405, 'method-not-allowed', false);
      case 'unsupported-media-type':
        // WCF refuses a content type its binding does not speak before reading the body.
        send(res, { status: 415, headers: {}, body: '' });
        return judgedVerdict(415, 'unsupported-media-type', false);
      case 'unreadable': {
        const said = violations[answer.index]?.message ?? answer.rule;
        send(res, fault('Client', `The request XML cannot be read (${answer.rule}): ${said}`));
        return judgedVerdict(500, 'fault', false);
      }
      case 'action-not-supported':
        send(res, fault({ ns: NS.wcfAddressingNone, local: 'ActionNotSupported' }, actionNotSupportedText(this.sentAction(http))));
        return judgedVerdict(500, 'action-not-supported', false);
      default:
        break;
    }
    if (errors.size) {
      send(res, fault('Client', `The request does not conform to the ${this.contract.operation} contract: ${[...errors].join(', ')} (see detail)`));
      return judgedVerdict(500, 'fault', false);
    }
    const ticket = this.ticketOf(doc?.root);
    if (ticket !== undefined && this.appErrorTickets.has(ticket)) {
      const appError = buildAppErrorResponse({
        profile: this.profile,
        contract: this.contract,
        message: 'Application error requested by so-conformance serve for this ticket (--app-error-ticket)',
        exceptionType: 'SoServerException',
        friendlyText: 'The server could not delete the chat sessions.',
      });
      later(() => sendRaw(res, appError));
      return judgedVerdict(200, 'app-error');
    }
    // Built from the contract alone, nothing of the request in it: sent as is (a redaction pass could
    // only damage it).
    const success = this.success;
    later(() => sendPrebuilt(res, success));
    return judgedVerdict(200, 'success');
  }

  private rule(id: string): Pick<Violation, 'rule' | 'severity' | 'hint'> {
    const r = ruleById(id);
    return { rule: id, severity: r?.severity ?? 'error', hint: r?.hint };
  }

  private limitViolation(message: string): Violation {
    return { ...this.rule('XML-006'), message, line: null, column: null, path: null };
  }

  private sentAction(http: HttpInfo): string {
    if (PROFILES[this.profile].actionCarrier === 'soapaction-header') return unquoteSoapAction(http.headers['soapaction'] ?? '');
    return parseMediaType(http.headers['content-type'])?.params['action'] ?? '';
  }

  private ticketOf(root: import('../xml/tree.ts').XElement | undefined): string | undefined {
    if (!root || !this.appErrorTickets.size) return undefined;
    const creds = this.contract.requestHeaders.find((h) => h.part === 'Credentials');
    if (!creds) return undefined;
    const view = envelopeView({ root, source: '', xmlDeclaration: undefined });
    const block = view.headerBlocks.find((b) => is(b, creds.element));
    const field = block?.children.find((c) => c.ns === creds.element.ns && creds.children.includes(c.local));
    return field ? textOf(field) : undefined;
  }

  private fault(code: 'Client' | { ns: string; local: string }, text: string, violations: Violation[], omitted: number): BuiltResponse {
    const detail = violationsDetail(violations, omitted);
    const said = xmlSafe(text);
    if (this.profile === 'soap12') {
      return buildFault12({ code: 'Sender', ...(typeof code === 'object' ? { subcode: code } : {}), reason: said, detail });
    }
    return buildFault11({ code: typeof code === 'object' ? code : { ns: NS.soap11, local: code }, faultString: said, detail });
  }
}

/** Writes a response as is: bodies that carry anything from a request go through the request's redactor first (see judge). */
function sendRaw(res: ServerResponse, r: BuiltResponse): void {
  if (res.headersSent) return;
  const body = Buffer.from(r.body, 'utf8');
  res.writeHead(r.status, { ...r.headers, 'content-length': String(body.byteLength) });
  res.end(body);
}

interface Prebuilt {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

function prebuilt(r: BuiltResponse): Prebuilt {
  const body = Buffer.from(r.body, 'utf8');
  return { status: r.status, headers: { ...r.headers, 'content-length': String(body.byteLength) }, body };
}

function sendPrebuilt(res: ServerResponse, p: Prebuilt): void {
  if (res.headersSent) return;
  res.writeHead(p.status, p.headers);
  res.end(p.body);
}

/** Answer without reading (more of) the body, then close: the client may still be sending. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  req.pause();
  if (res.headersSent) return;
  res.writeHead(status, { ...headers, connection: 'close', 'content-length': '0' });
  res.end(() => req.socket.destroySoon());
}

/** Bodies sent to paths we do not serve are read and dropped, within the same limit. */
function drain(req: IncomingMessage): void {
  req.resume();
}

export function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const readTimeoutMs = options.readTimeoutMs ?? 30_000;
  if (!(readTimeoutMs >= 1 && readTimeoutMs <= MAX_TIMEOUT_MS)) {
    return Promise.reject(new RangeError(`readTimeoutMs must be from 1 to ${MAX_TIMEOUT_MS} (Node's timers overflow past it), got ${readTimeoutMs}`));
  }
  const handler = new Handler({ ...options, maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, readTimeoutMs, maxInflightBytes: options.maxInflightBytes ?? DEFAULT_MAX_INFLIGHT_BYTES });
  let baseUrl = '';
  // Node's own timeouts are the backstop for clients that stall before the body (slow headers).
  const headersTimeout = Math.max(1_000, Math.min(readTimeoutMs, 60_000));
  const server = createServer({ requestTimeout: Math.min(MAX_TIMEOUT_MS, Math.max(headersTimeout, readTimeoutMs) + 5_000), headersTimeout, connectionsCheckingInterval: 1_000 }, (req, res) => {
    handler.handle(req, res, baseUrl).catch((err: unknown) => {
      // A bug must cost one request, never the server.
      options.log?.(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendRaw(res, buildFault11({ code: { ns: NS.soap11, local: 'Server' }, faultString: 'so-conformance serve: internal error' }));
      else res.destroy();
    });
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // Node reports a client too slow with its headers (headersTimeout) as ERR_HTTP_REQUEST_TIMEOUT: that is a 408, not a 400.
    const status = err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      const port = (server.address() as AddressInfo).port;
      const urlHost = host.includes(':') ? `[${host}]` : host;
      baseUrl = `http://${urlHost}:${port}`;
      resolve({
        url: baseUrl,
        host,
        port,
        verdicts: () => handler.ring.list(),
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((e) => (e ? fail(e) : done()));
            server.closeIdleConnections();
            // Requests in flight get a moment to finish; a stalled client does not hold shutdown hostage.
            setTimeout(() => server.closeAllConnections(), 2_000).unref();
          }),
      });
    });
  });
}
