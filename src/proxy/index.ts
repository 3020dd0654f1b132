/**
 * The validating proxy: forwards every request to the upstream unchanged (method, path, query,
 * end-to-end headers, body bytes) and hands back the answer unchanged, while the rule catalogue
 * judges both directions, the same validate() the reference server uses. The proxy's own paths are
 * /__conformance/verdicts (JSON) and the live page under /__conformance/; everything else is forwarded.
 *
 * Bounds: request and response bodies are capped (413 / 502), the client must finish sending within
 * the read timeout (408), the upstream must finish answering within the upstream timeout (502).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validate } from '../validate.ts';
import type { OperationContract } from '../contract/wsdl.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import type { ProfileId } from '../contract/profiles.ts';
import type { HttpInfo, Violation } from '../contract/rule.ts';
import { ruleById } from '../contract/catalogue.ts';
import { readBody } from '../server/body.ts';
import { Batches, BATCH_MAX_BODY_BYTES } from '../server/batch.ts';
import { Secrets } from '../report/redact.ts';
import { judgeRedacted } from '../report/redacted-verdict.ts';
import { DEFAULT_VERDICT_HISTORY_CHARS, VerdictRing } from '../server/verdicts.ts';
import { ExchangeLog, type PageMessageInput } from '../report/page/store.ts';
import { isPagePath, servePage } from '../report/page/routes.ts';
import { agentsFor, callUpstream, type UpstreamFailure } from './upstream.ts';
import { endToEnd, headerMap } from './headers.ts';
import { decodeContent } from './content-encoding.ts';
import { proxyVerdictSize, type ProxyVerdict } from './verdict.ts';

export type { ProxyVerdict } from './verdict.ts';

export const VERDICTS_PATH = '/__conformance/verdicts';
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 30_000;
/** Violations listed per message in a verdict; the rest are counted in the log line only. */
const MAX_LISTED_VIOLATIONS = 200;
const WSDL_QUERIES = new Set(['wsdl', 'singlewsdl']);
const STREAM_FROM_BYTES = 64 * 1024;

export interface ProxyOptions {
  /** Where requests go: `http(s)://host[:port][/base]`; a base path is put in front of every request path. */
  upstream: string;
  host?: string;
  port?: number;
  profile?: ProfileId;
  version?: ServicesVersion;
  /** The operation judged (default: DeleteChatSessions of `version`). */
  contract?: OperationContract;
  /** Skip the upstream's certificate checks (https only). Default: Node's checks. */
  insecure?: boolean;
  /** The upstream must have answered completely within this many ms. Default 30000. */
  upstreamTimeoutMs?: number;
  /** Largest body in either direction. Default 16 MiB. */
  maxBodyBytes?: number;
  /** A client that has not sent its whole body after this many ms gets HTTP 408. Default 30000. */
  readTimeoutMs?: number;
  /** Recent verdicts kept for GET /__conformance/verdicts and the page. Default 100. */
  verdictHistory?: number;
  /**
   * `?wsdl` answers name the upstream's address; by default the proxy puts its own address there, so
   * a client generated from the proxy's ?wsdl keeps talking through the proxy. False: unchanged.
   */
  rewriteWsdlAddress?: boolean;
  /** One line per exchange (never a secret). */
  log?: (line: string) => void;
  /** Every completed exchange, as forwarded (for --record). */
  onExchange?: (x: PassedExchange) => void;
}

/** An exchange that passed through, byte for byte (the recorder scrubs it before anything is written). */
export interface PassedExchange {
  method: string;
  /** The upstream URL the request went to. */
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: Uint8Array;
  status: number;
  responseHeaders: Record<string, string>;
  /** As received (still content-encoded, if it was). */
  responseBody: Uint8Array;
  /** The body decoded from its Content-Encoding, for readers of the text. */
  responseText: Uint8Array;
}

export interface RunningProxy {
  url: string;
  host: string;
  port: number;
  upstream: string;
  verdicts(): ProxyVerdict[];
  close(): Promise<void>;
}

/** The --upstream URL, checked; throws with a sentence for the user. */
export function upstreamUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new Error(`--upstream must be an http:// or https:// URL, got "${raw}"`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--upstream must be an http:// or https:// URL, got "${raw}"`);
  if (u.username || u.password) throw new Error('--upstream must not carry a user name or password');
  if (u.search || u.hash) throw new Error('--upstream must not have a query or fragment');
  return u;
}

