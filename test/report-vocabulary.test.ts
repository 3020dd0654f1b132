/**
 * Issue 10, finding 5: one report vocabulary. The live suite's attachments are named and laid out
 * like the offline suite's: the HTTP head with its headers (SOAPAction included, secrets redacted),
 * the exact body with a pretty-printed copy beside it, the verdict; one redaction marker; no timing
 * inside what claims to be the exact bytes.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO } from './cli-helpers.ts';

interface Attachment {
  body: string;
  mediaType: string;
  fileName?: string;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/so-conformance.mjs', 'run', ...args], { cwd: REPO, env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('close', (code) => resolve({ code, out }));
  });
}

/** The attachments of an HTML report, from the message stream the page embeds. */
function attachments(html: string): Attachment[] {
  const start = html.indexOf('window.CUCUMBER_MESSAGES = ') + 'window.CUCUMBER_MESSAGES = '.length;
  const end = html.indexOf(';\n</script>', start);
  // The page writes '<' as \x3C so no message can close its script.
  const messages = JSON.parse(html.slice(start, end).replace(/\\x3C/g, '\\u003C')) as { attachment?: Attachment }[];
  return messages.flatMap((m) => (m.attachment ? [m.attachment] : []));
}

const password = `pw-vocabulary-${process.pid}-secret`;
const token = `tok-vocabulary-${process.pid}-secret`;

describe('finding 5: the live and the offline report speak alike', () => {
  it('the wrong-SOAPAction scenario, live and offline: same attachment names, headers shown, exact + pretty bodies, one marker', async () => {
    const liveDir = mkdtempSync(join(tmpdir(), 'so-vocab-live-'));
    const offDir = mkdtempSync(join(tmpdir(), 'so-vocab-off-'));
    const [live, offline] = await Promise.all([
      run(['--target', 'local', '--tags', '@HTTP-004', '--reports', liveDir], { SO_CONFORMANCE_LOCAL_PASSWORD: password, SO_CONFORMANCE_LOCAL_APPLICATION_TOKEN: token }),
      run(['--tags', '@HTTP-004', '--reports', offDir]),
    ]);
    expect(live.code, live.out).toBe(0);
    expect(offline.code, offline.out).toBe(0);
    const la = attachments(readFileSync(join(liveDir, 'cucumber.html'), 'utf8'));
    const oa = attachments(readFileSync(join(offDir, 'cucumber.html'), 'utf8'));
    const names = (a: Attachment[]) => new Set(a.map((x) => x.fileName).filter((n): n is string => !!n && !n.includes('verdict')));
    for (const n of ['request-http.txt', 'request.xml', 'response-http.txt', 'response.xml']) {
      expect(names(la), `live ${n}`).toContain(n);
      expect(names(oa), `offline ${n}`).toContain(n);
    }
    expect(la.some((a) => a.fileName === 'response-verdict.txt')).toBe(true);
    expect(oa.some((a) => a.fileName?.endsWith('-verdict.txt'))).toBe(true);
    // Every live attachment has a name: no "Attached Text (text/xml)".
    expect(la.filter((a) => a.mediaType !== 'text/x.cucumber.log+plain' && !a.fileName)).toEqual([]);

    const heads = la.filter((a) => a.fileName === 'request-http.txt').map((a) => a.body);
    expect(heads.some((h) => /^soapaction: ".*DeleteChatSessionsWrong"$/m.test(h)), heads.join('\n---\n')).toBe(true);
    for (const r of la.filter((a) => a.fileName === 'response-http.txt')) {
      expect(r.body).toMatch(/^HTTP\/1\.1 \d{3}/);
      expect(r.body).toMatch(/^content-type: /m);
      expect(r.body).not.toMatch(/\(\d+ ms\)/);
    }
    // The live envelope is one line on the wire: the exact copy stays so, the pretty copy is indented.
    const exact = la.find((a) => a.fileName === 'response.xml')!.body;
    const pretty = la.find((a) => a.fileName === 'response-pretty.xml')?.body;
    expect(pretty).toBeDefined();
    expect(pretty!.split('\n').length).toBeGreaterThan(exact.split('\n').length);
    expect(pretty!.replace(/\s+/g, '')).toBe(exact.replace(/\s+/g, ''));
    // One redaction marker, in both suites; no secret anywhere in the report.
    const liveText = la.map((a) => a.body).join('\n');
    expect(liveText).toContain('[redacted]');
    expect(liveText).not.toMatch(/\[(ticket|password|ApplicationToken) redacted\]/);
    expect(oa.map((a) => a.body).join('\n')).toContain('[redacted]');
    const html = readFileSync(join(liveDir, 'cucumber.html'), 'utf8');
    expect(html).not.toContain(password);
    expect(html).not.toContain(token);
  }, 180_000);
});
