/**
 * Steps of features/live/wcf-silent.feature: the emulated tenant in its `wcf` behaviour
 * (src/tenant/wcf-mode.ts) and a client that leaves Ids unqualified. Thin sentences over src/live.
 */
import { After, Given, Then, When, type IWorld } from '@cucumber/cucumber';
import assert from 'node:assert/strict';
import { live, STEP } from './support.ts';

Given('the emulated tenant answers DeleteChatSessions as a WCF server does', function (this: IWorld) {
  live(this).local.tenant.options.behaviour = 'wcf';
});

// Back to the validating tenant for the scenarios after this one.
After({ tags: '@emulated' }, function (this: IWorld) {
  try {
    live(this).local.tenant.options.behaviour = 'validating';
  } catch {
    // Not a local run: there is no emulated tenant to reset.
  }
});

When('a client deletes those sessions with an unqualified Ids', STEP, async function (this: IWorld) {
  const w = live(this);
  const ticket = await w.run.login();
  w.keep('DeleteChatSessions with an unqualified Ids (wcf behaviour)', await w.run.client.deleteChatSessionsRaw({ ids: w.sessions, ticket, idsNamespace: 'none' }));
});

Then('the live verification finds those sessions still there: the silent no-op is caught', STEP, async function (this: IWorld) {
  const w = live(this);
  const v = await w.run.verifyGone(w.sessions);
  // The verification the round-trip scenario relies on must report these sessions as not deleted.
  assert.equal(v.gone, false, 'the sessions are gone: the tenant did not answer as WCF does');
  assert.deepEqual(v.stillListed, w.sessions, 'ChatSessionsForUser should still list every session sent');
  assert.deepEqual(v.stillFound, w.sessions, 'GetChatSessionEntity should still return every session sent');
  this.attach(`Succeeded=true, yet ${v.stillListed.length} of ${w.sessions.length} sessions still exist after ${v.attempts} verification attempt(s)`, 'text/plain');
});
