/**
 * The live verdict page's HTTP surface, mounted by `serve` and `proxy` under /__conformance/. The
 * page is three static files shipped with the tool (no build step, no CDN); it polls the JSON below.
 * A strict Content-Security-Policy means message text, which is hostile input, can only ever be text.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { ExchangeLog } from './store.ts';

export const PAGE_PATH = '/__conformance/';

const ASSETS: Record<string, { file: string; type: string }> = {
  '': { file: 'index.html', type: 'text/html; charset=utf-8' },
  'page.js': { file: 'page.js', type: 'text/javascript; charset=utf-8' },
  'page.css': { file: 'page.css', type: 'text/css; charset=utf-8' },
  'favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};
const loaded = new Map<string, Buffer>();
function asset(file: string): Buffer {
  let b = loaded.get(file);
  if (!b) loaded.set(file, (b = readFileSync(new URL(`./assets/${file}`, import.meta.url))));
  return b;
}

const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, type: string, body: Buffer | string): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': String(bytes.byteLength) });
  res.end(bytes);
}

/** True when the path is the page's (under /__conformance/); answers it. Other paths are the caller's. */
export function isPagePath(pathname: string): boolean {
  return pathname === '/__conformance' || pathname.startsWith(PAGE_PATH);
}

export function servePage(log: ExchangeLog, req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://x');
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'the verdict page is read with GET\n');
  if (url.pathname === '/__conformance') {
    res.writeHead(301, { location: PAGE_PATH, 'content-length': '0' });
    return void res.end();
  }
  const rest = url.pathname.slice(PAGE_PATH.length);
  const a = ASSETS[rest];
  if (a) return send(res, 200, a.type, asset(a.file));
  if (rest === 'exchanges') {
    const after = Number(url.searchParams.get('after') ?? 0);
    return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(log.list(Number.isSafeInteger(after) ? after : 0)));
  }
  const m = /^exchanges\/(\d{1,15})$/.exec(rest);
  const detail = m ? log.detail(Number(m[1])) : undefined;
  if (detail) return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(detail));
  send(res, 404, 'text/plain; charset=utf-8', m ? 'no such exchange (only the most recent ones are kept)\n' : 'not found\n');
}
