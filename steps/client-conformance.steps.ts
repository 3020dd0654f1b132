/**
 * Steps of features/client-conformance.feature: thin sentences over steps/support/client-matrix.ts, which
 * runs the real clients. State lives on the scenario's World under one typed key, so these steps
 * depend on nothing of the shared World but `attach`.
 */
import { AfterAll, Given, Then, When } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { startServer, type RunningServer, type ServerVerdict } from '../src/server/index.ts';
import { isProfileId, type ProfileId } from '../src/contract/profiles.ts';
import { MATRIX, PROGRAMS, runClient, ruleIds, type ClientRun, type MatrixRow } from './support/client-matrix.ts';

interface ClientState {
  server?: RunningServer;
  profile?: ProfileId;
  run?: ClientRun;
}

interface Attaching {
  attach(data: string, mediaType: string): void | Promise<void>;
}

type WithClients = Attaching & { clientConformance?: ClientState };

function state(world: unknown): ClientState {
  const w = world as WithClients;
  w.clientConformance ??= {};
  return w.clientConformance;
}

/** One server per profile for the whole run: starting one costs milliseconds, but clients take seconds anyway. */
const servers = new Map<ProfileId, Promise<RunningServer>>();

AfterAll(async () => {
  for (const s of servers.values()) await (await s).close();
  servers.clear();
});

Given('so-conformance serve is running with the {string} profile', async function (this: unknown, profile: string) {
  assert.ok(isProfileId(profile), `unknown profile "${profile}" (wsdl or soap12)`);
  if (!servers.has(profile)) servers.set(profile, startServer({ profile }));
  const s = state(this);
  s.server = await servers.get(profile)!;
  s.profile = profile;
});

When(
  'the {string} client of the real-client matrix calls DeleteChatSessions with ids 1, 2, 3, an ApplicationToken and a Ticket',
  // A compiled client is generated and built on its first row (cached for the run): minutes, not seconds.
  { timeout: 900_000 },
  async function (this: unknown, id: string) {
    const s = state(this);
    assert.ok(s.server, 'start serve first');
    const row: MatrixRow | undefined = MATRIX.find((r) => r.id === id);
    assert.ok(row, `no row "${id}" in steps/support/client-matrix.ts (rows: ${MATRIX.map((r) => r.id).join(', ')})`);
    assert.equal(row.serverProfile, s.profile, `row ${id} is meant for serve --profile ${row.serverProfile}`);
    s.run = await runClient(row, s.server);
    const w = this as WithClients;
    await w.attach(`${PROGRAMS[row.program].name} (${row.variant}) printed: ${JSON.stringify(s.run.client)}`, 'text/plain');
    await w.attach(JSON.stringify(s.run.verdicts, null, 2), 'application/json');
  },
);

function verdict(world: unknown): { v: ServerVerdict; run: ClientRun } {
  const run = state(world).run;
  assert.ok(run, 'no client has run in this scenario');
  assert.equal(run.verdicts.length, 1, `expected one request from the client, got ${run.verdicts.length}; client printed ${JSON.stringify(run.client)}\n${run.stderr}`);
  return { v: run.verdicts[0]!, run };
}

Then('serve answered {string} with HTTP {int}', function (this: unknown, answer: string, status: number) {
  const { v, run } = verdict(this);
  assert.deepEqual({ answer: v.answer, status: v.status }, { answer, status });
  // The feature and the matrix the unit tests and the docs use must tell the same story.
  assert.deepEqual({ answer: run.row.expected.answer, status: run.row.expected.status }, { answer, status }, 'the feature and steps/support/client-matrix.ts disagree');
});

Then('the rules the request broke are {string}', function (this: unknown, list: string) {
  const { v, run } = verdict(this);
  const expected = list.split(',').map((r) => r.trim()).filter(Boolean).sort();
  assert.deepEqual(ruleIds(v, 'error'), expected);
  assert.equal(v.conformant, expected.length === 0);
  assert.deepEqual(run.row.expected.errors, expected, 'the feature and steps/support/client-matrix.ts disagree');
});

Then('the client itself reported a {string}', function (this: unknown, outcome: string) {
  const { run } = verdict(this);
  assert.equal(run.client.outcome, outcome, `client printed ${JSON.stringify(run.client)}`);
});
