import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SoapClient } from '../../src/live/soap-client.ts';
import { LiveError } from '../../src/live/transport.ts';
import { startTenant, type FaultKnobs, type RunningTenant } from '../../src/tenant/server.ts';

const TIMEOUT = 1500;
let tenant: RunningTenant;
beforeAll(async () => {
  tenant = await startTenant({});
});
afterAll(async () => {
  await tenant.close();
});
afterEach(() => {
  for (const k of Object.keys(tenant.faults)) delete (tenant.faults as Record<string, unknown>)[k];
});

async function failureWith(knobs: FaultKnobs): Promise<{ error: LiveError; ms: number }> {
  Object.assign(tenant.faults, knobs);
  const c = new SoapClient({ baseUrl: tenant.url, timeoutMs: TIMEOUT });
  const t0 = performance.now();
  try {
    await c.getSystemInfo();
  } catch (e) {
    expect(e).toBeInstanceOf(LiveError);
    return { error: e as LiveError, ms: performance.now() - t0 };
  }
  throw new Error(`no failure with ${JSON.stringify(knobs)}`);
}

// Each knob must end the call with an error that names its cause, and within the configured timeout
// (a bound with generous slack, not a speed measurement).
describe('fault injection: every knob yields a failure naming the cause', () => {
  it.each([
    [{ latencyMs: TIMEOUT + 1000 }, 'timeout', `timed out after ${TIMEOUT} ms`],
    [{ mode: 'html500' }, 'http-error', 'HTML page'],
    [{ mode: 'reset' }, 'reset', 'connection reset'],
    [{ mode: 'truncate' }, 'truncated', 'truncated body'],
    [{ mode: 'gzip' }, 'gzip', 'gzip-compressed'],
  ] as [FaultKnobs, string, string][])('%o → %s', async (knobs, kind, words) => {
    const { error, ms } = await failureWith(knobs);
    expect(error.kind).toBe(kind);
    expect(error.message).toContain(words);
    expect(ms).toBeLessThan(TIMEOUT + 5000);
  });

  it('the HTML page failure quotes the page title and the status', async () => {
    const { error } = await failureWith({ mode: 'html500' });
    expect(error.status).toBe(500);
    expect(error.message).toContain('Runtime Error');
  });

  it('latency below the timeout is only slower, not a failure', async () => {
    tenant.faults.latencyMs = 100;
    const info = await new SoapClient({ baseUrl: tenant.url, timeoutMs: TIMEOUT }).getSystemInfo();
    expect(info.version).toBeTruthy();
  });

  it('a correctly labelled gzip body is decoded and accepted', async () => {
    tenant.faults.mode = 'gzip-labelled';
    const info = await new SoapClient({ baseUrl: tenant.url, timeoutMs: TIMEOUT }).getSystemInfo();
    expect(info.version).toBeTruthy();
  });

  it('knobs limited to one service leave the others alone', async () => {
    Object.assign(tenant.faults, { mode: 'reset', only: 'Chat' } satisfies FaultKnobs);
    const info = await new SoapClient({ baseUrl: tenant.url, timeoutMs: TIMEOUT }).getSystemInfo();
    expect(info.version).toBeTruthy();
  });
});