function isEndpoint(pathname: string, contract: OperationContract): boolean {
  return pathname.toLowerCase().endsWith(contract.endpointPath.toLowerCase());
}

type Relayed = { ok: true; bytes: Uint8Array } | { ok: false; failure: UpstreamFailure };

class ProxyHandler {
  private readonly contract: OperationContract;
  private readonly profile: ProfileId;
  private readonly base: URL;
  private readonly basePath: string;
  private readonly agents: ReturnType<typeof agentsFor>;
  private readonly maxBody: number;
  private readonly timeoutMs: number;
  private readonly readTimeoutMs: number;
  readonly ring: VerdictRing<ProxyVerdict>;
  readonly page: ExchangeLog;
  private readonly batches = new Batches(() => {});

  constructor(private readonly o: ProxyOptions) {
    this.contract = o.contract ?? deleteChatSessionsContract(o.version ?? DEFAULT_VERSION);
    this.profile = o.profile ?? 'wsdl';
    this.base = upstreamUrl(o.upstream);
    this.basePath = this.base.pathname.replace(/\/+$/, '');
    this.agents = agentsFor(o.insecure ?? false);
    this.maxBody = o.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    this.timeoutMs = o.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS;
    this.readTimeoutMs = o.readTimeoutMs ?? 30_000;
    this.ring = new VerdictRing<ProxyVerdict>(o.verdictHistory ?? 100, DEFAULT_VERDICT_HISTORY_CHARS, proxyVerdictSize);
    this.page = new ExchangeLog(o.verdictHistory ?? 100);
  }

  close(): void {
    this.agents.http.destroy();
    this.agents.https.destroy();
  }

