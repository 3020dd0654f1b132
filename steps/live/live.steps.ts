/**
 * Live steps: thin sentences over src/live. Every sentence starts with "the live ..." or names the
 * emulated tenant, so none can collide with the offline suite's steps (the default profile loads
 * steps/** too). Undocumented tenant behaviour is recorded as an observation, not asserted.
 */
import { Given, Then, When, type IWorld } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { checkDrift } from '../../src/live/drift.ts';
import { ObservationLog } from '../../src/live/observations.ts';
import { liveSecrets } from '../../src/live/secrets.ts';
import { secretsFor } from '../../src/report/redact.ts';
import { LiveError } from '../../src/live/transport.ts';
import { INVALID_TICKET } from '../../src/live/record.ts';
import { WSDL_ALTERATIONS } from '../../src/tenant/drifted-wsdl.ts';
import type { FaultKnobs } from '../../src/tenant/server.ts';
import { validate } from '../../src/validate.ts';
import { exchangeAttachments, verdictAttachment } from '../../src/report/attachments.ts';
import { live, STEP } from './support.ts';

/** Live calls can take up to requestMs each, and polling up to pollMs: no 5 s step limit here. */
const T = STEP;

/** The last exchange, named and laid out as the offline suite does (src/report/attachments.ts). */
function attachLast(world: IWorld): void {
  const w = live(world);
  const x = w.last?.exchange;
  if (!x) return;
  // exchangeAttachments learns the request's own secrets too (a ticket it carries is redacted in the response).
  for (const a of exchangeAttachments(x, liveSecrets(w.run.secrets()))) world.attach(a.data, { mediaType: a.mediaType, fileName: a.fileName });
  world.log(`${x.service}.${x.operation}${x.ok ? ` answered in ${Math.round(x.durationMs)} ms` : ''}`);
}

// ---- reachability and authentication ----

When('the live suite asks the tenant for its system information', T, async function (this: IWorld) {
  const w = live(this);
  const info = await w.run.reach();
  w.keep('GetSystemInfo', info.result);
  attachLast(this);
});

Then('the live tenant reports its NetServer version', T, function (this: IWorld) {
  const w = live(this);
  assert.ok(w.run.systemInfo?.version, 'GetSystemInfo returned no AssemblyVersion/FileVersion');
  this.log(`NetServer version: ${w.run.systemInfo.version}${w.run.systemInfo.buildLabel ? ` (${w.run.systemInfo.buildLabel})` : ''}`);
});

When('the live suite obtains a ticket', T, async function (this: IWorld) {
  const w = live(this);
  w.run.ticket = undefined;
  await w.run.login();
  const auth = w.run.exchanges.find((x) => x.operation === 'AuthenticateUsernamePassword');
  if (auth?.ok) w.run.observations.fromResult('AuthenticateUsernamePassword', w.run.client.interpret(auth), { scenario: w.scenario });
});

Then('the live suite holds a ticket', T, function (this: IWorld) {
  const w = live(this);
  assert.ok(w.run.ticket && w.run.ticket.length > 0, 'no ticket');
  this.log(`ticket obtained ${w.run.config.secrets.ticket ? 'from the environment' : 'from AuthenticateUsernamePassword'} (value redacted)`);
});

When('the live suite logs in with a wrong password', T, async function (this: IWorld) {
  const w = live(this);
  const t0 = performance.now();
  try {
    await w.run.client.authenticate(w.run.config.userName ?? 'so-conformance', `wrong-password-${w.run.runTag}`);
  } catch (e) {
    w.lastError = e;
    w.lastMs = performance.now() - t0;
  }
});

// ---- read-only DeleteChatSessions ----

When('the live suite sends DeleteChatSessions with Ids {word}', T, async function (this: IWorld, shape: string) {
  assert.ok(shape === 'omitted' || shape === 'nil' || shape === 'empty', `unknown Ids shape ${shape}`);
  const w = live(this);
  w.keep(`DeleteChatSessions Ids ${shape}`, await w.run.deleteWithoutIds({ kind: shape }));
  attachLast(this);
});

When('the live suite sends DeleteChatSessions with empty Ids and an invalid ticket', T, async function (this: IWorld) {
  const w = live(this);
  w.keep('DeleteChatSessions invalid ticket', await w.run.deleteWithoutIds({ kind: 'empty' }, { ticket: INVALID_TICKET }));
  attachLast(this);
});

When('the live suite sends DeleteChatSessions with empty Ids and a wrong SOAPAction', T, async function (this: IWorld) {
  const w = live(this);
  const action = `${w.run.client.contract.soapAction}Wrong`;
  w.keep('DeleteChatSessions wrong SOAPAction', await w.run.deleteWithoutIds({ kind: 'empty' }, { soapAction: action }));
  attachLast(this);
});

