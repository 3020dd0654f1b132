import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { validate, type Verdict } from '../src/validate.ts';
import { parseXml } from '../src/xml/parse.ts';
import { FIELD_MAX } from '../src/xml/text.ts';
import { VERDICT_MAX_CHARS } from '../src/contract/check.ts';
import { ContractSchemas } from '../src/contract/schema.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { NS } from '../src/contract/namespaces.ts';
import { startServer, type RunningServer } from '../src/server/index.ts';
import { VerdictRing, type ServerVerdict } from '../src/server/verdicts.ts';
import { main as validateMain } from '../src/cli/validate.ts';
import { main as serveMain } from '../src/cli/serve.ts';
import { capturedIo } from '../src/cli/io.ts';
import { FAMILIES, contract } from '../bench/families.ts';

/**
 * Issue 9, "What was found": each finding reproduced as a test named after it (each failed on the
 * code before the fix), then every stress family at a small size. Memory is measured as the heap a
 * result keeps after a full GC, never as time.
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const MB = 1024 * 1024;

function heapAfterGc(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** Every field of every violation is bounded, and the whole verdict too. */
function expectCapped(v: Verdict): void {
  for (const x of v.violations) {
    expect(x.message.length).toBeLessThanOrEqual(FIELD_MAX);
    expect((x.hint ?? '').length).toBeLessThanOrEqual(FIELD_MAX);
    expect((x.path ?? '').length).toBeLessThanOrEqual(FIELD_MAX);
  }
  expect(JSON.stringify(v).length).toBeLessThan(2 * VERDICT_MAX_CHARS);
}

const rules = (v: Verdict) => [...new Set(v.violations.map((x) => x.rule))];