  async handle(req: IncomingMessage, res: ServerResponse, ownBase: string): Promise<void> {
    const started = Date.now();
    const method = req.method ?? 'GET';
    const target = req.url ?? '/';
    let pathname: string;
    let wsdl = false;
    try {
      const u = new URL(target, 'http://x');
      pathname = u.pathname;
      wsdl = method === 'GET' && [...u.searchParams.keys()].some((k) => WSDL_QUERIES.has(k.toLowerCase()));
    } catch {
      pathname = target;
    }
    if (pathname === VERDICTS_PATH) {
      req.resume();
      return plain(res, 200, JSON.stringify(this.ring.list()), 'application/json; charset=utf-8');
    }
    if (isPagePath(pathname)) return servePage(this.page, req, res);
    const judged = isEndpoint(pathname, this.contract) && !wsdl;
    const shownPath = pathname.length > 200 ? `${pathname.slice(0, 200)}…` : pathname;
    const requestHeaders = headerMap(req.rawHeaders);
    const soapAction = requestHeaders['soapaction'] ?? null;
    const verdict = (v: Omit<ProxyVerdict, 'time' | 'method' | 'path' | 'soapAction' | 'durationMs' | 'conformant'>): ProxyVerdict => ({
      time: new Date(started).toISOString(),
      method,
      path: pathname,
      soapAction,
      ...v,
      conformant: v.failure === null && (v.request?.conformant ?? true) && (v.response?.conformant ?? true),
      durationMs: Date.now() - started,
    });

    // 1. The request body, bounded in size and time.
    const declared = Number(requestHeaders['content-length'] ?? NaN);
    const body = Number.isFinite(declared) && declared > this.maxBody ? ({ ok: false, reason: 'too-large', received: 0 } as const) : await readBody(req, this.maxBody, this.readTimeoutMs);
    if (!body.ok) {
      const tooLarge = body.reason === 'too-large';
      const message = tooLarge
        ? `the request body is larger than the proxy's limit of ${this.maxBody} bytes; it was not forwarded`
        : body.reason === 'timeout'
          ? `the client sent ${body.received} bytes and then nothing for ${this.readTimeoutMs} ms; it was not forwarded`
          : 'the client closed the connection before its body was complete';
      const v = verdict({
        status: tooLarge ? 413 : 408,
        upstreamStatus: null,
        request: judged ? { conformant: false, violations: [{ ...ruleRef(tooLarge ? 'XML-006' : 'HTTP-009'), message, line: null, column: null, path: null }] } : null,
        response: null,
        failure: { kind: tooLarge ? 'request-too-large' : 'request-timeout', message },
      });
      refuse(req, res, v.status, `so-conformance proxy: ${message}\n`);
      return this.finish(v, shownPath, { req: { headers: requestHeaders, body: new Uint8Array(0) }, secrets: new Secrets() });
    }

    // 2. Judge the request (the endpoint's only: the catalogue is DeleteChatSessions').
    // As received: WCF's BasicHttpBinding reads a request body without undoing a Content-Encoding.
    const reqBytes = body.bytes;
    const http: HttpInfo = { method, target, headers: requestHeaders };
    // One parse: the verdict, redacted, and the request's secrets (every other output of this exchange passes through them).
    // Judged in batches like serve's requests (server/batch.ts): back to back, the caches stay warm.
    if (judged && body.bytes.byteLength <= BATCH_MAX_BODY_BYTES) await this.batches.turn();
    const judgedRequest = judged ? judgeRedacted(reqBytes, { input: 'envelope', kind: 'request', profile: this.profile, contract: this.contract, http, limits: { maxBytes: this.maxBody } }) : undefined;
    const secrets = judgedRequest?.secrets ?? new Secrets().learnHeaders(requestHeaders);
    const reqVerdict = judgedRequest?.verdict;
    const requestPart = reqVerdict ? { conformant: reqVerdict.conformant, violations: this.listed(reqVerdict.violations, secrets) } : null;

    // 3. Forward, unchanged but for Host (the upstream's name: TLS and virtual hosts need it) and the hop-by-hop headers.
    const headers = endToEnd(req.rawHeaders, { dropHost: true });
    headers.unshift('Host', this.base.host);
    if (requestHeaders['content-length'] === undefined && body.bytes.byteLength > 0) headers.push('Content-Length', String(body.bytes.byteLength));
    const upstreamPath = this.basePath + (target.startsWith('/') ? target : `/${target}`);
    const call = callUpstream({ url: this.base, insecure: this.o.insecure ?? false, timeoutMs: this.timeoutMs }, this.agents, method, upstreamPath, headers, body.bytes);
    const clientGone = () => {
      if (!res.writableFinished) call.abort();
    };
    res.on('close', clientGone);
    const head = await call.response;
    const failed = (failure: UpstreamFailure, upstreamStatus: number | null): Promise<void> => {
      // Once streaming began the client already has the upstream's status; its connection is cut instead.
      const v = verdict({ status: res.headersSent ? res.statusCode : 502, upstreamStatus, request: requestPart, response: null, failure });
      if (!res.headersSent) plain(res, 502, `so-conformance proxy: bad gateway: ${failure.message}\n`);
      else res.destroy();
      return this.finish(v, shownPath, { req: { headers: requestHeaders, body: reqBytes }, reqVerdict: requestPart, secrets });
    };
    if (!head.ok) return failed(head.failure, null);
    const up = head.res;
    const status = up.statusCode ?? 502;
    const responseHeaders = headerMap(up.rawHeaders);
    const upDeclared = Number(responseHeaders['content-length'] ?? NaN);
    if (Number.isFinite(upDeclared) && upDeclared > this.maxBody) {
      call.abort();
      return failed({ kind: 'too-large', message: `the upstream's answer declares ${upDeclared} bytes (Content-Length), over the proxy's limit of ${this.maxBody}` }, status);
    }

    // 4. The answer: streamed when its length is declared and it is not small (one write is cheaper
    // for the usual few-hundred-byte answer), else held up to the limit.
    const rewrite = wsdl && status === 200 && (this.o.rewriteWsdlAddress ?? true);
    const outHeaders = endToEnd(up.rawHeaders);
    const stream = Number.isFinite(upDeclared) && upDeclared > STREAM_FROM_BYTES && !rewrite;
    res.sendDate = false;
    if (stream) res.writeHead(status, up.statusMessage, outHeaders);
    const relayed = await relay(up, stream ? res : undefined, this.maxBody, call.failed);
    if (!relayed.ok) return failed(relayed.failure, status);
    let sent = relayed.bytes;
    if (!stream) {
      if (rewrite) sent = this.rewriteWsdl(sent, req, ownBase);
      // The length as the upstream declared it stays where it was; a chunked or rewritten answer gets its own.
      const h = rewrite || !Number.isFinite(upDeclared) ? [...outHeaders.filter((_, i, a) => a[i - (i % 2)]!.toLowerCase() !== 'content-length'), 'Content-Length', String(sent.byteLength)] : outHeaders;
      res.writeHead(status, up.statusMessage, h);
      res.end(sent);
    }

    // 5. Judge the answer.
    const resDecoded = decodeContent(relayed.bytes, responseHeaders['content-encoding'], this.maxBody);
    const resBytes = resDecoded.ok ? resDecoded.bytes : relayed.bytes;
    let responsePart: ProxyVerdict['response'] = null;
    if (judged) {
      if (resBytes.byteLength <= BATCH_MAX_BODY_BYTES) await this.batches.turn();
      const rv = validate(resBytes, { input: 'envelope', kind: 'response', profile: this.profile, contract: this.contract, http: { status, headers: responseHeaders }, limits: { maxBytes: this.maxBody } });
      // An answer without an envelope (415, an HTML error page) is `not-soap` in the one outcome vocabulary.
      responsePart = { conformant: rv.conformant, outcome: rv.outcome ?? null, violations: this.listed(rv.violations, secrets) };
    }
    const v = verdict({ status, upstreamStatus: status, request: requestPart, response: responsePart, failure: null });
    this.o.onExchange?.({
      method,
      url: new URL(upstreamPath, this.base).toString(),
      requestHeaders,
      requestBody: body.bytes,
      status,
      responseHeaders,
      responseBody: relayed.bytes,
      responseText: resBytes,
    });
    return this.finish(v, shownPath, { req: { headers: requestHeaders, body: reqBytes }, reqVerdict: requestPart, res: { status, statusMessage: up.statusMessage ?? '', headers: responseHeaders, body: resBytes }, secrets, judged, wsdl });
  }