When('the live suite sends DeleteChatSessions with empty Ids as SOAP 1.2', T, async function (this: IWorld) {
  const w = live(this);
  w.keep('DeleteChatSessions as SOAP 1.2', await w.run.deleteWithoutIds({ kind: 'empty' }, { profile: 'soap12' }));
  attachLast(this);
});

Then('the live response conforms to the response rules', T, function (this: IWorld) {
  const w = live(this);
  const r = w.last;
  assert.ok(r?.exchange.ok, 'no response');
  const res = r.exchange.response;
  const verdict = validate(res.bytes, { kind: 'response', version: w.run.config.servicesVersion, http: { status: res.status, headers: res.headers } });
  const a = verdictAttachment(verdict, 'response');
  this.attach(a.data, { mediaType: a.mediaType, fileName: a.fileName });
  const errors = verdict.violations.filter((v) => v.severity === 'error');
  assert.deepEqual(
    errors.map((v) => `${v.rule} ${v.path ?? ''}: ${v.message}`),
    [],
    'the tenant response violates the contract',
  );
});

Then('the live response is not a SOAP Fault', T, function (this: IWorld) {
  const r = live(this).last;
  assert.ok(r, 'no response');
  assert.equal(r.fault, undefined, `expected no SOAP Fault for a request the WSDL allows, got ${r.fault?.code}: ${r.fault?.reason}`);
  assert.equal(r.status, 200, `expected HTTP 200, got ${r.status}`);
});

Then('the live response does not report success', T, function (this: IWorld) {
  const r = live(this).last;
  assert.ok(r, 'no response');
  const success = r.status === 200 && !r.fault && r.succeeded === true;
  assert.ok(!success, 'the tenant reported success for a request outside the WSDL binding');
});

Then('the live outcome is recorded as an observation', T, function (this: IWorld) {
  const w = live(this);
  const mine = w.run.observations.forScenario(w.scenario);
  assert.ok(mine.length > 0, 'no observation recorded');
  this.attach(`Observed (not asserted: undocumented tenant behaviour)\n${ObservationLog.summary(mine)}`, { mediaType: 'text/plain', fileName: 'observed.txt' });
});

// ---- destructive round trip ----

Given('the live suite has created a throw-away chat topic with the test user as agent and {int} chat session(s) in it', T, async function (this: IWorld, n: number) {
  const w = live(this);
  w.sessions = await w.run.createThrowAwaySessions(n);
  this.log(`created topic ${w.run.created.topics.join(', ')} and sessions ${w.sessions.join(', ')} (tag ${w.run.runTag})`);
});

Given('the live suite observes whether ChatSessionsForUser lists them', T, async function (this: IWorld) {
  const w = live(this);
  const { ids, result } = await w.run.client.chatSessionsForUser(await w.run.login());
  const listed = w.sessions.filter((id) => ids.includes(id));
  w.run.observe('ChatSessionsForUser before delete', result, w.scenario, `lists ${listed.length} of the ${w.sessions.length} sessions this run created`);
});

When('the live suite deletes those sessions with DeleteChatSessions', T, async function (this: IWorld) {
  const w = live(this);
  w.keep('DeleteChatSessions own ids', await w.run.deleteOwnSessions(w.sessions));
  attachLast(this);
});

Then('the live response has Succeeded=true, a nil ExceptionInfo and an empty DeleteChatSessionsResponse', T, function (this: IWorld) {
  const w = live(this);
  const r = w.last;
  assert.ok(r, 'no response');
  assert.equal(r.fault, undefined, `SOAP Fault: ${r.fault?.code}: ${r.fault?.reason}`);
  assert.equal(r.status, 200);
  assert.equal(r.succeeded, true, `Succeeded is ${r.succeeded}: ${r.exceptionInfo?.exceptionType ?? ''} ${r.exceptionInfo?.message ?? ''}`);
  assert.equal(r.exceptionInfo, null, 'ExceptionInfo is not nil');
  const c = w.run.client.contract;
  assert.equal(r.payload?.local, c.response.local);
  assert.equal(r.payload?.ns, c.response.ns);
  assert.equal(r.payload?.children.length, 0, 'the response element has children');
  assert.equal(r.payload?.text.trim(), '', 'the response element has text');
});

Then('within the poll timeout neither ChatSessionsForUser nor GetChatSessionEntity returns those sessions', T, async function (this: IWorld) {
  const w = live(this);
  const v = await w.run.verifyGone(w.sessions);
  this.log(`verified in ${v.attempts} attempt(s) within ${w.run.config.timeouts.pollMs} ms`);
  assert.deepEqual(v.stillListed, [], 'ChatSessionsForUser still lists deleted sessions');
  assert.deepEqual(v.stillFound, [], 'GetChatSessionEntity still returns deleted sessions');
  const get = [...w.run.exchanges].reverse().find((x) => x.operation === 'GetChatSessionEntity');
  if (get?.ok) w.run.observe('GetChatSessionEntity after delete', w.run.client.interpret(get), w.scenario, 'how the tenant answers for a deleted id');
});

