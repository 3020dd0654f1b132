/**
 * The recent exchanges the live verdict page shows (`serve` and `proxy`). Bounded twice: a fixed
 * number of exchanges and a byte budget for the bodies kept (oldest bodies are dropped first), so a
 * long session costs a fixed amount of memory. Bodies are kept as received and redacted when the page
 * asks for one (the redaction cost is paid per view, not per request); nothing this module hands
 * out contains a secret.
 */
import type { Violation } from '../../contract/rule.ts';
import { catalogueData, ruleById } from '../../contract/catalogue.ts';
import { decodeXml } from '../../xml/decode.ts';
import { looksLikeXml } from '../attachments.ts';
import { redactHeaders, redactText, redactXml, type Secrets } from '../redact.ts';
import { placeMapper, type Place } from './positions.ts';

export interface MessageVerdict {
  conformant: boolean;
  outcome?: string;
  violations: Violation[];
}

export interface PageMessageInput {
  label: 'request' | 'response';
  /** `POST /path HTTP/1.1` or `HTTP/1.1 200 OK`. */
  startLine: string;
  headers: Record<string, string>;
  /** The body the rules judged (line and column of each violation refer to it). */
  body: Uint8Array;
  /** null: this message was not judged (say why in `note`). */
  verdict: MessageVerdict | null;
  note?: string;
}

export interface PageExchangeInput {
  time: string;
  method: string;
  path: string;
  status: number;
  /** null: not judged. */
  conformant: boolean | null;
  /** One line of plain words, for the list (rule ids and outcomes, never message content). */
  summary: string;
  messages: PageMessageInput[];
  /**
   * Secret values known for this exchange (Ticket, ApplicationToken), redacted on top of the
   * element-based redaction; a function is called only when a message is shown.
   */
  secrets: Known | (() => Known);
}

/** Secret values as the redactor takes them: a list, or a Secrets that already learned the message. */
type Known = readonly string[] | Secrets;

/** One row of the page's list: the exchange's plain facts, its id and the rules it broke. */
export type PageSummary = Pick<PageExchangeInput, 'time' | 'method' | 'path' | 'status' | 'conformant' | 'summary'> & { id: number; rules: string[] };

export interface PageViolation extends Violation {
  /** Where the violation sits in the redacted body shown (null when it has no location). */
  mark: Place | null;
}

export interface PageMessage {
  label: 'request' | 'response';
  head: string;
  body: string;
  /** Bytes not shown (the body was longer than the page keeps), or -1 when the body was dropped to keep memory bounded. */
  omittedBytes: number;
  verdict: (Omit<MessageVerdict, 'violations'> & { violations: PageViolation[] }) | null;
  note?: string;
}

export interface RuleInfo {
  id: string;
  severity: string;
  statement: string;
  hint: string;
  /** What a WCF server does with such a message, when the catalogue says. */
  consequence?: string;
}

export type PageExchange = PageSummary & {
  messages: PageMessage[];
  ruleInfo: Record<string, RuleInfo>;
};

/** A message kept raw (redacted when viewed) or, when it is too long to keep whole, redacted and cut on arrival. */
type Kept = { raw: PageMessageInput } | { ready: PageMessage };

interface Stored {
  /** As given; `shown` is the redacted copy, made the first time the page asks. */
  summary: PageSummary;
  shown?: PageSummary;
  messages: Kept[];
  secrets: () => Known;
  bytes: number;
  bodiesDropped: boolean;
}

/** Bodies longer than this are shown cut (the verdict still covers the whole message). */
export const MAX_SHOWN_BYTES = 512 * 1024;

export class ExchangeLog {
  private readonly items: Stored[] = [];
  private nextId = 1;
  private storedBytes = 0;

  constructor(
    private readonly capacity = 100,
    private readonly maxStoredBytes = 16 * 1024 * 1024,
  ) {}

  add(x: PageExchangeInput): number {
    const id = this.nextId++;
    if (this.capacity <= 0) return id;
    // Bodies are kept as received (within maxStoredBytes) and redacted only when the page shows them:
    // redacting a long one here cost serve a pass over it for every request, shown or not.
    let known: Known | undefined;
    const secrets = () => (known ??= typeof x.secrets === 'function' ? x.secrets() : x.secrets);
    const messages: Kept[] = x.messages.map((m) => ({ raw: m }));
    const bytes = messages.reduce((n, m) => n + ('raw' in m ? m.raw.body.byteLength : m.ready.body.length * 2), 0);
    const rules = [...new Set(x.messages.flatMap((m) => m.verdict?.violations.map((v) => v.rule) ?? []))];
    const summary: PageSummary = { id, time: x.time, method: x.method, path: x.path, status: x.status, conformant: x.conformant, summary: x.summary, rules };
    this.items.push({ summary, messages, secrets, bytes, bodiesDropped: false });
    this.storedBytes += bytes;
    while (this.items.length > this.capacity) this.storedBytes -= this.items.shift()!.bytes;
    for (const s of this.items) {
      if (this.storedBytes <= this.maxStoredBytes) break;
      if (s.bodiesDropped) continue;
      this.storedBytes -= s.bytes;
      s.bytes = 0;
      s.bodiesDropped = true;
      s.messages = s.messages.map((m) => ({ ready: withoutBody('raw' in m ? showMessage({ ...m.raw, body: new Uint8Array(0) }, s.secrets(), true) : m.ready) }));
    }
    return id;
  }

