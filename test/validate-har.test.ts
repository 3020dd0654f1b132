/** `validate` reading HAR 1.2 files: one verdict line per judged message, the rest counted and skipped. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRequest } from '../src/envelope/request.ts';
import { buildSuccessResponse } from '../src/envelope/response.ts';
import { readHar } from '../src/cli/har.ts';
import { runCli, jsonLines } from './cli-helpers.ts';

const ok = buildRequest({ ids: [1, 2], ticket: '7T:har-ticket-1f2e', applicationToken: 'har-token-77aa' });
const broken = buildRequest({ ids: [1], ticket: '7T:har-ticket-1f2e', applicationToken: 'har-token-77aa', headerPlacement: 'body', pretty: true });
const answer = buildSuccessResponse({});
const url = `https://sod.example.com/Cust12345${ok.contract.endpointPath}`;
const headers = (h: Record<string, string>) => Object.entries(h).map(([name, value]) => ({ name, value }));

function entry(req: { method: string; url: string; headers: Record<string, string>; text?: string; encoding?: string }, res: { status: number; headers: Record<string, string>; text?: string; encoding?: string }) {
  return {
    startedDateTime: '2026-12-01T10:00:00.000Z',
    time: 12,
    request: { method: req.method, url: req.url, httpVersion: 'HTTP/1.1', headers: headers(req.headers), queryString: [], cookies: [], headersSize: -1, bodySize: -1, ...(req.text !== undefined ? { postData: { mimeType: req.headers['Content-Type'] ?? 'text/xml', text: req.text, ...(req.encoding ? { encoding: req.encoding } : {}) } } : {}) },
    response: { status: res.status, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: headers(res.headers), cookies: [], content: { size: -1, mimeType: 'text/xml', ...(res.text !== undefined ? { text: res.text } : {}), ...(res.encoding ? { encoding: res.encoding } : {}) }, redirectURL: '', headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 0, wait: 10, receive: 2 },
  };
}

const har = {
  log: {
    version: '1.2',
    creator: { name: 'test', version: '1' },
    entries: [
      entry({ method: 'GET', url: 'https://sod.example.com/Cust12345/CS/scripts/login.js', headers: {} }, { status: 200, headers: { 'Content-Type': 'text/javascript' }, text: 'x()' }),
      entry({ method: 'POST', url, headers: ok.headers, text: ok.body }, { status: 200, headers: { ...answer.headers, 'Content-Encoding': 'gzip', 'Content-Length': '99' }, text: answer.body }),
      entry({ method: 'POST', url, headers: broken.headers, text: Buffer.from(broken.body, 'utf8').toString('base64'), encoding: 'base64' }, { status: 200, headers: answer.headers, text: Buffer.from(answer.body).toString('base64'), encoding: 'base64' }),
    ],
  },
};

describe('validate FILE.har', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'har-'));
    writeFileSync(join(dir, 'session.har'), JSON.stringify(har, null, 2));
    writeFileSync(join(dir, 'capture.json'), JSON.stringify(har));
    writeFileSync(join(dir, 'broken.har'), '{\n  "log": {\n    "entries": [\n      { "request": }\n    ]\n  }\n}\n');
    writeFileSync(join(dir, 'none.har'), JSON.stringify({ log: { entries: [har.log.entries[0]] } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('judges each endpoint entry, request and response, naming them FILE#N/direction; skips the others with a note', async () => {
    const r = await runCli(['validate', '--json', join(dir, 'session.har')]);
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout);
    const f = join(dir, 'session.har');
    expect(lines.map((l) => [l['file'], l['kind'], l['conformant']])).toEqual([
      [`${f}#2/request`, 'request', true],
      [`${f}#2/response`, 'response', true],
      [`${f}#3/request`, 'request', false],
      [`${f}#3/response`, 'response', true],
    ]);
    // The base64 body was decoded: the violation is located in the envelope's own lines.
    const bad = (lines[2]!['violations'] as { rule: string; line: number | null }[]).find((v) => v.rule === 'HDR-002');
    expect(bad?.line).toBeGreaterThan(1);
    expect(lines[1]!['outcome']).toBe('success');
    expect(r.stderr).toContain('1 of 3 entries skipped');
    expect(r.stderr).toContain('#2: the response was sent with Content-Encoding: gzip');
    expect(r.stderr).not.toContain('har-ticket');
  });

  it('recognises HAR JSON without the .har name', async () => {
    const r = await runCli(['validate', '--json', join(dir, 'capture.json')]);
    expect(jsonLines(r.stdout).map((l) => l['file'])).toEqual([2, 2, 3, 3].map((n, i) => `${join(dir, 'capture.json')}#${n}/${i % 2 ? 'response' : 'request'}`));
  });

  it('a broken HAR is exit 2 with the JSON error\'s line and column', async () => {
    const r = await runCli(['validate', '--json', join(dir, 'broken.har')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/cannot read .*broken\.har: not a HAR file: invalid JSON at line 4, column 20 \(position \d+\)/);
  });

  it('a HAR with no DeleteChatSessions exchange is exit 2, saying so', async () => {
    const r = await runCli(['validate', join(dir, 'none.har')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no DeleteChatSessions exchange in its 1 entries');
  });

  it('names a malformed entry by its place in the document', () => {
    const bad = readHar('x.har', new TextEncoder().encode(JSON.stringify({ log: { entries: [{ request: { url }, response: {} }, { request: { url, headers: [{ name: 1 }] }, response: {} }] } })), ok.contract.endpointPath);
    expect(bad).toBeInstanceOf(Error);
    expect((bad as Error).message).toContain('log.entries[0].request.headers is not an array');
    const b64 = readHar('x.har', new TextEncoder().encode(JSON.stringify({ log: { entries: [entry({ method: 'POST', url, headers: ok.headers, text: '***', encoding: 'base64' }, { status: 200, headers: {} })] } })), ok.contract.endpointPath);
    expect((b64 as Error).message).toContain('log.entries[0].request.postData.text is not base64');
  });
});