  /** The first MAX_LISTED_VIOLATIONS, through the exchange's redactor (the answer's verdict is judged raw). */
  private listed(violations: Violation[], secrets: Secrets): Violation[] {
    return violations.length ? secrets.redactDeep(violations.slice(0, MAX_LISTED_VIOLATIONS)) : violations;
  }

  /** The upstream's own address in `location="…"` becomes the proxy's, as the client addressed it. */
  private rewriteWsdl(bytes: Uint8Array, req: IncomingMessage, ownBase: string): Uint8Array {
    const host = req.headers.host;
    const mine = host && /^[A-Za-z0-9.\-]+(:\d+)?$|^\[[0-9A-Fa-f:.]+\](:\d+)?$/.test(host) ? `http://${host}` : ownBase;
    const theirs = `location="${this.base.origin}${this.basePath}`;
    const text = Buffer.from(bytes).toString('utf8');
    if (!text.includes(theirs)) return bytes;
    return Buffer.from(text.split(theirs).join(`location="${mine}`), 'utf8');
  }

  private finish(
    v: ProxyVerdict,
    shownPath: string,
    m: {
      req: { headers: Record<string, string>; body: Uint8Array };
      reqVerdict?: ProxyVerdict['request'];
      res?: { status: number; statusMessage: string; headers: Record<string, string>; body: Uint8Array };
      secrets: Secrets;
      judged?: boolean;
      wsdl?: boolean;
    },
  ): Promise<void> {
    const recorded = v.request !== null || v.failure !== null;
    if (recorded) this.ring.push(v);
    const rules = (xs: Violation[] | undefined) => [...new Set((xs ?? []).map((x) => x.rule))].join(',');
    const reqWords = v.request ? `request ${v.request.conformant ? 'conformant' : 'NOT conformant'}${v.request.violations.length ? ` ${rules(v.request.violations)}` : ''}` : m.wsdl ? 'wsdl' : 'not judged';
    const resWords = v.failure ? `${v.failure.kind}: ${v.failure.message}` : v.response ? `response ${v.response.outcome ?? 'without a SOAP envelope'} ${v.response.conformant ? 'conformant' : 'NOT conformant'}${v.response.violations.length ? ` ${rules(v.response.violations)}` : ''}` : '';
    const summary = [reqWords, resWords].filter(Boolean).join(' | ');
    this.o.log?.(`${v.time} ${v.method} ${shownPath} ${v.status} ${summary} ${v.durationMs}ms`);
    if (recorded) {
      const messages: PageMessageInput[] = [
        { label: 'request', startLine: `${v.method} ${v.path} HTTP/1.1`, headers: m.req.headers, body: m.req.body, verdict: v.request ? { conformant: v.request.conformant, violations: v.request.violations } : null },
      ];
      if (m.res) {
        messages.push({
          label: 'response',
          startLine: `HTTP/1.1 ${m.res.status} ${m.res.statusMessage}`.trimEnd(),
          headers: m.res.headers,
          body: m.res.body,
          verdict: v.response ? { conformant: v.response.conformant, ...(v.response.outcome ? { outcome: v.response.outcome } : {}), violations: v.response.violations } : null,
        });
      } else if (v.failure) {
        messages.push({ label: 'response', startLine: `HTTP/1.1 ${v.status} (from the proxy)`, headers: {}, body: new Uint8Array(0), verdict: null, note: v.failure.message });
      }
      this.page.add({ time: v.time, method: v.method, path: v.path, status: v.status, conformant: v.conformant, summary, messages, secrets: m.secrets });
    }
    return Promise.resolve();
  }
}

