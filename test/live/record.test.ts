import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseTargetConfig } from '../../src/config/target-config.ts';
import { startLocalTarget } from '../../src/live/local-target.ts';
import { buildRecording, INVALID_TICKET, PLACEHOLDERS, recordFlow, scanPaths, toInterceptor, writeRecording, scrubXml, type Recording } from '../../src/live/record.ts';
import { LiveRun } from '../../src/live/run.ts';
import { findSecrets, fragmentHint, secretForms, type NamedSecret } from '../../src/live/secrets.ts';
import { main } from '../../src/cli/record.ts';
import type nockModule from 'nock';

const dir = mkdtempSync(join(tmpdir(), 'so-record-'));

// nock 15.0.0 breaks pass-through POST fetches as soon as it is imported ("TypeError: unusable" from
// Request.clone), so it is imported only by the replay test, which runs last in this file.
type Nock = typeof nockModule;
let nock: Nock | undefined;
afterAll(() => {
  nock?.enableNetConnect();
  nock?.cleanAll();
});

/** A small replay of recorded interceptors (the fixtures target belongs to another module). */
function replay(nock: Nock, rec: Recording): void {
  for (const i of rec.interceptors) {
    nock(i.scope)
      .intercept(i.path, i.method)
      .reply(i.status, i.body, i.headers);
  }
}

let shared: () => { recording: Recording; recordedVerdicts: Recording['verdicts']; scope: string };

describe('record against the emulated tenant, scrub, scan, replay', () => {
  let recording: Recording;
  let recordedVerdicts: Recording['verdicts'];
  let secrets: NamedSecret[];
  let file: string;
  let scope: string;
  shared = () => ({ recording, recordedVerdicts, scope });

  it('records the whole flow, destructive round trip included', async () => {
    const lt = await startLocalTarget();
    const run = new LiveRun(lt.config, lt.flags, lt.env);
    try {
      recordedVerdicts = await recordFlow(run);
    } finally {
      await lt.tenant.close();
    }
    const built = buildRecording(run, recordedVerdicts, { customerId: 'Cust12345', recordedFrom: 'the emulated tenant' });
    recording = built.recording;
    secrets = [...run.secrets(), ...built.discovered];
    file = writeRecording(dir, 'emulated', recording);
    scope = recording.interceptors[0]!.scope;
    expect(recordedVerdicts.map((v) => `${v.label}=${v.outcome}`)).toEqual([
      'GetSystemInfo=success',
      'DeleteChatSessions Ids omitted=success',
      'DeleteChatSessions Ids nil=success',
      'DeleteChatSessions Ids empty=success',
      'DeleteChatSessions invalid ticket=app-error',
      'DeleteChatSessions wrong SOAPAction=fault',
      'DeleteChatSessions SOAP 1.2=not-soap',
      'DeleteChatSessions own ids=success',
      'verification=success',
    ]);
    expect(recording.interceptors.map((i) => i.label)).toContain('Chat.SaveChatSessionEntity');
  });

  it('writes provenance: host without customer id, date, NetServer version', () => {
    const p = recording.provenance;
    expect(p.origin).toBe('recorded');
    expect(p.host).not.toContain('Cust12345');
    expect(p.date).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(p.netServerVersion).toMatch(/emulated/);
    expect(p.statement).toContain('emulated tenant');
  });

  it('the written fixture holds placeholders and no secret in any form', () => {
    const text = readFileSync(file, 'utf8');
    for (const ph of [PLACEHOLDERS.ticket, PLACEHOLDERS.applicationToken, PLACEHOLDERS.password, PLACEHOLDERS.customerId]) expect(text).toContain(ph);
    expect(text).not.toContain('Cust12345');
    // The deliberately invalid ticket is public and stays readable.
    expect(text).toContain(INVALID_TICKET);
    expect(secrets.map((s) => s.name)).toEqual(expect.arrayContaining(['ApplicationToken', 'password', 'ticket']));
    expect(scanPaths([dir], secrets)).toEqual([]);
  });

});