  /** Newest first; only exchanges with an id above `after`. */
  list(after = 0): PageSummary[] {
    const out: PageSummary[] = [];
    for (let i = this.items.length - 1; i >= 0 && this.items[i]!.summary.id > after; i--) out.push(shownSummary(this.items[i]!));
    return out;
  }

  detail(id: number): PageExchange | undefined {
    const s = this.items.find((x) => x.summary.id === id);
    if (!s) return undefined;
    // A long body is redacted whole before it is cut: cutting first could split a secret and leave its prefix.
    const messages = s.messages.map((m) => ('raw' in m ? cut(showMessage(m.raw, s.secrets(), false)) : m.ready));
    const ruleInfo: Record<string, RuleInfo> = {};
    for (const id of s.summary.rules) ruleInfo[id] = ruleInfoOf(id);
    return { ...shownSummary(s), messages, ruleInfo };
  }
}

function shownSummary(s: Stored): PageSummary {
  return (s.shown ??= { ...s.summary, path: redactText(s.summary.path, s.secrets()), summary: redactText(s.summary.summary, s.secrets()) });
}

let consequences: Map<string, string> | undefined;
/**
 * What a WCF server does with a message breaking the rule, when the catalogue says: its data carries a
 * `consequence` (a line, or an object with a `summary`).
 */
export function consequenceText(id: string): string | undefined {
  consequences ??= new Map(
    catalogueData().flatMap((r) => {
      const c = (r as { consequence?: unknown }).consequence;
      const text = typeof c === 'string' ? c : typeof c === 'object' && c !== null && typeof (c as { summary?: unknown }).summary === 'string' ? (c as { summary: string }).summary : undefined;
      return text ? [[r.id, text] as const] : [];
    }),
  );
  return consequences.get(id);
}

function ruleInfoOf(id: string): RuleInfo {
  try {
    const r = ruleById(id);
    const consequence = consequenceText(id);
    return { id, severity: r.severity, statement: r.statement, hint: r.hint, ...(consequence ? { consequence } : {}) };
  } catch {
    return { id, severity: 'error', statement: '(not in this catalogue)', hint: '' };
  }
}

function bodyText(bytes: Uint8Array): string {
  const d = decodeXml(bytes);
  return 'text' in d ? d.text : new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

function withoutBody(m: PageMessage): PageMessage {
  const verdict = m.verdict && { ...m.verdict, violations: m.verdict.violations.map((v) => ({ ...v, mark: null })) };
  return { ...m, body: '', omittedBytes: -1, verdict };
}

/** Keeps the first MAX_SHOWN_BYTES characters of an already redacted message; marks past the cut lose their place. */
function cut(m: PageMessage): PageMessage {
  if (m.body.length <= MAX_SHOWN_BYTES) return m;
  const body = m.body.slice(0, MAX_SHOWN_BYTES);
  const lines = body.split('\n');
  const inside = (p: Place) => p.line < lines.length || (p.line === lines.length && p.column <= lines[lines.length - 1]!.length);
  const verdict = m.verdict && { ...m.verdict, violations: m.verdict.violations.map((v) => ({ ...v, mark: v.mark && inside(v.mark) ? v.mark : null })) };
  return { ...m, body, omittedBytes: m.body.length - body.length, verdict };
}

function showMessage(m: PageMessageInput, secrets: Known, dropped: boolean): PageMessage {
  const text = bodyText(m.body);
  const body = looksLikeXml(m.body) ? redactXml(text, secrets) : redactText(text, secrets);
  const map = placeMapper(text, body);
  const head = [redactText(m.startLine, secrets), ...Object.entries(redactHeaders(m.headers, secrets)).map(([k, v]) => `${k}: ${v}`)].join('\n');
  const verdict = m.verdict && {
    ...m.verdict,
    violations: m.verdict.violations.map((v) => ({
      ...v,
      message: redactText(v.message, secrets),
      ...(v.hint ? { hint: redactText(v.hint, secrets) } : {}),
      mark: v.line !== null && v.column !== null && !dropped ? (map({ line: v.line, column: v.column }) ?? null) : null,
    })),
  };
  return { label: m.label, head, body, omittedBytes: dropped ? -1 : 0, verdict, ...(m.note ? { note: m.note } : {}) };
}
