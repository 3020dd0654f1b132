/**
 * HAR 1.2 input for `validate` (browser devtools, Fiddler, Charles and mitmproxy all export it): each
 * entry whose URL path ends with the endpoint path becomes two messages, request and response, with
 * the HTTP metadata the rules read; bodies are decoded from base64 where the HAR says so. Other
 * entries are counted, not judged. A HAR that does not parse is an error with its position.
 */
import type { HttpInfo, MessageKind } from '../contract/rule.ts';

export interface HarMessage {
  /** `session.har#3/request`: the file, the entry number (from 1) and the direction. */
  name: string;
  kind: MessageKind;
  http: HttpInfo;
  body: Uint8Array;
}

export interface HarRead {
  messages: HarMessage[];
  entries: number;
  skipped: number;
  /** Things a reader should know (skipped entries, bodies the HAR does not carry), one line each. */
  notes: string[];
}

/** `.har` by name, or a document that starts like JSON (an envelope never does). */
export function looksLikeHar(file: string, bytes: Uint8Array): boolean {
  if (/\.har$/i.test(file)) return true;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
  return bytes[i] === 0x7b;
}

function lineColumn(text: string, position: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `line ${line}, column ${position - last}`;
}

interface HarHeader {
  name: string;
  value: string;
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

function headersOf(list: unknown, where: string): Record<string, string> | string {
  if (!Array.isArray(list)) return `${where} is not an array`;
  const out: Record<string, string> = {};
  for (const [i, h] of list.entries()) {
    if (!isObject(h) || typeof h['name'] !== 'string' || typeof h['value'] !== 'string') return `${where}[${i}] is not a {name, value} pair`;
    const { name, value } = h as unknown as HarHeader;
    // HTTP/2 pseudo-headers (:authority, :path) are the request line's business, not headers.
    if (name.startsWith(':')) continue;
    const k = name.toLowerCase();
    out[k] = out[k] === undefined ? value : `${out[k]}, ${value}`;
  }
  return out;
}

function bodyOf(text: unknown, encoding: unknown, where: string): Uint8Array | string | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string') return `${where}.text is not a string`;
  if (encoding === undefined || encoding === '') return new TextEncoder().encode(text);
  if (encoding !== 'base64') return `${where}.encoding is "${String(encoding)}"; HAR 1.2 knows only base64`;
  if (!/^[A-Za-z0-9+/\s]*=*\s*$/.test(text)) return `${where}.text is not base64`;
  return new Uint8Array(Buffer.from(text, 'base64'));
}

