/**
 * Recording a live run as nock fixtures. Before anything is written, secrets are replaced by
 * placeholders: the text of Ticket, ApplicationToken and Password elements (found in the project's
 * parse tree), headers by name (Cookie, Set-Cookie, Authorization) and the customer id in paths and
 * bodies; the one redactor (src/report/redact.ts) removes what is left of those values anywhere.
 * Afterwards a secret scan over everything written (fixtures, reports, log) fails the run if any
 * configured secret shows up in any form, or any 8-character fragment of one.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { headerChild, requiredRequestHeader } from '../contract/header-roles.ts';
import { esc } from '../xml/writer.ts';
import { parseXml } from '../xml/parse.ts';
import type { XElement } from '../xml/tree.ts';
import { Secrets, SECRET_HTTP_HEADERS } from '../report/redact.ts';
import { findSecrets, type NamedSecret, type SecretHit } from './secrets.ts';
import type { LiveRun } from './run.ts';
import { bodyText, type Exchange, type SoapResult } from './soap-client.ts';
import { serviceOperation } from '../contract/services.ts';
import type { Outcome } from '../contract/outcome.ts';

export const PLACEHOLDERS = {
  ticket: '__TICKET__',
  applicationToken: '__APPLICATION_TOKEN__',
  password: '__PASSWORD__',
  customerId: '__CUSTOMER_ID__',
  header: '__REDACTED__',
} as const;

/** A deliberately invalid ticket the flow sends: public, so it stays readable in fixtures. */
export const INVALID_TICKET = 'invalid-ticket-so-conformance';

/** Transport details that would make a replay lie (the body is stored decoded). */
const DROPPED_HEADERS = new Set(['content-length', 'content-encoding', 'transfer-encoding', 'connection', 'keep-alive', 'date']);

export interface RecordedInterceptor {
  label: string;
  scope: string;
  method: string;
  path: string;
  reqheaders: Record<string, string>;
  requestBody: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Provenance {
  origin: 'recorded';
  statement: string;
  generator: string;
  date: string;
  /** Host only: never the customer id. */
  host: string;
  netServerVersion?: string;
  servicesVersion: number;
  source: string;
}

export interface Recording {
  provenance: Provenance;
  verdicts: Verdict[];
  interceptors: RecordedInterceptor[];
}

export interface Verdict {
  label: string;
  status?: number;
  /** The response's outcome (src/contract/outcome.ts); `error` for a flow step that failed. */
  outcome: Outcome | 'error';
  succeeded?: boolean;
  detail?: string;
}

/** Element local names whose text is a secret, read from the contract (never retyped). */
function secretElementNames(): { name: string; placeholder: string }[] {
  const c = deleteChatSessionsContract();
  const cred = requiredRequestHeader(c, 'credentials');
  const token = requiredRequestHeader(c, 'applicationToken');
  const password = serviceOperation('SoPrincipal', 'AuthenticateUsernamePassword').requestChildren[1];
  return [
    { name: headerChild(cred, 0), placeholder: PLACEHOLDERS.ticket },
    { name: token.element.local, placeholder: PLACEHOLDERS.applicationToken },
    { name: password!, placeholder: PLACEHOLDERS.password },
  ];
}

const PUBLIC_VALUES = [...Object.values(PLACEHOLDERS), INVALID_TICKET];

/**
 * Replaces the text of secret elements (found in the project's parse tree, by local name from the
 * contract) with placeholders, keeping every other byte; then the one redactor removes what is left
 * of their values anywhere else (attributes, comments, an echo in a fault), and redacts a body that
 * does not parse.
 */
export function scrubXml(body: string, discovered: NamedSecret[] = [], known?: Secrets): string {
  const rest = known ?? exchangeSecrets(body);
  if (!body.trim().startsWith('<')) return rest.redact(body);
  const parsed = parseXml(body);
  if (!parsed.ok) return rest.redact(body);
  const placeholders = new Map(secretElementNames().map((s) => [s.name, s.placeholder]));
  let out = body;
  const stack: XElement[] = [parsed.doc.root];
  while (stack.length) {
    const el = stack.pop()!;
    // A loop, not push(...): an element may have more children than a call takes arguments.
    for (const c of el.children) stack.push(c);
    const placeholder = placeholders.get(el.local);
    const value = el.text;
    if (placeholder === undefined || !value || value === placeholder || value === INVALID_TICKET) continue;
    discovered.push({ name: placeholder.replace(/_/g, '').toLowerCase(), value });
    out = out.split(`>${esc(value)}<`).join(`>${placeholder}<`).split(`>${value}<`).join(`>${placeholder}<`);
  }
  return rest.redact(out);
}

/** The secrets of the messages of one exchange (either side may echo the other's), placeholders excepted. */
function exchangeSecrets(...texts: string[]): Secrets {
  const s = new Secrets([], { except: PUBLIC_VALUES });
  for (const t of texts) s.learnText(t);
  return s;
}

function scrubHeaders(h: Record<string, string>, customerId: string | undefined, known: Secrets): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const name = k.toLowerCase();
    if (DROPPED_HEADERS.has(name)) continue;
    out[name] = SECRET_HTTP_HEADERS.has(name) ? PLACEHOLDERS.header : known.redact(customerId ? v.split(customerId).join(PLACEHOLDERS.customerId) : v);
  }
  return out;
}