When('the live suite tries to delete a session id it did not create', T, async function (this: IWorld) {
  const w = live(this);
  const before = w.run.exchanges.length;
  const foreign = Math.max(0, ...w.sessions) + 1_000_000;
  try {
    await w.run.deleteOwnSessions([...w.sessions, foreign]);
    w.lastError = undefined;
  } catch (e) {
    w.lastError = e;
  }
  assert.equal(w.run.exchanges.length, before, 'a request was sent');
});

Then('the live suite refuses before sending anything', T, function (this: IWorld) {
  const e = live(this).lastError;
  assert.ok(e instanceof LiveError, 'no refusal');
  assert.equal(e.kind, 'refused-by-suite');
  assert.match(e.message, /not created by this run/);
});

// ---- transport failures (emulated tenant only) ----

Given('the emulated tenant injects {string}', T, function (this: IWorld, knob: string) {
  const w = live(this);
  const faults: FaultKnobs = w.local.tenant.faults;
  if (knob === 'latency') faults.latencyMs = w.run.client.options.timeoutMs + 700;
  else faults.mode = knob as FaultKnobs['mode'];
});

Given('the live request timeout is {int} ms', T, function (this: IWorld, ms: number) {
  live(this).run.client.options.timeoutMs = ms;
});

When('the live suite asks the tenant for its system information, expecting a failure', T, async function (this: IWorld) {
  const w = live(this);
  const t0 = performance.now();
  try {
    await w.run.client.getSystemInfo();
    w.lastError = undefined;
  } catch (e) {
    w.lastError = e;
    w.run.observations.fromError('GetSystemInfo', e, { scenario: w.scenario });
  }
  w.lastMs = performance.now() - t0;
});

Then('the live call fails with a(n) {string} error naming {string}', T, function (this: IWorld, kind: string, words: string) {
  const e = live(this).lastError;
  assert.ok(e instanceof LiveError, `expected a LiveError, got ${e === undefined ? 'success' : String(e)}`);
  assert.equal(e.kind, kind, e.message);
  assert.ok(e.message.toLowerCase().includes(words.toLowerCase()), `"${e.message}" does not name "${words}"`);
  this.log(e.message);
});

Then('the failure came within the live request timeout', T, function (this: IWorld) {
  const w = live(this);
  // A bound, not a speed measurement: generous slack for a loaded CI machine.
  assert.ok((w.lastMs ?? Infinity) < w.run.client.options.timeoutMs + 5000, `took ${w.lastMs} ms`);
});

// ---- WSDL drift ----

Given('the emulated tenant serves a CustomerService WSDL where {string}', T, function (this: IWorld, name: string) {
  const alter = WSDL_ALTERATIONS[name];
  assert.ok(alter, `unknown alteration "${name}" (known: ${Object.keys(WSDL_ALTERATIONS).join(', ')})`);
  live(this).local.tenant.options.alterCustomerServiceWsdl = alter;
});

When('the live suite checks the tenant\'s CustomerService WSDL for drift', T, async function (this: IWorld) {
  const w = live(this);
  w.drift = await checkDrift(w.run.client.endpoint('CustomerService'), { timeoutMs: w.run.config.timeouts.requestMs, version: w.run.config.servicesVersion });
  this.attach(JSON.stringify(liveSecrets(w.run.secrets()).redactDeep(w.drift), null, 2), { mediaType: 'application/json', fileName: 'drift.json' });
  for (const f of w.drift.fetched) w.run.observations.items.push({ scenario: w.scenario, label: `GET ?${f.source}`, outcome: f.error ? 'no-answer' : 'not-soap', status: f.status, note: f.error ?? 'a WSDL document, not a SOAP response' });
});

Then('the DeleteChatSessions slice of the live WSDL matches the vendored WSDL', T, function (this: IWorld) {
  const d = live(this).drift;
  assert.ok(d, 'no drift check ran');
  const errors = d.findings.filter((f) => f.severity === 'error');
  assert.deepEqual(errors.map((f) => `${f.source} ${f.id}: ${f.message}`), []);
  assert.ok(d.fetched.some((f) => f.status === 200), 'neither ?wsdl nor ?singleWsdl was served');
});

Then('the drift check reports {string}', T, function (this: IWorld, id: string) {
  const d = live(this).drift;
  assert.ok(d, 'no drift check ran');
  const ids = d.findings.map((f) => f.id);
  assert.ok(ids.includes(id), `expected finding ${id}, got ${ids.join(', ') || 'none'}`);
});
