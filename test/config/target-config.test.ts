import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTargetConfig, parseTargetConfig, refusal } from '../../src/config/target-config.ts';

const env = { SO_APPLICATION_TOKEN: 'tok-123', SO_TICKET: '7T:abc' };

describe('target config', () => {
  it('accepts an Online staging URL and resolves secrets from the environment', () => {
    const r = parseTargetConfig({ baseUrl: 'https://sod.superoffice.com/Cust12345' }, env);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.config.kind).toBe('online');
    expect(r.config.online).toEqual({ environment: 'sod', customerId: 'Cust12345' });
    expect(r.config.servicesVersion).toBe(86);
    expect(r.config.secrets).toEqual({ applicationToken: 'tok-123', ticket: '7T:abc', password: undefined });
    expect(r.config.timeouts).toEqual({ requestMs: 30000, pollMs: 10000 });
  });

  it('treats other hosts as on-site, where no ApplicationToken is needed', () => {
    const r = parseTargetConfig({ baseUrl: 'https://crm.example.test/SuperOffice', userName: 'bob' }, { SO_PASSWORD: 'pw' });
    expect(r.ok && r.config.kind).toBe('onsite');
  });

  it('names the bad field', () => {
    const r = parseTargetConfig({ baseUrl: 'https://sod.superoffice.com/Cust1', servicesVersion: 90, timeouts: { requestMs: 5 } }, env, 'so.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toContain('so.json: /servicesVersion: must be <= 88');
    expect(r.errors).toContain('so.json: /timeouts/requestMs: must be >= 100');
  });

  it('refuses secrets in the file and says where they go', () => {
    const r = parseTargetConfig({ baseUrl: 'https://sod.superoffice.com/Cust1', ticket: '7T:leak' }, env, 'so.json');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0]).toMatch(/^so\.json: \/ticket: secrets are not allowed in the config file/);
    expect(r.errors.join('\n')).not.toContain('7T:leak');
  });

  it('requires credentials and, for Online, an ApplicationToken', () => {
    const r = parseTargetConfig({ baseUrl: 'https://sod.superoffice.com/Cust1' }, {});
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.some((e) => e.includes('SO_APPLICATION_TOKEN'))).toBe(true);
    expect(r.errors.some((e) => e.includes('no credentials'))).toBe(true);
  });

  it('needs the customer id in an Online URL', () => {
    const r = parseTargetConfig({ baseUrl: 'https://sod.superoffice.com/' }, env);
    expect(!r.ok && r.errors[0]).toMatch(/customer id/);
  });

  it('refuses production and destructive runs unless consent is given twice', () => {
    const prod = parseTargetConfig({ baseUrl: 'https://online.superoffice.com/Cust1', allowProduction: true }, env);
    if (!prod.ok) throw new Error(prod.errors.join());
    expect(refusal(prod.config, { destructive: false, allowProductionFlag: false, allowDestructiveFlag: false })).toMatch(/production host/);
    expect(refusal(prod.config, { destructive: false, allowProductionFlag: true, allowDestructiveFlag: false })).toBeUndefined();
    const stage = parseTargetConfig({ baseUrl: 'https://sod.superoffice.com/Cust1' }, env);
    if (!stage.ok) throw new Error(stage.errors.join());
    expect(refusal(stage.config, { destructive: true, allowProductionFlag: false, allowDestructiveFlag: true })).toMatch(/allowDestructive/);
    const both = parseTargetConfig({ baseUrl: 'https://sod.superoffice.com/Cust1', allowDestructive: true }, env);
    if (!both.ok) throw new Error(both.errors.join());
    expect(refusal(both.config, { destructive: true, allowProductionFlag: false, allowDestructiveFlag: true })).toBeUndefined();
  });

  it('reports unreadable and malformed files as errors, not exceptions', () => {
    const dir = mkdtempSync(join(tmpdir(), 'soc-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ nope');
    expect(loadTargetConfig(join(dir, 'missing.json'))).toEqual({ ok: false, errors: [`${join(dir, 'missing.json')}: cannot read: ENOENT`] });
    const r = loadTargetConfig(bad);
    expect(!r.ok && r.errors[0]).toMatch(/not valid JSON/);
  });
});