/** One exchange as a scrubbed nock interceptor (exchanges that failed in transport are not recorded). */
export function toInterceptor(x: Exchange, customerId: string | undefined, discovered: NamedSecret[]): RecordedInterceptor | undefined {
  if (!x.ok) return undefined;
  const url = new URL(x.request.url);
  const cust = (s: string) => (customerId ? s.split(customerId).join(PLACEHOLDERS.customerId) : s);
  const known = exchangeSecrets(bodyText(x.request.bytes), bodyText(x.response.bytes)).learnHeaders(x.request.headers).learnHeaders(x.response.headers);
  return {
    label: `${x.service}.${x.operation}`,
    scope: url.origin,
    method: x.request.method,
    path: known.redact(cust(url.pathname + url.search)),
    reqheaders: scrubHeaders(x.request.headers, customerId, known),
    requestBody: cust(scrubXml(bodyText(x.request.bytes), discovered, known)),
    status: x.response.status,
    headers: scrubHeaders(x.response.headers, customerId, known),
    body: cust(scrubXml(bodyText(x.response.bytes), discovered, known)),
  };
}

export function verdictOf(label: string, r: SoapResult): Verdict {
  return { label, status: r.status, outcome: r.outcome, succeeded: r.succeeded, detail: r.fault?.code ?? r.exceptionInfo?.exceptionType ?? undefined };
}

/**
 * The recorded flow: reachability, ticket, the read-only DeleteChatSessions variants and, when the
 * run may be destructive, the create → delete → verify round trip. Cleanup always runs.
 */
export async function recordFlow(run: LiveRun, log: (line: string) => void = () => undefined): Promise<Verdict[]> {
  const verdicts: Verdict[] = [];
  const keep = (label: string, r: SoapResult) => {
    const v = verdictOf(label, r);
    verdicts.push(v);
    log(`${label}: HTTP ${v.status} ${v.outcome}${v.detail ? ` (${v.detail})` : ''}`);
    return r;
  };
  try {
    keep('GetSystemInfo', (await run.reach()).result);
    await run.login();
    for (const kind of ['omitted', 'nil', 'empty'] as const) keep(`DeleteChatSessions Ids ${kind}`, await run.deleteWithoutIds({ kind }));
    keep('DeleteChatSessions invalid ticket', await run.deleteWithoutIds({ kind: 'empty' }, { ticket: INVALID_TICKET }));
    keep('DeleteChatSessions wrong SOAPAction', await run.deleteWithoutIds({ kind: 'empty' }, { soapAction: `${run.client.contract.soapAction}Wrong` }));
    keep('DeleteChatSessions SOAP 1.2', await run.deleteWithoutIds({ kind: 'empty' }, { profile: 'soap12' }));
    if (run.refusal(true) === undefined) {
      const ids = await run.createThrowAwaySessions(2);
      keep('DeleteChatSessions own ids', await run.deleteOwnSessions(ids));
      const v = await run.verifyGone(ids);
      verdicts.push({ label: 'verification', outcome: v.gone ? 'success' : 'error', detail: `attempts=${v.attempts}` });
      log(`verification: ${v.gone ? 'gone' : `still there: ${[...v.stillListed, ...v.stillFound].join(', ')}`}`);
    } else {
      log(`destructive round trip skipped: ${run.refusal(true)}`);
    }
  } finally {
    const problems = await run.cleanup();
    for (const p of problems) log(`cleanup: ${p}`);
  }
  return verdicts;
}

export function buildRecording(run: LiveRun, verdicts: Verdict[], options: { customerId?: string; recordedFrom: string; date?: Date }): { recording: Recording; discovered: NamedSecret[] } {
  const discovered: NamedSecret[] = [];
  const interceptors = run.exchanges.map((x) => toInterceptor(x, options.customerId, discovered)).filter((x): x is RecordedInterceptor => !!x);
  const host = run.config.baseUrl.host;
  const unique = [...new Map(discovered.map((d) => [d.value, d])).values()];
  return {
    discovered: unique,
    recording: {
      provenance: {
        origin: 'recorded',
        statement: `Recorded by so-conformance record from ${options.recordedFrom}; secrets and the customer id replaced by placeholders before writing.`,
        generator: 'so-conformance record (src/cli/record.ts)',
        date: (options.date ?? new Date()).toISOString().slice(0, 10),
        host: options.customerId ? host.split(options.customerId).join(PLACEHOLDERS.customerId) : host,
        netServerVersion: run.systemInfo?.version,
        servicesVersion: run.config.servicesVersion,
        source: 'live target',
      },
      verdicts,
      interceptors,
    },
  };
}

export function writeRecording(dir: string, name: string, recording: Recording): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(recording, null, 2) + '\n');
  return path;
}

const SCANNED = /\.(json|ndjson|html|xml|log|txt)$/i;
const MAX_SCAN_BYTES = 64 * 1024 * 1024;

/** Scans files (and directories, recursively) for any form of any secret; names, never values. */
export function scanPaths(paths: string[], secrets: NamedSecret[]): SecretHit[] {
  const hits: SecretHit[] = [];
  const visit = (p: string) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) visit(join(p, e));
      return;
    }
    if (!SCANNED.test(p) || st.size > MAX_SCAN_BYTES) return;
    for (const h of findSecrets(p, readFileSync(p, 'utf8'), secrets)) hits.push(h);
  };
  for (const p of paths) visit(p);
  return hits;
}
