/**
 * Measures what the WCF reference does with each rule's violating cases (test/unit/rule-cases.ts):
 * each case goes over a raw TCP socket (so a broken HTTP message reaches the server as written), and
 * the reply is classified into a consequence kind. test/wcf/consequences.test.ts compares the result
 * with the catalogue's data (src/contract/consequences.ts).
 */
import { connect } from 'node:net';
import { NS } from '../../src/contract/namespaces.ts';
import { buildRequest } from '../../src/envelope/request.ts';
import { rules } from '../../src/contract/catalogue.ts';
import { KIND_ORDER, type Consequence, type ConsequenceKind, type Outcome } from '../../src/contract/consequences.ts';
import { ruleCases, type RuleCase } from '../unit/rule-cases.ts';
import { C, envelope, headerBlocks } from '../unit/helpers.ts';
import { READ_HEADER } from '../../steps/support/wcf-source.ts';
import type { ReadByOperation, RunningReference } from './reference.ts';

export interface RawReply {
  /** null: the connection closed (or timed out) without an HTTP status line. */
  status: number | null;
  /** No status line and the server closed the connection (rather than leaving it open until the timeout). */
  closedByServer: boolean;
  headers: Record<string, string>;
  body: string;
}

/** Sends raw bytes and reads until the server closes or a complete response has arrived. */
export function sendRaw(port: number, bytes: Buffer, timeoutMs = 15_000): Promise<RawReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const sock = connect({ host: '127.0.0.1', port });
    let done = false;
    const finish = (closedByServer: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      const r = parseReply(Buffer.concat(chunks));
      resolve({ status: r.status, headers: r.headers, body: r.body, closedByServer: r.status === null && closedByServer });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    // No half-close: a real client keeps its side open, so a server waiting for more body waits.
    sock.on('connect', () => sock.write(bytes));
    sock.on('data', (c: Buffer) => {
      chunks.push(c);
      const r = parseReply(Buffer.concat(chunks));
      if (r.status !== null && r.complete) finish(false);
    });
    sock.on('error', () => finish(true));
    sock.on('close', () => finish(true));
  });
}

function parseReply(all: Buffer): Omit<RawReply, 'closedByServer'> & { complete: boolean } {
  const end = all.indexOf('\r\n\r\n');
  if (end < 0) return { status: null, headers: {}, body: '', complete: false };
  const lines = all.subarray(0, end).toString('latin1').split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '');
  if (!m) return { status: null, headers: {}, body: '', complete: false };
  const headers: Record<string, string> = {};
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i > 0) headers[l.slice(0, i).trim().toLowerCase()] = l.slice(i + 1).trim();
  }
  let body = all.subarray(end + 4);
  let complete = false;
  if (headers['transfer-encoding']?.toLowerCase() === 'chunked') {
    const out: Buffer[] = [];
    let at = 0;
    for (;;) {
      const nl = body.indexOf('\r\n', at);
      if (nl < 0) break;
      const n = parseInt(body.subarray(at, nl).toString('latin1'), 16);
      if (Number.isNaN(n)) break;
      if (n === 0) {
        complete = true;
        break;
      }
      if (nl + 2 + n > body.length) break;
      out.push(body.subarray(nl + 2, nl + 2 + n));
      at = nl + 2 + n + 2;
    }
    body = Buffer.concat(out);
  } else if (headers['content-length'] !== undefined) {
    complete = body.length >= Number(headers['content-length']);
  }
  return { status: Number(m[1]), headers, body: body.toString('utf8'), complete };
}

const RAW_HTTP = /^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/;

