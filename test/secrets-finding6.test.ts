/**
 * Issue 9, finding 6 ("Secrets escape"), one test per reproduction. Each failed before the one
 * redactor (checked against main before the change: all 14 failed): messages quoted up to 40
 * characters and redaction replaced only whole values, XML-001 fragments had no tree to redact from,
 * and validate's output was not redacted at all. Truncated and other broken documents are in the
 * corpus (test/secrets-corpus.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildRequest } from '../src/envelope/request.ts';
import { startServer, VERDICTS_PATH, type RunningServer } from '../src/server/index.ts';
import { main as validateMain } from '../src/cli/validate.ts';

const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** 60 characters: longer than the 40 a message quotes. */
const ticket = () => `7T:${randomBytes(48).toString('base64').replace(/[+/=]/g, 'q')}`.slice(0, 60);
const windows = (s: string) => Array.from({ length: s.length - 7 }, (_, i) => s.slice(i, i + 8));
const leak = (output: string, secret: string) => windows(secret).find((w) => output.includes(w));

let server: RunningServer;
const logs: string[] = [];
beforeAll(async () => {
  server = await startServer({ log: (l) => logs.push(l) });
});
afterAll(() => server?.close());

async function serve(body: string): Promise<{ fault: string; verdicts: string; log: string }> {
  const before = logs.length;
  const res = await fetch(`${server.url}/Remote/Services86/CustomerService.svc`, { method: 'POST', headers: buildRequest({}).headers, body });
  const fault = await res.text();
  const verdicts = await (await fetch(`${server.url}${VERDICTS_PATH}`)).text();
  return { fault, verdicts, log: logs.slice(before).join('\n') };
}

async function validateOut(body: string, json: boolean): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'so-f6-')), 'm.xml');
  writeFileSync(file, body);
  let out = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  try {
    await validateMain(json ? ['--json', file] : [file]);
  } finally {
    w.mockRestore();
  }
  return out;
}

const request = (t: string, edit: (xml: string) => string) => edit(buildRequest({ ticket: t, applicationToken: 'app-token-f6-0123456789', ids: [1, 2] }).body);

const cases: [string, string, (t: string) => string][] = [
  ['text after <soap:Body>', 'ENV-004', (t) => request(t, (x) => x.replace('</soap:Body>', `</soap:Body>${t}`))],
  ['an Ids item', 'IDS-004', (t) => request(t, (x) => x.replace('<arr:int>2</arr:int>', `<arr:int>${t}</arr:int>`))],
  ['text inside Ids', 'IDS-008', (t) => request(t, (x) => x.replace('<arr:int>1</arr:int>', `${t}<arr:int>1</arr:int>`))],
  ['text in the operation element', 'OP-003', (t) => request(t, (x) => x.replace('<so:DeleteChatSessions>', `<so:DeleteChatSessions>${t}`))],
  ['xsi:nil of Ticket', 'HDR-007', (t) => request(t, (x) => x.replace(`<so:Ticket>${t}</so:Ticket>`, `<so:Ticket xmlns:xsi="${XSI}" xsi:nil="${t}"/>`))],
  ['xsi:type of Ticket', 'HDR-007', (t) => request(t, (x) => x.replace(`<so:Ticket>${t}</so:Ticket>`, `<so:Ticket xmlns:xsi="${XSI}" xsi:type="${t}">x</so:Ticket>`))],
  ['an unparseable document (< inside the Ticket)', 'XML-001', (t) => request(t, (x) => x.replace(`<so:Ticket>${t}</so:Ticket>`, `<so:Ticket>${t.slice(0, 12)}<${t.slice(12)}</so:Ticket>`))],
];

describe('finding 6: a ticket of 41+ characters does not leak by prefix', () => {
  it.each(cases)('placed in %s (%s): not in the Fault, the verdicts or the log', async (_place, rule, make) => {
    const t = ticket();
    const { fault, verdicts, log } = await serve(make(t));
    expect(verdicts).toContain(`"rule":"${rule}"`);
    expect(leak(fault, t), 'Fault').toBeUndefined();
    expect(leak(verdicts, t), 'verdicts').toBeUndefined();
    expect(leak(log, t), 'log').toBeUndefined();
  });

  it.each(cases)('placed in %s (%s): not in validate output, human or --json', async (_place, rule, make) => {
    const t = ticket();
    const body = make(t);
    const json = await validateOut(body, true);
    expect(json).toContain(`"rule":"${rule}"`);
    expect(leak(json, t), '--json').toBeUndefined();
    expect(leak(await validateOut(body, false), t), 'human').toBeUndefined();
  });
});
