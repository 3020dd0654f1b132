/**
 * THE redactor: every output of the suite (validate's human and JSON lines, serve's Faults, verdicts
 * and log, report attachments, recordings, drift reports) passes through a `Redactor` before it is
 * written. One marker, `[redacted]`, everywhere.
 *
 * A redactor knows secret values from two sources:
 * - the message at hand: the content of every element the contract names as a secret carrier
 *   (Ticket, ApplicationToken, Password), wherever it sits (element text, CDATA, attribute values,
 *   comments), found lexically in the decoded text so that a document that cannot be parsed, or is
 *   cut short, is covered too; plus the values the parser's tree holds (whitespace-normalised);
 * - values known from configuration or the environment (live runs, the World's credentials).
 *
 * It removes every fragment of an output that overlaps a secret by OVERLAP characters or more (any
 * common substring, not just the whole value): a message that quotes the first 40 characters of a
 * 60-character ticket loses those 40 characters. Secrets shorter than OVERLAP cannot share OVERLAP
 * characters with anything, so they are replaced where they occur whole.
 *
 * Cost: every OVERLAP-gram of every secret form is indexed once by a rolling hash (secrets are
 * short); an output is scanned once with a rolling window, and only hash hits are compared. Linear
 * in the output, whatever the secrets.
 */
import type { OperationContract } from '../contract/wsdl.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { requestHeader } from '../contract/header-roles.ts';
import { decodeXml } from '../xml/decode.ts';
import type { XElement } from '../xml/tree.ts';
import type { ParseResult } from '../xml/parse.ts';
import { vendoredWsdl } from '../contract/files.ts';
import { NS, DEFAULT_VERSION } from '../contract/namespaces.ts';
import { parseXml } from '../xml/parse.ts';
import { attr } from '../xml/tree.ts';

export const REDACTED = '[redacted]';
/** Any common substring of this many characters with a secret is redacted. */
export const OVERLAP = 8;
/** Shorter values are not secrets worth looking for: they would redact ordinary text such as an id. */
export const MIN_SECRET = 4;

/** HTTP headers whose values are credentials (HTTP's names, not the contract's). */
export const SECRET_HTTP_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'www-authenticate']);

const namesByContract = new WeakMap<OperationContract, ReadonlySet<string>>();

/**
 * Local names of the elements whose content is a secret, read from the contract (default: the
 * default version's, which names them as every version does): the ApplicationToken header block
 * and the fields of Credentials (Ticket), and SoPrincipal's password parameter.
 */
export function secretElementNames(contract: OperationContract = deleteChatSessionsContract()): ReadonlySet<string> {
  const known = namesByContract.get(contract);
  if (known) return known;
  const out = contractSecretNames(contract);
  for (const p of passwordParameters()) out.add(p);
  namesByContract.set(contract, out);
  return out;
}

/** The SoPrincipal operation whose parameters carry a password (the live flow's login). */
const LOGIN_OPERATION = 'AuthenticateUsernamePassword';
let passwords: readonly string[] | undefined;

/**
 * The password parameters of SoPrincipal's login, read from its vendored WSDL's schema with the
 * project's own reader: a millisecond, where the general WSDL loader (xmldom) would add tens of them
 * to every start of `validate`, which otherwise never loads SoPrincipal.
 */
function passwordParameters(): readonly string[] {
  if (passwords) return passwords;
  const found = new Set<string>();
  const parsed = parseXml(vendoredWsdl('SoPrincipal', DEFAULT_VERSION).text);
  const stack = parsed.ok ? [parsed.doc.root] : [];
  while (stack.length) {
    const el = stack.pop()!;
    const isDecl = el.ns === NS.xs && el.local === 'element';
    if (isDecl && attr(el, '', 'name')?.value === LOGIN_OPERATION) {
      const inner = [...el.children];
      while (inner.length) {
        const d = inner.pop()!;
        const name = d.ns === NS.xs && d.local === 'element' ? attr(d, '', 'name')?.value : undefined;
        if (name && /password/i.test(name)) found.add(name);
        inner.push(...d.children);
      }
    } else stack.push(...el.children);
  }
  if (!found.size) throw new Error(`WSDL: SoPrincipal's ${LOGIN_OPERATION} declares no password parameter; the redactor would not know it`);
  passwords = [...found];
  return passwords;
}