function ruleRef(id: string): Pick<Violation, 'rule' | 'severity' | 'hint'> {
  const r = ruleById(id);
  return { rule: id, severity: r.severity, hint: r.hint };
}

/** Reads the upstream's answer up to `max` bytes, writing each chunk to `to` as it comes (with back-pressure). */
function relay(up: IncomingMessage, to: ServerResponse | undefined, max: number, failed: Promise<UpstreamFailure>): Promise<Relayed> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: Relayed) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    void failed.then((failure) => finish({ ok: false, failure }));
    up.on('data', (c: Buffer) => {
      if (done) return;
      size += c.byteLength;
      if (size > max) {
        up.destroy();
        finish({ ok: false, failure: { kind: 'too-large', message: `the upstream's answer passed the proxy's limit of ${max} bytes; reading stopped there` } });
        return;
      }
      chunks.push(c);
      if (to && !to.write(c)) {
        up.pause();
        to.once('drain', () => up.resume());
      }
    });
    up.on('end', () => {
      if (done) return;
      to?.end();
      finish({ ok: true, bytes: new Uint8Array(Buffer.concat(chunks, size)) });
    });
  });
}

function plain(res: ServerResponse, status: number, text: string, type = 'text/plain; charset=utf-8'): void {
  if (res.headersSent) return void res.end();
  const b = Buffer.from(text, 'utf8');
  res.writeHead(status, { 'content-type': type, 'content-length': String(b.byteLength) });
  res.end(b);
}

/** Answer without reading (more of) the body, then close: the client may still be sending. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, text: string): void {
  req.pause();
  if (res.headersSent) return;
  const b = Buffer.from(text, 'utf8');
  res.writeHead(status, { connection: 'close', 'content-type': 'text/plain; charset=utf-8', 'content-length': String(b.byteLength) });
  res.end(b, () => req.socket.destroySoon());
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const handler = new ProxyHandler(options);
  const host = options.host ?? '127.0.0.1';
  const readTimeoutMs = options.readTimeoutMs ?? 30_000;
  let ownBase = '';
  const headersTimeout = Math.max(1_000, Math.min(readTimeoutMs, 60_000));
  const server = createServer({ requestTimeout: Math.max(headersTimeout, readTimeoutMs) + (options.upstreamTimeoutMs ?? DEFAULT_UPSTREAM_TIMEOUT_MS) + 5_000, headersTimeout, connectionsCheckingInterval: 1_000 }, (req, res) => {
    handler.handle(req, res, ownBase).catch((err: unknown) => {
      // A bug must cost one exchange, never the proxy.
      options.log?.(`internal error: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) plain(res, 502, 'so-conformance proxy: internal error\n');
      else res.destroy();
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  ownBase = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    url: ownBase,
    host,
    port,
    upstream: options.upstream,
    verdicts: () => handler.ring.list(),
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((e) => (e ? fail(e) : done()));
        server.closeIdleConnections();
        handler.close();
        setTimeout(() => server.closeAllConnections(), 2_000).unref();
      }),
  };
}
