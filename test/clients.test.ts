import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../src/server/index.ts';
import { MATRIX, PROGRAMS, FAKE_APP_TOKEN, FAKE_TICKET, assertInstalled, runClient, ruleIds, wsdlUrl, type ClientProgram } from '../steps/support/client-matrix.ts';

const servers: Partial<Record<'wsdl' | 'soap12', RunningServer>> = {};
const logs: string[] = [];

beforeAll(async () => {
  servers.wsdl = await startServer({ log: (l) => logs.push(l) });
  servers.soap12 = await startServer({ profile: 'soap12', log: (l) => logs.push(l) });
  // The compiled clients are generated from serve's ?wsdl and built once, here, not under a row's timeout.
  for (const p of Object.values(PROGRAMS) as ClientProgram[]) if (p.build) {
    assertInstalled(p);
    await p.build(wsdlUrl(servers.wsdl));
  }
}, 900_000);
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()));
});

describe('real SOAP clients against serve', () => {
  for (const row of MATRIX) {
    const e = row.expected;
    it(`${row.id}: ${PROGRAMS[row.program].name} (${row.setup}, ${row.variant}) → ${e.answer}${e.errors.length ? ` [${e.errors.join(', ')}]` : ''}`, async () => {
      const run = await runClient(row, servers[row.serverProfile]!);
      expect(run.verdicts, `one POST expected; the client printed ${JSON.stringify(run.client)}\n${run.stderr}`).toHaveLength(1);
      const v = run.verdicts[0]!;
      expect({ answer: v.answer, status: v.status, errors: ruleIds(v, 'error'), warnings: ruleIds(v, 'warning') }).toEqual({
        answer: e.answer,
        status: e.status,
        errors: e.errors,
        warnings: e.warnings,
      });
      expect(v.conformant).toBe(e.errors.length === 0);
      expect(run.client.outcome).toBe(e.clientOutcome);
      // The client really received what the server meant: a response with Succeeded=true, or the fault.
      if (e.clientOutcome === 'response') expect(String(run.client['succeeded'])).toMatch(/^(true|1)$/);
      if (e.answer === 'action-not-supported') expect(String(run.client['faultcode'])).toMatch(/ActionNotSupported$/);
      if (e.answer === 'fault') expect(String(run.client['faultcode'])).toMatch(/Client$/);
      // Every client can read the rule IDs of serve's own Fault (ActionNotSupported keeps WCF's text,
      // its rules are in the detail): in what it reported, and for the WCF clients in the
      // ExceptionDetail they raise as FaultException<ExceptionDetail>.
      if (e.answer === 'fault') for (const id of e.errors) expect(JSON.stringify(run.client), row.id).toContain(id);
      if (e.clientOutcome === 'fault' && (row.program === 'mono-wcf' || row.program === 'dotnet-wcf')) {
        expect(run.client['detailType'], row.id).toBe('ExceptionDetail');
        for (const id of e.errors) expect(String(run.client['detailMessage']), row.id).toContain(id);
      }
    });
  }

  it('every client reads an application error (Succeeded=false) from a conformant request', async () => {
    const server = await startServer({ appErrorTickets: [FAKE_TICKET] });
    try {
      // A row that sends no ticket (HDR-008) cannot be given the application error's ticket.
      for (const row of MATRIX.filter((r) => r.expected.answer === 'success' && r.serverProfile === 'wsdl' && !r.expected.warnings.includes('HDR-008'))) {
        const run = await runClient(row, server);
        expect(run.verdicts.map((v) => v.answer), row.id).toEqual(['app-error']);
        expect(run.client.outcome, row.id).toBe('response');
        expect(String(run.client['succeeded']), row.id).toMatch(/^(false|0|)$/);
      }
    } finally {
      await server.close();
    }
  });

  it('a default client that breaks rules has a fixed row that conforms', () => {
    for (const program of Object.keys(PROGRAMS)) {
      const broken = MATRIX.filter((r) => r.program === program && r.setup === 'default' && r.expected.errors.length > 0);
      const fixed = MATRIX.filter((r) => r.program === program && r.setup === 'fixed' && r.serverProfile === 'wsdl' && r.expected.errors.length === 0);
      if (broken.length) expect(fixed.length, program).toBeGreaterThan(0);
    }
  });

  it('a missing client fails with the package to install, never a skip', () => {
    const missing: ClientProgram = { ...PROGRAMS.php, command: '/nonexistent/php' };
    expect(() => assertInstalled(missing)).toThrow(/php8\.2-soap/);
  });

  it('no secret reaches the server log or the verdicts', () => {
    const all = JSON.stringify([logs, servers.wsdl!.verdicts(), servers.soap12!.verdicts()]);
    expect(logs.length).toBeGreaterThan(0);
    expect(all).not.toContain(FAKE_APP_TOKEN);
    expect(all).not.toContain(FAKE_TICKET);
  });
});