/**
 * Where JSON text first stops being JSON (V8's message gives a position only for some errors). A
 * linear scan with an explicit stack, so any nesting depth is fine; run only after JSON.parse failed.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const stack: ('{' | '[')[] = [];
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const str = (): boolean => {
    if (text[i] !== '"') return false;
    for (i++; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) return (i++, true);
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[++i];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) return false;
          i += 4;
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) return false;
      }
    }
    return false;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  // Expecting a value; after it, the container decides what may follow.
  let expect: 'value' | 'key-or-end' | 'value-or-end' | 'after' = 'value';
  for (;;) {
    ws();
    if (expect === 'value' || expect === 'value-or-end') {
      if (expect === 'value-or-end' && text[i] === ']') {
        stack.pop();
        i++;
        expect = 'after';
        continue;
      }
      const c = text[i];
      if (c === '{') {
        stack.push('{');
        i++;
        expect = 'key-or-end';
        continue;
      }
      if (c === '[') {
        stack.push('[');
        i++;
        expect = 'value-or-end';
        continue;
      }
      if (c === '"') {
        if (!str()) return i;
      } else if (text.startsWith('true', i)) i += 4;
      else if (text.startsWith('false', i)) i += 5;
      else if (text.startsWith('null', i)) i += 4;
      else {
        NUMBER.lastIndex = i;
        if (!NUMBER.test(text)) return i;
        i = NUMBER.lastIndex;
      }
      expect = 'after';
      continue;
    }
    if (expect === 'key-or-end') {
      if (text[i] === '}') {
        stack.pop();
        i++;
        expect = 'after';
        continue;
      }
      if (!str()) return i;
      ws();
      if (text[i] !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    // after a value
    const top = stack[stack.length - 1];
    if (!top) return i < text.length ? i : text.length;
    if (text[i] === ',') {
      i++;
      expect = top === '{' ? 'key-or-end' : 'value';
      if (top === '{') {
        ws();
        if (text[i] === '}') return i;
      }
      continue;
    }
    if ((top === '{' && text[i] === '}') || (top === '[' && text[i] === ']')) {
      stack.pop();
      i++;
      continue;
    }
    return i;
  }
}

/** Parses a HAR; an Error's message says where it broke (JSON position as line and column, or the field). */
export function readHar(file: string, bytes: Uint8Array, endpointPath: string): HarRead | Error {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    const at = jsonErrorOffset(text);
    const what = at >= text.length ? 'the text ends before the JSON does' : `unexpected ${JSON.stringify(text.slice(at, at + 12))}`;
    return new Error(`not a HAR file: invalid JSON at ${lineColumn(text, at)} (position ${at}): ${what}`);
  }
  const log = isObject(doc) ? doc['log'] : undefined;
  if (!isObject(log) || !Array.isArray(log['entries'])) return new Error('not a HAR file: no log.entries array (HAR 1.2: {"log": {"entries": [...]}})');
  const entries = log['entries'] as unknown[];
  const messages: HarMessage[] = [];
  const notes: string[] = [];
  let skipped = 0;
  const ep = endpointPath.toLowerCase();
  for (const [i, entry] of entries.entries()) {
    const n = i + 1;
    const where = `log.entries[${i}]`;
    if (!isObject(entry) || !isObject(entry['request']) || !isObject(entry['response'])) return new Error(`not a HAR file: ${where} has no request and response objects`);
    const req = entry['request'];
    const res = entry['response'];
    let url: URL;
    try {
      url = new URL(String(req['url']));
    } catch {
      return new Error(`not a HAR file: ${where}.request.url is not a URL`);
    }
    if (!url.pathname.toLowerCase().endsWith(ep)) {
      skipped++;
      continue;
    }
    const reqHeaders = headersOf(req['headers'], `${where}.request.headers`);
    if (typeof reqHeaders === 'string') return new Error(`not a HAR file: ${reqHeaders}`);
    const post = isObject(req['postData']) ? req['postData'] : undefined;
    const reqBody = post ? bodyOf(post['text'], post['encoding'], `${where}.request.postData`) : undefined;
    if (typeof reqBody === 'string') return new Error(`not a HAR file: ${reqBody}`);
    const method = typeof req['method'] === 'string' ? req['method'] : 'GET';
    if (method === 'GET' && /[?&](single)?wsdl\b/i.test(url.search)) {
      skipped++;
      continue;
    }
    messages.push({ name: `${file}#${n}/request`, kind: 'request', http: { method, target: url.pathname + url.search, headers: reqHeaders }, body: reqBody ?? new Uint8Array(0) });
    if (!reqBody && method === 'POST') notes.push(`${file}#${n}: the HAR carries no request body (postData.text); judged as an empty body`);

    const resHeaders = headersOf(res['headers'], `${where}.response.headers`);
    if (typeof resHeaders === 'string') return new Error(`not a HAR file: ${resHeaders}`);
    const content = isObject(res['content']) ? res['content'] : undefined;
    const resBody = content ? bodyOf(content['text'], content['encoding'], `${where}.response.content`) : undefined;
    if (typeof resBody === 'string') return new Error(`not a HAR file: ${resBody}`);
    const status = typeof res['status'] === 'number' ? res['status'] : 0;
    if (status === 0) {
      notes.push(`${file}#${n}: no response was captured (status 0); only the request is judged`);
      continue;
    }
    if (resBody === undefined) {
      notes.push(`${file}#${n}: the HAR carries no response body (content.text; export "with content"); only the request is judged`);
      continue;
    }
    // HAR stores content decoded: its length says nothing about a compressed Content-Length.
    const enc = resHeaders['content-encoding'];
    if (enc && enc.toLowerCase() !== 'identity') {
      delete resHeaders['content-length'];
      delete resHeaders['content-encoding'];
      notes.push(`${file}#${n}: the response was sent with Content-Encoding: ${enc}; the HAR holds it decoded, so Content-Length is not checked`);
    }
    messages.push({ name: `${file}#${n}/response`, kind: 'response', http: { status, headers: resHeaders }, body: resBody });
  }
  if (skipped) notes.push(`${file}: ${skipped} of ${entries.length} entries skipped (not a DeleteChatSessions call to …${endpointPath})`);
  return { messages, entries: entries.length, skipped, notes };
}
