/**
 * `proxy --record DIR`: what passed through, written as the recording `record` writes (same format,
 * same scrubbing: src/live/record.ts's toInterceptor and writeRecording) so `run --target replay`
 * replays it. The replay section `record` writes from its configuration (src/live/record-features.ts's
 * replayInfo) is inferred here from the traffic: the base URL the client called, the run id its run
 * tags carry, which secrets it sent. After every write the same secret scan runs over the file; one
 * hit deletes the file and stops recording (fail closed), and the proxy exits 1 when it stops.
 */
import { rmSync } from 'node:fs';
import { PLACEHOLDERS, scanPaths, toInterceptor, writeRecording, type RecordedInterceptor, type Verdict } from '../live/record.ts';
import { replayInfo } from '../live/record-features.ts';
import type { FeatureRecording, ReplayInfo } from '../live/replay.ts';
import { currentRunId, runIdIn } from '../live/run.ts';
import { DEFAULT_VERSION, isServicesVersion, type ServicesVersion } from '../contract/namespaces.ts';
import { serviceOperation } from '../contract/services.ts';
import { fragmentHint, type NamedSecret } from '../live/secrets.ts';
import type { Exchange } from '../live/soap-client.ts';
import type { ServiceId } from '../contract/services.ts';
import type { PassedExchange } from './index.ts';
import { parseXml } from '../xml/parse.ts';
import type { XElement } from '../xml/tree.ts';
import { envelopeView } from '../contract/envelope-view.ts';
import { responseOutcome } from '../contract/outcome.ts';

export interface RecorderOptions {
  dir: string;
  upstream: string;
  version: number;
  /** File name without `.json`; default `proxy-YYYY-MM-DD`. */
  name?: string;
  /** Wait this long after an exchange before writing (a burst is written once). Default 200 ms. */
  debounceMs?: number;
  /** Most exchanges kept; later ones are not recorded (said once). Default 2000. */
  maxExchanges?: number;
  warn: (line: string) => void;
  date?: Date;
}

export interface Recorder {
  add(x: PassedExchange): void;
  /** Writes what is pending; false when the secret scan failed (nothing is left on disk then). */
  close(): boolean;
  /** The recording file, once written. */
  readonly path: string | undefined;
}

const ROUTE = /\/Remote\/Services\d\d\/([A-Za-z]+)\.svc$/i;

/** The customer id is the path segment before /Remote/ (Online's Cust12345); on-site bases have none. */
function customerIdOf(pathname: string): string | undefined {
  const m = /^\/([^/]+)\/Remote\//i.exec(pathname);
  return m ? decodeURIComponent(m[1]!) : undefined;
}

function labelOf(x: PassedExchange, pathname: string): { service: string; operation: string } {
  const service = ROUTE.exec(pathname)?.[1] ?? pathname.split('/').filter(Boolean).pop() ?? 'unknown';
  // The operation the client meant is the Body's first element (a wrong SOAPAction is still that call).
  const first = /<(?:[\w.-]+:)?Body\b[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/.exec(new TextDecoder().decode(x.requestBody.subarray(0, 64 * 1024)))?.[1];
  const action = (x.requestHeaders['soapaction'] ?? /action="([^"]*)"/.exec(x.requestHeaders['content-type'] ?? '')?.[1] ?? '').replace(/^"|"$/g, '');
  const operation = x.method === 'GET' ? 'wsdl' : first || action.split('/').pop() || x.method;
  return { service, operation };
}

/** The answer's outcome in the one vocabulary (src/contract/outcome.ts), as the live client reads it. */
function outcomeOf(text: Uint8Array): Verdict['outcome'] {
  const parsed = parseXml(text);
  if (!parsed.ok) return 'not-soap';
  const env = parsed.doc.root;
  // Succeeded is the same header block in every NetServer service: the service namespace's own.
  return responseOutcome(envelopeView(parsed.doc), (b) => b.local === 'Succeeded' && b.ns !== env.ns);
}

/** The first text of a request child named `local` (a user name), XML-unescaped by the parser. */
function childText(body: string, local: string): string | undefined {
  const parsed = parseXml(body);
  if (!parsed.ok) return undefined;
  const find = (e: XElement): XElement | undefined => (e.local === local ? e : e.children.map(find).find((x) => x));
  return find(parsed.doc.root)?.text;
}

/**
 * What a replay needs, read from what passed through: the client's base URL (recorded against the
 * upstream, with the customer id hidden), its run id, its user name, and which secrets it had: a
 * password when a login was answered with a ticket, a ticket when one was sent without such a login.
 * The destructive scenarios ran when the run created a chat topic.
 */