/** The secret carriers of one operation contract: the ApplicationToken block and the Credentials fields. */
export function contractSecretNames(contract: OperationContract): Set<string> {
  const out = new Set<string>();
  const token = requestHeader(contract, 'applicationToken');
  if (token) out.add(token.element.local);
  for (const c of requestHeader(contract, 'credentials')?.children ?? []) out.add(c);
  return out;
}

// ---- the index ------------------------------------------------------------------------------

const B = 0x9e3779b1 | 0;
/** B^(OVERLAP-1) mod 2^32, to drop the character leaving the window. */
const B_TOP = (() => {
  let p = 1;
  for (let i = 1; i < OVERLAP; i++) p = Math.imul(p, B);
  return p;
})();
/** Joins secret texts; never inside a window (U+0000 is not an XML character). */
const SEP = '\u0000';

function hashAt(s: string, from: number): number {
  let h = 0;
  for (let i = from; i < from + OVERLAP; i++) h = (Math.imul(h, B) + s.charCodeAt(i)) | 0;
  return h;
}

function sameGram(a: string, i: number, b: string, j: number): boolean {
  for (let k = 0; k < OVERLAP; k++) if (a.charCodeAt(i + k) !== b.charCodeAt(j + k)) return false;
  return true;
}

/**
 * The OVERLAP-windows of a string that do not contain SEP, with their rolling hash: `next()` moves
 * to the next one. A class rather than a callback so the hot loops allocate nothing per window.
 */
class Windows {
  h = 0;
  at = -1;
  private sep = -1;

  constructor(private readonly s: string) {}

  next(): boolean {
    const s = this.s;
    for (;;) {
      if (this.at < 0) {
        if (s.length < OVERLAP) return false;
        this.at = 0;
        this.h = hashAt(s, 0);
        this.sep = s.lastIndexOf(SEP, OVERLAP - 1);
      } else {
        const i = this.at;
        if (i + OVERLAP >= s.length) return false;
        const c = s.charCodeAt(i + OVERLAP);
        if (c === 0) this.sep = i + OVERLAP;
        this.h = (Math.imul(this.h - Math.imul(s.charCodeAt(i), B_TOP), B) + c) | 0;
        this.at = i + 1;
      }
      if (this.sep < this.at) return true;
    }
  }
}

/**
 * Open addressing over the windows of one text: 4 bytes a slot, positions only (the text is the
 * key store), so the index stays a small multiple of the secrets. With `chains`, every position of
 * a repeated window is kept (for the reverse scan, where the output is indexed).
 */
class GramTable {
  private readonly slots: Int32Array;
  private readonly mask: number;
  readonly next: Int32Array | undefined;

  constructor(
    readonly text: string,
    chains: boolean,
  ) {
    let size = 16;
    while (size < text.length * 2) size *= 2;
    this.slots = new Int32Array(size);
    this.mask = size - 1;
    this.next = chains ? new Int32Array(text.length).fill(-1) : undefined;
    const w = new Windows(text);
    while (w.next()) this.insert(w.at, w.h);
  }

  private insert(at: number, h: number): void {
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const p = this.slots[s]! - 1;
      if (p < 0) {
        this.slots[s] = at + 1;
        return;
      }
      if (sameGram(this.text, p, this.text, at)) {
        if (this.next) {
          this.next[at] = this.next[p]!;
          this.next[p] = at;
        }
        return;
      }
    }
  }

  /** Position in `text` of the window equal to `other`'s window at `j` (hash `h`), or -1. */
  find(other: string, j: number, h: number): number {
    for (let s = h & this.mask; ; s = (s + 1) & this.mask) {
      const p = this.slots[s]! - 1;
      if (p < 0) return -1;
      if (sameGram(this.text, p, other, j)) return p;
    }
  }
}

