/** Whatever arrives, serve answers with a response its own rules accept, and keeps serving. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startServer, type RunningServer } from '../src/server/index.ts';
import { xmlSafe, violationsDetail } from '../src/server/fault-detail.ts';
import { buildRequest } from '../src/envelope/request.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { validate } from '../src/validate.ts';
import { parseXml } from '../src/xml/parse.ts';

const contract = deleteChatSessionsContract();
let server: RunningServer;

beforeAll(async () => {
  server = await startServer({ maxBodyBytes: 256 * 1024 });
});
afterAll(async () => {
  await server.close();
});

async function post(body: Uint8Array, headers: Record<string, string>) {
  const res = await fetch(`${server.url}${contract.endpointPath}`, { method: 'POST', headers, body: Buffer.from(body) });
  const text = await res.text();
  const lines = [`HTTP/1.1 ${res.status} X`];
  res.headers.forEach((v, k) => lines.push(`${k}: ${v}`));
  const head = lines.join('\r\n');
  return { status: res.status, text, verdict: validate(`${head}\r\n\r\n${text}`, { kind: 'response' }) };
}

const valid = buildRequest({ ids: [1, 2, 3], applicationToken: 'fuzz-token-0000', ticket: 'fuzz-ticket-0000' });

describe('serve under arbitrary input', () => {
  it('random bytes: a Fault its own response rules accept, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
        const r = await post(bytes, valid.headers);
        expect([200, 500]).toContain(r.status);
        expect(r.verdict.violations.filter((v) => v.severity === 'error')).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('a valid envelope with bytes flipped, cut or inserted: every answer passes the response rules', async () => {
    const base = valid.bytes;
    await fc.assert(
      fc.asyncProperty(fc.nat(base.byteLength - 1), fc.integer({ min: 0, max: 255 }), fc.constantFrom('flip', 'cut', 'insert'), async (at, byte, how) => {
        const b = Buffer.from(base);
        const mutated = how === 'flip' ? (b.writeUInt8(byte, at), b) : how === 'cut' ? b.subarray(0, at) : Buffer.concat([b.subarray(0, at), Buffer.from([byte]), b.subarray(at)]);
        const r = await post(mutated, valid.headers);
        expect([200, 500]).toContain(r.status);
        expect(r.verdict.violations.filter((v) => v.severity === 'error'), r.text.slice(0, 300)).toEqual([]);
      }),
      { numRuns: 120 },
    );
    // Still serving.
    expect((await post(valid.bytes, valid.headers)).status).toBe(200);
  });

  it('a message quoting control characters or a lone surrogate still makes a well-formed Fault detail', () => {
    const nasty = 'a\u0000b\u0008c\u001fd\ud800e\udfff\uffff';
    expect(xmlSafe(nasty)).toBe('a\\u0000b\\u0008c\\u001fd\\ud800e\\udfff\\uffff');
    expect(xmlSafe('ok 😀 \t\n')).toBe('ok 😀 \t\n');
    const detail = violationsDetail([{ rule: 'XML-001', severity: 'error', message: nasty, line: 1, column: 1, path: null }]);
    expect(parseXml(`<detail>${detail}</detail>`).ok).toBe(true);
  });

  it('a Fault detail counts the violations it leaves out', () => {
    const v = { rule: 'IDS-003', severity: 'error' as const, message: 'm', line: 1, column: 1, path: 'Envelope' };
    expect(violationsDetail([v], 7)).toContain('<v:Omitted>7</v:Omitted>');
    expect(violationsDetail([v])).not.toContain('Omitted');
  });
});