function inferReplay(base: URL, version: ServicesVersion, runId: string, interceptors: RecordedInterceptor[], customerId: string | undefined): ReplayInfo {
  const auth = serviceOperation('SoPrincipal', 'AuthenticateUsernamePassword', version);
  const logins = interceptors.filter((i) => i.label === `SoPrincipal.${auth.operation}`);
  const login = logins.find((i) => i.body.includes(PLACEHOLDERS.ticket));
  const sent = (p: string) => interceptors.some((i) => i.requestBody.includes(p));
  return replayInfo(
    {
      baseUrl: base,
      servicesVersion: version,
      userName: childText((login ?? logins[0])?.requestBody ?? '', auth.requestChildren[0]!),
      secrets: { applicationToken: sent(PLACEHOLDERS.applicationToken), password: !!login, ticket: !login && sent(PLACEHOLDERS.ticket) },
      runId,
      destructive: interceptors.some((i) => i.label === 'Chat.SaveChatTopicEntity'),
      selection: 'what the client drove through the proxy',
    },
    customerId,
  );
}

export function startRecorder(o: RecorderOptions): Recorder {
  const interceptors: RecordedInterceptor[] = [];
  const verdicts: Verdict[] = [];
  const discovered: NamedSecret[] = [];
  const upstream = new URL(o.upstream);
  const name = o.name ?? `proxy-${(o.date ?? new Date()).toISOString().slice(0, 10)}`;
  const max = o.maxExchanges ?? 2000;
  let customerId: string | undefined;
  let base: URL | undefined;
  let version: ServicesVersion | undefined;
  let runId: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let path: string | undefined;
  let failed = false;
  let full = false;

  const write = (): boolean => {
    timer = undefined;
    if (failed) return false;
    const recording: FeatureRecording = {
      provenance: {
        origin: 'recorded',
        statement: `Recorded by so-conformance proxy in front of ${upstream.host}; secrets and the customer id replaced by placeholders before writing.`,
        generator: 'so-conformance proxy --record (src/cli/proxy.ts)',
        date: (o.date ?? new Date()).toISOString().slice(0, 10),
        host: customerId ? upstream.host.split(customerId).join(PLACEHOLDERS.customerId) : upstream.host,
        servicesVersion: o.version,
        source: 'proxy',
      },
      verdicts,
      interceptors,
      // A run whose bytes carry no run tag sends the same bytes under any id.
      replay: inferReplay(base ?? upstream, version ?? (isServicesVersion(o.version) ? o.version : DEFAULT_VERSION), runId ?? currentRunId(), interceptors, customerId),
    };
    path = writeRecording(o.dir, name, recording);
    const secrets = [...new Map(discovered.map((d) => [d.value, d])).values()];
    const hits = scanPaths([path], secrets);
    if (hits.length) {
      rmSync(path, { force: true });
      for (const h of hits) o.warn(`SECRET FOUND: ${h.secret} (${h.form}) in ${h.file}`);
      const hint = fragmentHint(hits);
      if (hint) o.warn(`hint: ${hint}`);
      o.warn(`the secret scan failed (${hits.length} hit(s)): the recording was deleted and recording stopped`);
      failed = true;
      path = undefined;
      return false;
    }
    return true;
  };

  return {
    get path() {
      return path;
    },
    add(x) {
      if (failed) return;
      if (interceptors.length >= max) {
        if (!full) o.warn(`the recording holds ${max} exchanges; later ones are not recorded`);
        full = true;
        return;
      }
      const url = new URL(x.url);
      customerId ??= customerIdOf(url.pathname);
      // The base URL is what comes before /Remote/ (the client's SoapClient appends the service path).
      base ??= /\/Remote\//i.test(url.pathname) ? new URL(url.pathname.replace(/\/Remote\/.*$/is, ''), url.origin) : undefined;
      const v = Number(/\/Services(\d\d)\//i.exec(url.pathname)?.[1]);
      if (!version && isServicesVersion(v) && /CustomerService|SoPrincipal/i.test(url.pathname)) version = v;
      // Read before scrubbing: a wrong password carries the run tag, and the scrub hides it.
      runId ??= runIdIn(new TextDecoder().decode(x.requestBody.subarray(0, 64 * 1024)));
      const { service, operation } = labelOf(x, url.pathname);
      const exchange: Exchange = {
        service: service as ServiceId,
        operation,
        // Host named the proxy; the interceptor's scope names the upstream.
        ok: true,
        request: { url: x.url, method: x.method, headers: Object.fromEntries(Object.entries(x.requestHeaders).filter(([k]) => k !== 'host')), bytes: x.requestBody },
        response: { status: x.status, statusText: '', headers: x.responseHeaders, bytes: x.responseText },
        durationMs: 0,
        at: new Date().toISOString(),
      };
      const i = toInterceptor(exchange, customerId, discovered);
      if (!i) return;
      interceptors.push(i);
      verdicts.push({ label: i.label, status: x.status, outcome: outcomeOf(x.responseText) });
      timer ??= setTimeout(write, o.debounceMs ?? 200);
    },
    close() {
      if (timer) clearTimeout(timer);
      if (failed) return false;
      return write();
    },
  };
}
