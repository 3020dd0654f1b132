/**
 * Issue 9's "Done when": no substring of 8+ characters of a Ticket, ApplicationToken or Password
 * reaches any output, over a corpus that places the secret in every place a message can hold it
 * (test/secrets-corpus.ts) and in broken and truncated XML. Outputs: validate (human and --json),
 * serve (Fault body, GET /__conformance/verdicts, log), the report attachments, recording files.
 *
 * The oracle is independent of the redactor: every 8-character window of every secret in a Set,
 * every window of every output looked up.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCorpus, bytesOf, type CorpusCase } from './secrets-corpus.ts';
import { main as validateMain } from '../src/cli/validate.ts';
import { startServer, VERDICTS_PATH, type RunningServer } from '../src/server/index.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { validate } from '../src/validate.ts';
import { exchangeAttachments, requestAttachments, verdictAttachment } from '../src/report/attachments.ts';
import { secretsFor } from '../src/report/redact.ts';
import { toInterceptor, writeRecording, scanPaths, type Recording } from '../src/live/record.ts';
import { parseRawHttp, looksLikeHttp } from '../src/transport/http-message.ts';

const WINDOW = 8;

/** The first window of a secret found in `output`, or undefined. Linear in both. */
export function leakedWindow(output: string, secrets: readonly string[]): string | undefined {
  const windows = new Set<string>();
  for (const s of secrets) for (let i = 0; i + WINDOW <= s.length; i++) windows.add(s.slice(i, i + WINDOW));
  for (let i = 0; i + WINDOW <= output.length; i++) {
    const w = output.slice(i, i + WINDOW);
    if (windows.has(w)) return w;
  }
  return undefined;
}

const corpus = buildCorpus();
const dir = mkdtempSync(join(tmpdir(), 'so-secrets-corpus-'));
const OUTPUTS = ['validate human', 'validate --json', 'serve Fault body', 'serve verdicts JSON', 'serve log', 'report attachments', 'recording file'] as const;
type OutputName = (typeof OUTPUTS)[number];
const outputs = new Map<string, Map<OutputName, string>>();
const put = (c: CorpusCase, o: OutputName, text: string) => {
  const m = outputs.get(c.place) ?? new Map<OutputName, string>();
  m.set(o, (m.get(o) ?? '') + text);
  outputs.set(c.place, m);
};

/** validate's main() in-process, stdout and stderr captured. */
async function runValidate(argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const w = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  try {
    return { code: await validateMain(argv), out };
  } finally {
    w.mockRestore();
    e.mockRestore();
  }
}

let server: RunningServer;
const logs: string[] = [];