describe('issue 9 findings', () => {
  it('1. namespace scopes are copied: one declaration per element keeps memory linear in the input', () => {
    const decls = Array.from({ length: 250 }, (_, i) => `xmlns:p${i}="urn:p${i}"`).join(' ');
    const doc = `<r ${decls}>${'<e xmlns:q="urn:q"/>'.repeat(50_000)}</r>`;
    const before = heapAfterGc();
    const parsed = parseXml(doc);
    const kept = heapAfterGc() - before;
    expect(parsed.ok).toBe(true);
    // The tree itself is a few dozen bytes per element; a copied 251-entry scope each would be ~500 MB.
    expect(kept).toBeLessThan(40 * doc.length);
    if (parsed.ok) {
      const last = parsed.doc.root.children.at(-1)!;
      expect(last.scope.get('q')).toBe('urn:q');
      expect(last.scope.get('p249')).toBe('urn:p249');
      expect(last.scope.size).toBe(252);
      expect([...last.scope].length).toBe(252);
    }
  });

  it('2. the process-wide name cache pins request bodies: nothing of a judged body stays behind', () => {
    const family = FAMILIES.find((f) => f.name === 'unique-name stream')!;
    validate(family.make(0.05, 1).body); // warm up everything that is loaded once
    const before = heapAfterGc();
    for (let i = 0; i < 30; i++) expect(validate(family.make(1, 100 + i).body).conformant).toBe(true);
    // 30 bodies of 1 MiB: a cache of slices would keep ~30 MB of them.
    expect(heapAfterGc() - before).toBeLessThan(8 * MB);
  });

  it('3. the verdict ring is bounded by count, not bytes: huge xsi:type/xsi:nil values are quoted elided, the history has a byte budget', async () => {
    const big = 'x'.repeat(2 * MB);
    const body = buildRequest({ ids: [1] }).body.replace('<arr:int>1</arr:int>', `<arr:int xmlns:xsi="${NS.xsi}" xsi:type="${big}:int">1</arr:int>`);
    const v = validate(body);
    expect(rules(v)).toContain('IDS-007');
    expectCapped(v);
    const hit = v.violations.find((x) => x.rule === 'IDS-007')!;
    expect(hit.message).toMatch(/characters cut/);

    const ring = new VerdictRing(100, 1 * MB);
    const huge: ServerVerdict = { time: '', method: 'POST', path: '/', soapAction: null, status: 500, answer: 'fault', conformant: false, violations: Array.from({ length: 200 }, () => ({ ...hit })) };
    for (let i = 0; i < 100; i++) ring.push(huge);
    expect(ring.size()).toBeLessThanOrEqual(1 * MB);
    expect(JSON.stringify(ring.list()).length).toBeLessThan(2 * MB);
    expect(ring.list().length).toBeGreaterThan(0);
  });

  it('4. the schema backstop is quadratic: libxml2 is asked about bounded batches and no more once OP-004 has enough', () => {
    const items = '<arr:int foo="1">1</arr:int>'.repeat(50_000);
    const body = buildRequest({ ids: [1] }).body.replace('<arr:int>1</arr:int>', items);
    const spy = vi.spyOn(ContractSchemas.prototype, 'validateFragment');
    try {
      const v = validate(body);
      const sent = spy.mock.calls.reduce((n, [xml]) => n + xml.length, 0);
      const op4 = v.violations.filter((x) => x.rule === 'OP-004');
      expect(op4.length).toBe(51);
      expect(op4.at(-1)!.message).toMatch(/validation stopped after 50 findings; \d+ more items were not checked/);
      // The whole array is 1.4 MB; what libxml2 saw is a few batches of it.
      expect(sent).toBeLessThan(body.length / 10);
      expectCapped(v);
    } finally {
      spy.mockRestore();
    }
  });

  it('5. findings amplify their input: a 7 MiB element name over 60 Ticket findings costs a bounded verdict, and validate --json exits 1', async () => {
    const name = `L${'n'.repeat(7 * MB)}`;
    const body = buildRequest({ ids: [1] }).body.replace('</soap:Header>', `<so:${name}>${'<so:Ticket>t</so:Ticket>'.repeat(60)}</so:${name}></soap:Header>`);
    const v = validate(body);
    expect(rules(v)).toContain('HDR-006');
    expectCapped(v);

    const dir = mkdtempSync(join(tmpdir(), 'engine-bounds-'));
    const file = join(dir, 'long-name.xml');
    writeFileSync(file, body);
    const io = capturedIo();
    try {
      expect(await validateMain(['--json', file], io)).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const line = JSON.parse(io.stdoutText()) as { conformant: boolean };
    expect(line.conformant).toBe(false);
    expect(io.stdoutText().length).toBeLessThan(2 * VERDICT_MAX_CHARS);
  });

  describe('7. smaller', () => {
    it('character references with leading zeros are refused', () => {
      const p = parseXml('<a>&#x0000000041;&#00000000065;&#x000000000000000000042;</a>');
      expect(p.ok && p.doc.root.text).toBe('AAB');
      // Still refused: a value out of range however it is written.
      expect(parseXml('<a>&#x00110000;</a>').ok).toBe(false);
    });

    it('a PI target with a colon is XML-001 (it is a namespace error: XML-002)', () => {
      const body = buildRequest({ ids: [1] }).body.replace('<soap:Body>', '<soap:Body><?a:b data?>');
      expect(rules(validate(body))).toEqual(['XML-002']);
    });

    it('U+00A0 alone is "empty" because of a JavaScript trim()', () => {
      expect(rules(validate('\u00a0'))).toEqual(['XML-001']);
      const body = buildRequest({ ids: [1] }).body.replace('<soap:Body>', '<soap:Body>\u00a0');
      expect(rules(validate(body))).toContain('ENV-008');
    });

    it('serve --read-timeout 3000000000 is accepted (Node would overflow it into an instant 408)', async () => {
      const io = capturedIo();
      expect(await serveMain(['--read-timeout', '3000000000'], io)).toBe(2);
      expect(io.stderrText()).toMatch(/--read-timeout must be a whole number from 0 to 2147483647/);
      await expect(startServer({ readTimeoutMs: 3_000_000_000 })).rejects.toThrow(RangeError);
    });

    describe('serve', () => {
      let server: RunningServer;
      beforeAll(async () => {
        server = await startServer({ readTimeoutMs: 1000, maxInflightBytes: 1 * MB });
      });
      afterAll(() => server.close());

      const rawAnswer = (bytes: string, waitMs: number) =>
        new Promise<string>((resolve) => {
          const s = connect(server.port, '127.0.0.1');
          const got: Buffer[] = [];
          const timer = setTimeout(() => s.destroy(), waitMs);
          s.on('data', (c) => got.push(c));
          s.on('close', () => {
            clearTimeout(timer);
            resolve(Buffer.concat(got).toString('latin1'));
          });
          s.on('error', () => undefined);
          s.write(bytes);
        });

      const stillServes = async () => {
        const r = buildRequest({ ids: [1, 2, 3] });
        const res = await fetch(`${server.url}${contract.endpointPath}`, { method: 'POST', headers: r.headers, body: r.body });
        expect(res.status).toBe(200);
      };

      it('clients slow on headers get 400 instead of 408', async () => {
        const got = await rawAnswer(`POST ${contract.endpointPath} HTTP/1.1\r\nHost: x\r\n`, 8000);
        expect(got).toMatch(/^HTTP\/1\.1 408 /);
        await stillServes();
      });

      it('the 408 text says "and then nothing" while the timer counts total time', async () => {
        const r = buildRequest({ ids: [1] });
        const head = `POST ${contract.endpointPath} HTTP/1.1\r\nHost: x\r\nContent-Type: ${r.headers['content-type']}\r\nSOAPAction: ${r.headers['soapaction']}\r\nContent-Length: 100\r\n\r\n`;
        const got = await rawAnswer(`${head}0123456789`, 8000);
        expect(got).toMatch(/^HTTP\/1\.1 408 /);
        const v = server.verdicts().at(-1)!;
        expect(v.answer).toBe('timeout');
        expect(v.violations[0]!.message).not.toMatch(/and then nothing/);
        expect(v.violations[0]!.message).toMatch(/not complete 1000 ms after the request arrived \(10 bytes of the 100 declared received/);
      });

      it('48 concurrent 15.9 MiB bodies take serve to 1.09 GB: past --max-inflight a request gets 503 + Retry-After, recorded as a verdict', async () => {
        const r = buildRequest({ ids: [1] });
        const declared = 700 * 1024;
        const head = `POST ${contract.endpointPath} HTTP/1.1\r\nHost: x\r\nContent-Type: ${r.headers['content-type']}\r\nSOAPAction: ${r.headers['soapaction']}\r\nContent-Length: ${declared}\r\n\r\n`;
        // The first holds 700 KiB of the 1 MiB budget while it trickles; the second does not fit.
        const holder = connect(server.port, '127.0.0.1');
        holder.on('error', () => undefined);
        holder.write(`${head}<`);
        await new Promise((res) => setTimeout(res, 200));
        const refused = await rawAnswer(head, 3000);
        expect(refused).toMatch(/^HTTP\/1\.1 503 /);
        expect(refused).toMatch(/retry-after: 1/i);
        const v = server.verdicts().at(-1)!;
        expect(v).toMatchObject({ status: 503, answer: 'busy', conformant: false });
        expect(v.note).toMatch(/--max-inflight/);
        holder.destroy();
        // Once the holder is gone (its read times out or aborts), the budget is free again.
        await new Promise((res) => setTimeout(res, 1500));
        await stillServes();
      });
    });
  });
});

describe('stress families at a small size (npm run stress runs them at 1x, 2x, 4x)', () => {
  for (const family of FAMILIES.filter((f) => !f.concurrent)) {
    it(`${family.name}: the verdict names the expected rules and every field is capped`, () => {
      const attack = family.make(0.1, 7);
      const v = validate(attack.body);
      expectCapped(v);
      if (attack.expectRules.length === 0) expect(v.conformant).toBe(true);
      for (const r of attack.expectRules) expect(rules(v)).toContain(r);
    });
  }
  // Every output of every family: validate (human and --json) and serve (Fault body, verdicts, log).
  // No 8-character substring of a family's secrets may reach any of them.
  const fragments = (secret: string) => Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8));
  for (const family of FAMILIES.filter((f) => !f.concurrent && f.make(0.1, 7).secrets.length > 0)) {
    it(`${family.name}: no 8-character fragment of its secrets reaches validate's or serve's output`, async () => {
      const attack = family.make(0.1, 7);
      const dir = mkdtempSync(join(tmpdir(), 'engine-secrets-'));
      const file = join(dir, 'attack.xml');
      writeFileSync(file, attack.body);
      const human = capturedIo();
      const json = capturedIo();
      const log: string[] = [];
      const server = await startServer({ log: (l) => log.push(l) });
      try {
        expect(await validateMain([file], human)).toBe(attack.expectRules.length ? 1 : 0);
        expect(await validateMain(['--json', file], json)).toBe(attack.expectRules.length ? 1 : 0);
        const answer = await fetch(`${server.url}${contract.endpointPath}`, { method: 'POST', headers: attack.headers, body: attack.body });
        const fault = await answer.text();
        const verdicts = await (await fetch(`${server.url}/__conformance/verdicts`)).text();
        const outputs = { 'validate human': human.stdoutText() + human.stderrText(), 'validate --json': json.stdoutText() + json.stderrText(), 'serve answer': fault, 'serve verdicts': verdicts, 'serve log': log.join('\n') };
        for (const r of attack.expectRules) expect(outputs['validate --json']).toContain(r);
        for (const [name, text] of Object.entries(outputs)) {
          for (const secret of attack.secrets) for (const f of fragments(secret)) expect(text.includes(f), `${name} holds "${f}"`).toBe(false);
        }
      } finally {
        await server.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
  it('concurrent large bodies: a 15.9 MiB body of ids is conformant', () => {
    const attack = FAMILIES.find((f) => f.concurrent)!.make(1, 1);
    expect(attack.body.byteLength).toBeGreaterThan(15 * MB);
    expect(attack.body.byteLength).toBeLessThan(16 * MB);
    expect(validate(attack.body).conformant).toBe(true);
  });
});