describe('scrubbing and the secret scan', () => {
  it('scrubs Ticket, ApplicationToken and Password by element, whatever the prefix', () => {
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><x:ApplicationToken xmlns:x="urn:a">tok&amp;1</x:ApplicationToken><Credentials xmlns="urn:a"><Ticket>T-1</Ticket></Credentials></s:Header><s:Body><A xmlns="urn:a"><UserName>u</UserName><Password>p&lt;w</Password></A></s:Body></s:Envelope>`;
    const found: NamedSecret[] = [];
    const out = scrubXml(xml, found);
    expect(out).toContain(`>${PLACEHOLDERS.applicationToken}<`);
    expect(out).toContain(`<Ticket>${PLACEHOLDERS.ticket}</Ticket>`);
    expect(out).toContain(`<Password>${PLACEHOLDERS.password}</Password>`);
    expect(out).toContain('<UserName>u</UserName>');
    expect(found.map((f) => f.value).sort()).toEqual(['T-1', 'p<w', 'tok&1']);
  });

  it('scrubs an answer whose element has more children than a call takes arguments (200,000)', () => {
    // The walk once spread each element's children into push(...) and overflowed the stack here.
    const xml = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><R>${'<i>1</i>'.repeat(200_000)}<Ticket>T-2</Ticket></R></s:Body></s:Envelope>`;
    const found: NamedSecret[] = [];
    const out = scrubXml(xml, found);
    expect(out).toContain(`<Ticket>${PLACEHOLDERS.ticket}</Ticket>`);
    expect(found.map((f) => f.value)).toEqual(['T-2']);
  });

  it('replaces Cookie, Set-Cookie and Authorization values and the customer id in paths', () => {
    const i = toInterceptor(
      {
        service: 'SoPrincipal',
        operation: 'GetSystemInfo',
        at: '',
        ok: true,
        durationMs: 1,
        request: { url: 'https://sod.superoffice.com/Cust777/Remote/Services86/SoPrincipal.svc', method: 'POST', headers: { authorization: 'Bearer abc', cookie: 'ASP.NET_SessionId=s3cr3t' }, bytes: new Uint8Array() },
        response: { status: 200, statusText: 'OK', headers: { 'set-cookie': 'ARRAffinity=xyz', 'content-type': 'text/xml', 'content-length': '1' }, bytes: new TextEncoder().encode('<x>Cust777</x>') },
      },
      'Cust777',
      [],
    )!;
    expect(i.path).toBe(`/${PLACEHOLDERS.customerId}/Remote/Services86/SoPrincipal.svc`);
    expect(i.reqheaders).toEqual({ authorization: PLACEHOLDERS.header, cookie: PLACEHOLDERS.header });
    expect(i.headers).toEqual({ 'set-cookie': PLACEHOLDERS.header, 'content-type': 'text/xml' });
    expect(i.body).toBe(`<x>${PLACEHOLDERS.customerId}</x>`);
  });

  it('finds a secret in raw, base64, URL-encoded and XML-escaped form, naming never the value', () => {
    const secret = { name: 'password', value: 'p@ss w<o>rd&"x' };
    const forms = secretForms(secret.value);
    const d = mkdtempSync(join(tmpdir(), 'so-scan-'));
    for (const [i, f] of forms.entries()) writeFileSync(join(d, `leak-${i}.json`), `{"x":"..${f.text}.."}`);
    writeFileSync(join(d, 'clean.html'), '<p>nothing here</p>');
    const hits = scanPaths([d], [secret]);
    for (const form of ['raw', 'base64', 'url-encoded', 'xml-escaped']) expect(hits.map((h) => h.form)).toContain(form);
    expect(hits.every((h) => !h.file.endsWith('clean.html'))).toBe(true);
    expect(JSON.stringify(hits)).not.toContain(secret.value);
  });
});

describe('so-conformance record (CLI)', () => {
  it('records the @live features against the emulated tenant, writes recording + log, scan clean: exit 0', async () => {
    const out = join(dir, 'cli');
    const reports = mkdtempSync(join(tmpdir(), 'so-rep-'));
    const code = await main(['--target', 'local', '--out', out, '--reports', reports, '--name', 'cli']);
    expect(code).toBe(0);
    expect(existsSync(join(out, 'cli.json'))).toBe(true);
    const log = readFileSync(join(out, 'cli.log'), 'utf8');
    // record runs the @live features in-process (cucumber's API) and writes one replayable recording.
    expect(log).toContain(`replay with: so-conformance run --target replay --recording ${join(out, 'cli.json')}`);
    expect(log).toContain('run: every scenario passed');
    expect(readdirSync(out).sort()).toEqual(['cli.json', 'cli.log']);
  });

  it('usage errors exit 2', async () => {
    expect(await main(['--target', 'elsewhere'])).toBe(2);
    expect(await main(['--bogus'])).toBe(2);
    const saved = process.env['SO_CONFORMANCE_CONFIG'];
    delete process.env['SO_CONFORMANCE_CONFIG'];
    try {
      expect(await main(['--target', 'live'])).toBe(2);
    } finally {
      if (saved !== undefined) process.env['SO_CONFORMANCE_CONFIG'] = saved;
    }
  });
});

describe('replay (runs last: it imports nock)', () => {
  it('replaying the fixtures with nock (network disabled) gives the same verdicts', async () => {
    const { recording, recordedVerdicts, scope } = shared();
    nock = (await import('nock')).default;
    nock.disableNetConnect();
    replay(nock, recording);
    const cfg = parseTargetConfig(
      { baseUrl: `${scope}/${PLACEHOLDERS.customerId}`, userName: 'so-conformance', allowDestructive: true, timeouts: { requestMs: 3000, pollMs: 2000 } },
      { SO_PASSWORD: PLACEHOLDERS.password, SO_APPLICATION_TOKEN: PLACEHOLDERS.applicationToken },
    );
    if (!cfg.ok) throw new Error(cfg.errors.join());
    const run = new LiveRun(cfg.config, { allowDestructiveFlag: true, allowProductionFlag: false }, {});
    const verdicts = await recordFlow(run);
    expect(verdicts).toEqual(recordedVerdicts);
    expect(nock.pendingMocks()).toEqual([]);
    expect(run.ticket).toBe(PLACEHOLDERS.ticket);
  });
});

describe('the secret scan explains a fragment hit without quoting it', () => {
  it('a password that contains a contract word is found where the word is, and the hint says why', () => {
    const secrets: NamedSecret[] = [{ name: 'password', value: 'MyPassword2026' }];
    const text = '<so:AuthenticateUsernamePassword><so:password>[redacted]</so:password>';
    const hits = findSecrets('rec.json', text, secrets);
    expect(hits).toEqual([{ file: 'rec.json', secret: 'password', form: 'fragment' }]);
    const hint = fragmentHint(hits)!;
    expect(hint).toContain('password: 8 or more consecutive characters');
    expect(hint).toContain('ordinary word of 8+ characters');
    // The hint names the cause, never the characters.
    for (let i = 0; i + 8 <= 'MyPassword2026'.length; i++) expect(hint).not.toContain('MyPassword2026'.slice(i, i + 8));
  });
  it('no hint for whole-value hits', () => {
    const hits = findSecrets('rec.json', 'x MyPassword2026 y', [{ name: 'password', value: 'MyPassword2026' }]);
    expect(hits.map((h) => h.form)).toEqual(['raw']);
    expect(fragmentHint(hits)).toBeUndefined();
  });
});