/** The bytes on the wire for a case: raw HTTP as written (Host pointed at the reference), or a bare envelope framed as a conformant POST. */
export function wireBytes(input: string | Uint8Array, port: number): Buffer {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input);
  const head = bytes.subarray(0, 64).toString('latin1');
  if (RAW_HTTP.test(head)) {
    const text = bytes.toString('latin1');
    return Buffer.from(text.replace(/^host:[^\r\n]*/im, `host: 127.0.0.1:${port}`), 'latin1');
  }
  const headers = { host: `127.0.0.1:${port}`, ...buildRequest().headers, 'content-length': String(bytes.byteLength) };
  const lines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
  return Buffer.concat([Buffer.from(`POST ${C.endpointPath} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}

/** What the message meant, read leniently (any namespace, any placement): the values a sender intended to pass. */
export function intended(input: string | Uint8Array): { ids: number[]; ticket: string | null; applicationToken: string | null } {
  const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
  const val = (local: string) => {
    const m = new RegExp(`<(?:[\\w.-]+:)?${local}(?:\\s[^>]*)?>([^<]*)</`).exec(text);
    return m ? m[1]! : null;
  };
  const idsBlock = new RegExp(`<((?:[\\w.-]+:)?${C.ids.element.local})[\\s>][\\s\\S]*?</\\1>`).exec(text)?.[0] ?? '';
  const ids = [...idsBlock.matchAll(new RegExp(`<(?:[\\w.-]+:)?${C.ids.item.local}(?:\\s[^>]*)?>\\s*([+-]?\\d+)\\s*</`, 'g'))].map((m) => Number(m[1]));
  return { ids, ticket: val(C.requestHeaders.find((h) => h.children.length === 1)!.children[0]!), applicationToken: val(C.requestHeaders.find((h) => h.children.length === 0)!.element.local) };
}

export interface Observed {
  kind: Exclude<ConsequenceKind, 'not-observed'>;
  status: number | null;
  faultcode?: string;
  /** For silently-ignored: which of the values the sender meant were lost. */
  lost?: ('Ids' | 'Ticket' | 'ApplicationToken')[];
  read?: ReadByOperation;
}

export function classify(input: string | Uint8Array, r: RawReply): Observed {
  if (r.status === null) return { kind: r.closedByServer ? 'connection-dropped' : 'no-answer', status: null };
  if (r.status === 415) return { kind: 'http-415', status: 415 };
  const h = r.headers[READ_HEADER];
  if (r.status === 200 && h) {
    const read = JSON.parse(Buffer.from(h, 'base64').toString('utf8')) as ReadByOperation;
    const want = intended(input);
    const lost: Observed['lost'] = [];
    if (want.ids.length > 0 && (read.ids === null || read.ids.join(',') !== want.ids.join(','))) lost.push('Ids');
    if (want.ticket !== null && read.ticket !== want.ticket) lost.push('Ticket');
    if (want.applicationToken !== null && read.applicationToken !== want.applicationToken) lost.push('ApplicationToken');
    return lost.length ? { kind: 'silently-ignored', status: 200, lost, read } : { kind: 'accepted', status: 200, read };
  }
  const code = /<(?:\w+:)?faultcode(?:\s[^>]*)?>([^<]*)</.exec(r.body)?.[1]?.trim();
  if (code) return { kind: 'fault', status: r.status, faultcode: code.replace(/^.*:/, '') };
  if (r.body.trim() === '') return { kind: 'empty-response', status: r.status };
  return { kind: 'http-error', status: r.status };
}

/**
 * Cases a WCF endpoint can be sent: violating request cases judged under the WSDL profile and the
 * default version. Cases that only violate under tighter limits than validate's defaults are replaced
 * by one that breaks the default limits (EXTRA_CASES).
 */
export function casesFor(rule: string): RuleCase[] {
  const r = rules.find((x) => x.id === rule)!;
  if (r.appliesTo === 'response') return [];
  const own = ruleCases.filter((c) => c.rule === rule && c.violates && !c.options?.limits && !c.options?.version && c.options?.kind !== 'response');
  // A BasicHttpBinding endpoint is SOAP 1.1: a case written for the soap12 profile is sent only when the rule has no other.
  const soap11 = own.filter((c) => c.options?.profile !== 'soap12');
  return [...(soap11.length ? soap11 : own), ...(EXTRA_CASES[rule] ?? [])];
}

const deep = (n: number) => `<x:Trace xmlns:x="urn:example">${'<x:a>'.repeat(n)}${'</x:a>'.repeat(n)}</x:Trace>`;
const EXTRA_CASES: Record<string, RuleCase[]> = {
  'XML-006': [{ rule: 'XML-006', title: 'a header block nested deeper than the default limit (64)', input: envelope({ header: headerBlocks() + deep(70) }), violates: true }],
};

export interface Measured {
  rule: string;
  title: string;
  soap12Profile: boolean;
  observed: Observed;
  /** The reference stopped answering every later request (Mono's listener died): it was restarted. */
  killedListener: boolean;
}

/** A server that answers nothing within this long is counted as having dropped the connection. */
const NO_ANSWER_MS = 3_000;

/**
 * Sends every case of the rules, one at a time, each to a reference that answers a conformant
 * request; a case after which it no longer does is marked and the reference restarted.
 */
export async function measureRules(start: () => Promise<RunningReference>, ruleIds: readonly string[]): Promise<{ results: Measured[]; close(): Promise<void> }> {
  let ref = await start();
  const good = buildRequest().body;
  const results: Measured[] = [];
  for (const rule of ruleIds) {
    for (const c of casesFor(rule)) {
      const port = Number(new URL(ref.url).port);
      const reply = await sendRaw(port, wireBytes(c.input, port), NO_ANSWER_MS);
      const probe = classify(good, await sendRaw(port, wireBytes(good, port), NO_ANSWER_MS));
      const killedListener = probe.kind !== 'accepted';
      results.push({ rule, title: c.title, soap12Profile: c.options?.profile === 'soap12', observed: classify(c.input, reply), killedListener });
      if (killedListener) {
        await ref.close();
        ref = await start();
      }
    }
  }
  return { results, close: () => ref.close() };
}

export { NS };

/** The outcome of a case as catalogue data. */
export function outcomeOf(o: Observed): Outcome {
  const out: Outcome = { kind: o.kind };
  if (o.status !== null) out.status = o.status;
  if (o.faultcode) out.faultCode = o.faultcode;
  if (o.kind === 'silently-ignored') {
    const key = { Ids: 'ids', Ticket: 'ticket', ApplicationToken: 'applicationToken' } as const;
    const readOf = { Ids: o.read?.ids, Ticket: o.read?.ticket, ApplicationToken: o.read?.applicationToken };
    out.lost = (o.lost ?? []).map((l) => ({ value: key[l], readAs: readOf[l] === null || readOf[l] === undefined ? ('null' as const) : ('other' as const) }));
  }
  return out;
}

const same = (a: Outcome, b: Outcome) => JSON.stringify(a) === JSON.stringify(b);

/** Per rule: the headline outcome (KIND_ORDER), the differing others, and whether a case killed Mono's listener. */
export function consequencesFrom(ruleIds: readonly string[], results: readonly Measured[]): Record<string, Consequence> {
  const data: Record<string, Consequence> = {};
  for (const id of ruleIds) {
    const mine = results.filter((r) => r.rule === id);
    if (!mine.length) {
      data[id] = { kind: 'not-observed', also: [] };
      continue;
    }
    const outcomes: Outcome[] = [];
    for (const m of mine) {
      const o = outcomeOf(m.observed);
      // The silent losses of a rule's cases make one outcome: each case loses what it broke.
      const silent = o.kind === 'silently-ignored' ? outcomes.find((x) => x.kind === 'silently-ignored') : undefined;
      if (silent) {
        for (const l of o.lost ?? []) if (!silent.lost!.some((x) => x.value === l.value && x.readAs === l.readAs)) silent.lost!.push(l);
      } else if (!outcomes.some((x) => same(x, o))) outcomes.push(o);
    }
    const sorted = [...outcomes].sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
    const [head, ...also] = sorted;
    data[id] = { ...head!, also, ...(mine.some((m) => m.killedListener) ? { killsMonoListener: true } : {}) };
  }
  return data;
}