beforeAll(async () => {
  server = await startServer({ log: (l) => logs.push(l), verdictHistory: 1000 });
  const headers = buildRequest({}).headers;
  for (const [i, c] of corpus.entries()) {
    const file = join(dir, `case-${i}.xml`);
    const bytes = bytesOf(c);
    writeFileSync(file, bytes);

    // validate, human and JSON
    put(c, 'validate human', (await runValidate([file])).out);
    const json = await runValidate(['--json', file]);
    put(c, 'validate --json', json.out);
    c.quotedBy?.forEach((rule) => expect(json.out, `${c.place}: ${rule} should fire (the case must really quote the place)`).toContain(`"rule":"${rule}"`));

    // serve: the body of a raw HTTP case is what is posted, with its own headers
    const http = looksLikeHttp(bytes) ? parseRawHttp(bytes) : undefined;
    const body = http && !('problem' in http) ? http.body : bytes;
    const sentHeaders = http && !('problem' in http) ? http.http.headers : { ...headers, 'content-type': c.encoding === 'utf-16le' ? 'text/xml; charset=utf-16' : headers['content-type']! };
    const before = logs.length;
    const res = await fetch(`${server.url}/Remote/Services86/CustomerService.svc`, { method: 'POST', headers: sentHeaders, body });
    put(c, 'serve Fault body', await res.text());
    put(c, 'serve log', logs.slice(before).join('\n'));

    // report attachments, as the World makes them (the message, its HTTP head, the verdict)
    const verdict = validate(bytes, { kind: 'request' });
    const atts = [
      ...requestAttachments({ method: 'POST', headers: sentHeaders, bytes: body }, [], 'request'),
      verdictAttachment(verdict, 'request under wsdl', secretsFor(bytes)),
      ...exchangeAttachments(
        {
          ok: true,
          request: { method: 'POST', url: `${server.url}/Remote/Services86/CustomerService.svc`, headers: sentHeaders, bytes: body },
          response: { status: res.status, headers: Object.fromEntries(res.headers), bytes: new TextEncoder().encode(`<echo>${c.text.slice(0, 2000)}</echo>`) },
          durationMs: 1,
        } as Parameters<typeof exchangeAttachments>[0],
        [],
      ),
    ];
    put(c, 'report attachments', atts.map((a) => a.data).join('\n'));

    // a recording of the same exchange (the tenant echoing the request in its answer)
    const text = new TextDecoder().decode(body);
    const interceptor = toInterceptor(
      {
        service: 'CustomerService',
        operation: 'DeleteChatSessions',
        at: new Date(0).toISOString(),
        ok: true,
        durationMs: 1,
        request: { url: `${server.url}/Remote/Services86/CustomerService.svc`, method: 'POST', headers: sentHeaders, bytes: body },
        response: { status: res.status, statusText: '', headers: {}, bytes: new TextEncoder().encode(`<s:Envelope xmlns:s="urn:s"><s:Body><s:Fault><faultstring>${text.slice(0, 4000).replace(/</g, '&lt;')}</faultstring></s:Fault></s:Body></s:Envelope>`) },
      },
      undefined,
      [],
    );
    const recording: Recording = {
      provenance: { origin: 'recorded', statement: 'corpus', generator: 'test', date: '2026-01-01', host: 'x', servicesVersion: 86, source: 'test' },
      verdicts: [],
      interceptors: interceptor ? [interceptor] : [],
    };
    put(c, 'recording file', readFileSync(writeRecording(dir, `rec-${i}`, recording), 'utf8'));
  }
  const verdicts = await (await fetch(`${server.url}${VERDICTS_PATH}`)).text();
  // The ring holds every case: each case's secrets are checked against the whole JSON.
  for (const c of corpus) put(c, 'serve verdicts JSON', verdicts);
}, 240_000);

afterAll(async () => {
  await server?.close();
});

describe(`secrets corpus: ${corpus.length} places × ${OUTPUTS.length} outputs`, () => {
  it.each(corpus.map((c) => [c.place, c] as const))('%s: no 8-character fragment of a secret in any output', (_place, c) => {
    const got = outputs.get(c.place)!;
    expect([...got.keys()].sort()).toEqual([...OUTPUTS].sort());
    for (const [name, text] of got) {
      const leak = leakedWindow(text, c.secrets);
      expect(leak, `${c.place}: "${leak}" of a secret reaches ${name}`).toBeUndefined();
    }
  });

  it('the redacted outputs still say what is wrong: rule ids and the marker where a value was quoted', () => {
    for (const c of corpus.filter((x) => x.quotedBy)) {
      const json = outputs.get(c.place)!.get('validate --json')!;
      for (const rule of c.quotedBy!) expect(json, c.place).toContain(`"rule":"${rule}"`);
    }
    const quoted = outputs.get('Ticket as an Ids item (IDS-004)')!;
    expect(quoted.get('validate --json')).toContain('\\"[redacted]\\" is not an xs:int');
    expect(quoted.get('serve Fault body')).toContain('[redacted]');
  });

  it('the recording scan finds nothing in what was written, and fails closed on a fragment', () => {
    const all = corpus.flatMap((c) => c.secrets.map((value, i) => ({ name: `secret${i}`, value })));
    expect(scanPaths([dir].map((d) => d), all.filter((s) => s.value.length < 10_000)).filter((h) => h.file.includes('rec-'))).toEqual([]);
    const leak = join(mkdtempSync(join(tmpdir(), 'so-leak-')), 'report.json');
    const s = corpus[0]!.secrets[0]!;
    writeFileSync(leak, JSON.stringify({ message: `quoted "${s.slice(5, 5 + WINDOW)}"` }));
    expect(scanPaths([leak], [{ name: 'ticket', value: s }])).toEqual([{ file: leak, secret: 'ticket', form: 'fragment' }]);
  });
});