/** Adds [from, to) to sorted, merged `out`, widened so no surrogate pair of `text` is cut. */
function pushRange(out: [number, number][], text: string, from: number, to: number): void {
  if (from > 0 && isLow(text.charCodeAt(from)) && isHigh(text.charCodeAt(from - 1))) from--;
  if (to < text.length && isLow(text.charCodeAt(to)) && isHigh(text.charCodeAt(to - 1))) to++;
  const last = out[out.length - 1];
  if (last && from <= last[1]) last[1] = Math.max(last[1], to);
  else out.push([from, to]);
}

/** Secrets this long in total are indexed once; beyond it, each output is indexed instead. */
const FORWARD_INDEX_LIMIT = 256 * 1024;

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * The forms a secret takes on the way to an output: as sent, escaped for XML and JSON and, for
 * values known from configuration (they may travel in headers and URLs), URL-encoded and base64.
 */
/** Characters that XML or JSON escaping changes: without any, those forms are the raw value itself. */
const ESCAPED = /[&<>"'\\\u0000-\u001f\ud800-\udfff]/;

export function secretForms(value: string, all = true): { form: string; text: string }[] {
  // The usual ticket or token: one form for a message quote, no escaping to try (a request's secrets are new each time).
  if (!all && !ESCAPED.test(value)) return value.length > 0 ? [{ form: 'raw', text: value }] : [];
  const xml = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const forms = [
    { form: 'raw', text: value },
    { form: 'xml-escaped', text: xml },
    { form: 'xml-escaped (apos)', text: xml.replace(/'/g, '&apos;') },
    { form: 'xml-escaped (numeric)', text: xml.replace(/'/g, '&#39;') },
    { form: 'json-escaped', text: JSON.stringify(value).slice(1, -1) },
  ];
  if (all) {
    const b64 = Buffer.from(value, 'utf8').toString('base64');
    let url = value;
    try {
      url = encodeURIComponent(value);
    } catch {
      // A lone surrogate has no URL form; the raw form still stands.
    }
    forms.push(
      { form: 'url-encoded', text: url },
      { form: 'url-encoded (form)', text: url.replace(/%20/g, '+') },
      { form: 'base64', text: b64 },
      { form: 'base64 (unpadded)', text: b64.replace(/=+$/, '') },
      { form: 'base64url', text: Buffer.from(value, 'utf8').toString('base64url') },
    );
  }
  const seen = new Set<string>();
  return forms.filter((f) => f.text.length > 0 && !seen.has(f.text) && seen.add(f.text));
}

export interface Redactor {
  /** Redacts one output string. */
  redact(text: string): string;
  /** Whether `text` shares OVERLAP characters with a secret (or holds a short one whole). */
  leaks(text: string): boolean;
}

/**
 * Secret values and the index that finds them. `add` takes a value known to be secret; `learn*`
 * collect the secrets of a message. Build one per message (or per run) and pass every output
 * through `redact` / `redactDeep`.
 */
export class Secrets implements Redactor {
  private readonly values = new Set<string>();
  /** Forms of OVERLAP characters or more, joined by SEP into `corpus` when first needed. */
  private readonly longs: string[] = [];
  private longLength = 0;
  /** Forms shorter than OVERLAP: replaced where they occur whole. */
  private readonly shorts = new Set<string>();
  private corpus: string | undefined;
  private table: GramTable | undefined;

  /**
   * `except`: public values that are never secret (a recording's placeholders, a deliberately
   * invalid ticket). `carriers`: the secret element names (default: secretElementNames()).
   */
  constructor(values: Iterable<string | undefined> = [], options: { except?: Iterable<string>; carriers?: ReadonlySet<string> } = {}) {
    this.except = new Set(options.except ?? []);
    this.carriers = options.carriers;
    for (const v of values) if (v !== undefined) this.add(v);
  }
  private readonly except: ReadonlySet<string>;
  private readonly carriers: ReadonlySet<string> | undefined;

  /** Any number of sources in one: string lists, other Secrets, or nothing. */
  static of(...sources: (Iterable<string | undefined> | Secrets | undefined)[]): Secrets {
    const s = new Secrets();
    for (const src of sources) {
      if (src instanceof Secrets) s.merge(src);
      else if (src) for (const v of src) if (v !== undefined) s.add(v);
    }
    return s;
  }

  get size(): number {
    return this.values.size;
  }

  /**
   * Takes `other`'s secrets in the forms `other` holds them (a value learned from a message keeps its
   * message forms, a known one all of its forms). Into an empty set, the index `other` already built
   * comes along: serve merges each request's secrets once, and would otherwise index them twice.
   */
  merge(other: Secrets): this {
    if (other === this || other.values.size === 0) return this;
    if (this.except.size) {
      // Values this set treats as public must not come in through another's forms.
      for (const v of other.values) this.add(v);
      return this;
    }
    const adopt = this.values.size === 0;
    for (const v of other.values) this.values.add(v);
    for (const t of other.shorts) this.shorts.add(t);
    // A loop, not push(...): a hostile message can carry more secrets than a call takes arguments.
    for (const t of other.longs) this.longs.push(t);
    this.longLength += other.longLength;
    if (adopt) {
      this.corpus = other.corpus;
      this.table = other.table;
    } else if (other.longs.length) {
      this.corpus = undefined;
      this.table = undefined;
    }
    return this;
  }

  /** A value known to be secret, in all its forms (`all`: also URL-encoded and base64). */
  add(value: string, all = true): this {
    const v = value.trim();
    if (v.length < MIN_SECRET || this.values.has(v) || this.except.has(v)) return this;
    this.values.add(v);
    for (const f of secretForms(v, all)) {
      if (f.text.length < OVERLAP) this.shorts.add(f.text);
      else {
        this.longs.push(f.text);
        this.longLength += f.text.length + 1;
        this.corpus = undefined;
        this.table = undefined;
      }
    }
    return this;
  }

  /** A value from a message: the forms a message quote takes (raw, XML- and JSON-escaped). */
  private learned(value: string): void {
    this.add(value, false);
  }

  /** A fragment that is secret only if long enough to be one (attribute values, comments). */
  private learnedRun(value: string): void {
    if (value.trim().length >= OVERLAP) this.add(value, false);
  }

  /** Covered ranges [from, to) of `text`, merged, surrogate pairs kept whole. */
  private ranges(text: string): [number, number][] {
    const out: [number, number][] = [];
    if (this.longs.length && text.length >= OVERLAP) {
      this.corpus ??= this.longs.join(SEP);
      const w = new Windows(text);
      if (this.longLength <= FORWARD_INDEX_LIMIT) {
        // The usual case: secrets are short, index them once and scan the output.
        const table = (this.table ??= new GramTable(this.corpus, false));
        while (w.next()) if (table.find(text, w.at, w.h) >= 0) pushRange(out, text, w.at, w.at + OVERLAP);
      } else {
        // A hostile message with megabytes of "secret": index the output instead, scan the secrets.
        const t = new GramTable(text, true);
        const covered = new Uint8Array(text.length);
        const corpus = this.corpus;
        const cw = new Windows(corpus);
        while (cw.next()) {
          const p = t.find(corpus, cw.at, cw.h);
          if (p >= 0 && !covered[p]) for (let q = p; q >= 0; q = t.next![q]!) covered[q] = 1;
        }
        for (let i = 0; i < covered.length; i++) if (covered[i]) pushRange(out, text, i, i + OVERLAP);
      }
    }
    if (this.shorts.size) {
      const found: [number, number][] = [];
      for (const s of this.shorts) for (let at = text.indexOf(s); at >= 0; at = text.indexOf(s, at + 1)) found.push([at, at + s.length]);
      if (found.length) {
        const all = [...out, ...found].sort((a, b) => a[0] - b[0]);
        out.length = 0;
        for (const [f, t] of all) pushRange(out, text, f, t);
      }
    }
    return out;
  }

  redact(text: string): string {
    if (!this.values.size || !text) return text;
    const rs = this.ranges(text);
    if (!rs.length) return text;
    let out = '';
    let at = 0;
    for (const [from, to] of rs) {
      out += text.slice(at, from) + REDACTED;
      at = to;
    }
    return out + text.slice(at);
  }

  leaks(text: string): boolean {
    return this.values.size > 0 && this.ranges(text).length > 0;
  }

  /**
   * Every string inside a JSON-like value, redacted; the shape (keys, numbers, nulls) is kept. The
   * strings are redacted as one text (windows never cross the separator), so a verdict of many
   * messages costs one scan.
   */
  redactDeep<T>(value: T): T {
    if (!this.values.size) return value;
    const strings: string[] = [];
    const collect = (v: unknown): void => {
      if (typeof v === 'string') strings.push(v);
      else if (Array.isArray(v)) v.forEach(collect);
      else if (isPlain(v)) Object.values(v).forEach(collect);
    };
    collect(value);
    let redacted: string[];
    if (strings.some((x) => x.includes(SEP))) redacted = strings.map((x) => this.redact(x));
    else {
      const joined = strings.join(SEP);
      const out = this.redact(joined);
      // The usual case: nothing quoted a secret, the value is returned as it is.
      if (out === joined) return value;
      redacted = out.split(SEP);
    }
    let k = 0;
    const rebuild = (v: unknown): unknown => {
      if (typeof v === 'string') return redacted[k++];
      if (Array.isArray(v)) return v.map(rebuild);
      if (isPlain(v)) {
        const o: Record<string, unknown> = {};
        for (const [key, x] of Object.entries(v)) o[key] = rebuild(x);
        return o;
      }
      return v;
    };
    return rebuild(value) as T;
  }

  // ---- learning from messages -----------------------------------------------------------------

  /**
   * The secrets of one message: from the parser's tree when it has one, and always from the text,
   * lexically, so a broken or truncated document is covered as well.
   */
  learnMessage(m: { bytes?: Uint8Array | string; parse?: ParseResult; http?: { headers?: Record<string, string> } }): this {
    if (m.parse?.ok) {
      this.learnTree(m.parse.doc.root);
      this.learnText(m.parse.doc.source);
    } else if (m.bytes !== undefined) this.learnText(messageText(m.bytes));
    if (m.http?.headers) this.learnHeaders(m.http.headers);
    return this;
  }

  /** Credentials carried in HTTP headers (Authorization, Cookie, …). */
  learnHeaders(headers: Record<string, string>): this {
    for (const k in headers) {
      // HttpInfo's names are lower-cased already: the usual header costs one set lookup.
      if (!SECRET_HTTP_HEADERS.has(k) && !SECRET_HTTP_HEADERS.has(k.toLowerCase())) continue;
      const v = headers[k]!;
      this.add(v);
      // `Bearer xyz`, `a=b; c=d`: the parts are secrets on their own too.
      for (const part of v.split(/[\s,;=]+/)) this.add(part);
    }
    return this;
  }

  /** The text and attribute values of every secret element of a parsed tree (no recursion). */
  learnTree(root: XElement, carriers: ReadonlySet<string> = this.carriers ?? secretElementNames()): this {
    // Two parallel stacks: no object per element, a million-item Ids stays cheap.
    const els: XElement[] = [root];
    const inside: boolean[] = [false];
    while (els.length) {
      const el = els.pop()!;
      const secret = inside.pop()! || carriers.has(el.local);
      if (secret) {
        this.learned(el.text);
        // Namespace declarations name the contract, not a secret.
        for (const a of el.attrs) if (a.qname !== 'xmlns' && a.prefix !== 'xmlns') this.learnedRun(a.value);
      }
      // A childless element that is no carrier, outside one, holds nothing to learn: a million array
      // items are skipped here (they share one name object, so the Set answers once per run of them).
      let lastLocal: string | undefined;
      let lastCarrier = false;
      for (let i = el.children.length - 1; i >= 0; i--) {
        const c = el.children[i]!;
        if (!secret && c.children.length === 0) {
          if (c.local !== lastLocal) {
            lastLocal = c.local;
            lastCarrier = carriers.has(c.local);
          }
          if (!lastCarrier) continue;
        }
        els.push(c);
        inside.push(secret);
      }
    }
    return this;
  }

  /**
   * Lexical: every element whose local name is a secret carrier, under any prefix, up to its end tag,
   * or, when it has none (a truncated or broken document), up to the next tag. Inside: character
   * data and CDATA (the value, also as one concatenated string), attribute values other than
   * namespace declarations, comments and processing instructions.
   */
  learnText(text: string, carriers: ReadonlySet<string> = this.carriers ?? secretElementNames()): this {
    if (!carriers.size) return this;
    const start = startTagPattern(carriers);
    start.lastIndex = 0;
    const closeCache = new Map<string, number>();
    for (let m = start.exec(text); m; m = start.exec(text)) {
      const from = m.index;
      const qname = m[1]!;
      const tagEnd = endOfTag(text, from, text.length);
      let to: number;
      if (text.charCodeAt(tagEnd - 2) === 0x2f /* '/' */ && text.charCodeAt(tagEnd - 1) === 0x3e) to = tagEnd;
      else {
        // One search per name and position: many unclosed starts stay linear.
        const key = qname.toLowerCase();
        let close = closeCache.get(key);
        if (close === undefined || (close >= 0 && close < tagEnd)) {
          close = indexOfCaseless(text, `</${qname}`, tagEnd);
          closeCache.set(key, close);
        }
        to = close >= 0 ? close : nextTag(text, tagEnd);
      }
      this.learnRange(text.slice(from, Math.max(to, tagEnd)));
      start.lastIndex = Math.max(start.lastIndex, to);
    }
    return this;
  }

  private learnRange(seg: string): void {
    let data = '';
    let i = 0;
    const n = seg.length;
    while (i < n) {
      if (seg.charCodeAt(i) !== 0x3c) {
        const j = upTo(seg, '<', i);
        const raw = seg.slice(i, j);
        this.learned(raw);
        this.learned(decodeRefs(raw));
        data += decodeRefs(raw);
        i = j;
      } else if (seg.startsWith('<!--', i)) {
        const j = upTo(seg, '-->', i + 4);
        this.learnedRun(seg.slice(i + 4, j));
        i = j + 3;
      } else if (seg.startsWith('<![CDATA[', i)) {
        const j = upTo(seg, ']]>', i + 9);
        const raw = seg.slice(i + 9, j);
        this.learned(raw);
        data += raw;
        i = j + 3;
      } else if (seg.startsWith('<?', i)) {
        const j = upTo(seg, '?>', i + 2);
        this.learnedRun(seg.slice(i + 2, j));
        i = j + 2;
      } else {
        const j = endOfTag(seg, i, n);
        // A name inside the secret element is content there (the element's own name is the contract's).
        if (i > 0) {
          const name = /^<\/?([^\s/>]+)/.exec(seg.slice(i, Math.min(j, i + 4096)))?.[1];
          if (name) this.learnedRun(name.slice(name.indexOf(':') + 1));
        }
        for (const a of seg.slice(i, j).matchAll(/\s([^\s=<>/"']+)\s*=\s*(?:"([^"]*)"?|'([^']*)'?|([^\s"'<>]+))/g)) {
          const name = a[1]!;
          if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
          const raw = a[2] ?? a[3] ?? a[4] ?? '';
          this.learnedRun(raw);
          this.learnedRun(decodeRefs(raw));
          // What a parser hands on: white space normalised to spaces.
          this.learnedRun(decodeRefs(raw).replace(/[\t\n\r]/g, ' '));
        }
        i = j;
      }
    }
    this.learned(data);
    this.learned(data.replace(/\r\n?/g, '\n'));
  }
}

function isPlain(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

const startPatterns = new WeakMap<ReadonlySet<string>, RegExp>();

/** `<prefix:Name` for any of the names, any prefix, any case (compiled once per name set). */
function startTagPattern(carriers: ReadonlySet<string>): RegExp {
  let re = startPatterns.get(carriers);
  if (!re) {
    const alt = [...carriers].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
    re = new RegExp(`<((?:[^\\s<>/:!?"'=]+:)?(?:${alt}))(?=[\\s/>]|$)`, 'gi');
    startPatterns.set(carriers, re);
  }
  return re;
}

/** Index of `marker` in `seg` from `from`, or the end of `seg`. */
function upTo(seg: string, marker: string, from: number): number {
  const j = seg.indexOf(marker, from);
  return j < 0 ? seg.length : j;
}

/** Index after the `>` that ends the tag starting at `from` (quotes respected), or `limit`. */
function endOfTag(s: string, from: number, limit: number): number {
  let quote = 0;
  for (let i = from + 1; i < limit; i++) {
    const c = s.charCodeAt(i);
    if (quote) {
      if (c === quote) quote = 0;
    } else if (c === 0x22 || c === 0x27) quote = c;
    else if (c === 0x3e) return i + 1;
    else if (c === 0x3c) return i;
  }
  return limit;
}

/** Start of the next tag after `from` that is not a comment, CDATA section or PI; or the end. */
function nextTag(s: string, from: number): number {
  for (let i = s.indexOf('<', from); i >= 0; i = s.indexOf('<', i + 1)) {
    if (s.startsWith('<!--', i)) {
      const j = s.indexOf('-->', i + 4);
      if (j < 0) return s.length;
      i = j;
    } else if (s.startsWith('<![CDATA[', i)) {
      const j = s.indexOf(']]>', i + 9);
      if (j < 0) return s.length;
      i = j;
    } else if (!s.startsWith('<?', i)) return i;
  }
  return s.length;
}

function indexOfCaseless(s: string, needle: string, from: number): number {
  const exact = s.indexOf(needle, from);
  if (exact >= 0) return exact;
  // Rare: an end tag in other case. One regex scan, still linear.
  const re = new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'gi');
  re.lastIndex = from;
  return re.exec(s)?.index ?? -1;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** The five predefined entities and character references (any number of leading zeros). */
function decodeRefs(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:(lt|gt|amp|quot|apos)|#0*(\d{1,7})|#x0*([0-9a-fA-F]{1,6}));/g, (m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return ENTITIES[name]!;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
  });
}

/** A message as text for the lexical scan: its declared or sniffed encoding, else UTF-8 leniently. */
export function messageText(input: Uint8Array | string): string {
  if (typeof input === 'string') return input;
  const d = decodeXml(input);
  if ('text' in d) return d.text;
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(input);
  // A UTF-16 body without a BOM or with a lying declaration: NULs next to ASCII give it away.
  if (input.length > 1 && (input[0] === 0 || input[1] === 0)) return utf8 + '\n' + new TextDecoder(input[0] === 0 ? 'utf-16be' : 'utf-16le').decode(input);
  return utf8;
}

// ---- convenience: one call per output kind (kept for callers that hold a list of values) --------

type Known = readonly string[] | Secrets;

function secretsOf(known: Known): Secrets {
  return known instanceof Secrets ? known : new Secrets(known);
}

/** The secrets of one message plus the known ones. */
export function secretsFor(message: Uint8Array | string | undefined, known: Known = []): Secrets {
  const s = Secrets.of(secretsOf(known));
  if (message !== undefined) s.learnMessage({ bytes: message });
  return s;
}

/** Replaces known secret values, and every OVERLAP-character fragment of them, anywhere in `text`. */
export function redactValues(text: string, known: Known): string {
  return secretsOf(known).redact(text);
}

/** Redacts an XML message (bytes or text) for display: its own secrets and the known ones. Returns text. */
export function redactXml(input: Uint8Array | string, known: Known = []): string {
  const text = messageText(input);
  return secretsFor(text, known).redact(text);
}

/** Copies headers with credentials replaced. Names compared case-insensitively. */
export function redactHeaders(headers: Record<string, string>, known: Known = []): Record<string, string> {
  const s = secretsOf(known);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) out[k] = SECRET_HTTP_HEADERS.has(k.toLowerCase()) ? REDACTED : s.redact(v);
  return out;
}

/** For free text (logs, error messages, a body that is not XML): secret elements it quotes, known values. */
export function redactText(text: string, known: Known = []): string {
  return secretsFor(text, known).redact(text);
}
