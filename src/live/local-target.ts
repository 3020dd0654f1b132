/**
 * The `local` live target: the emulated tenant on 127.0.0.1:0 and a TargetConfig pointing at it, built
 * through the same config validation a staging run uses. Secrets are random per start, so a secret
 * scan over what a run wrote is meaningful.
 */
import { randomBytes } from 'node:crypto';
import { parseTargetConfig, type TargetConfig } from '../config/target-config.ts';
import { startTenant, type RunningTenant, type TenantOptions } from '../tenant/server.ts';
import type { RunFlags } from './run.ts';
import type { ServicesVersion } from '../contract/namespaces.ts';

export interface LocalTarget {
  tenant: RunningTenant;
  config: TargetConfig;
  flags: RunFlags;
  /** The environment the config's secrets were read from (never process.env). */
  env: NodeJS.ProcessEnv;
}

export interface LocalTargetOptions {
  tenant?: TenantOptions;
  timeouts?: { requestMs: number; pollMs: number };
  destructive?: boolean;
  /** Services version of SoPrincipal and CustomerService on both sides (Chat stays Services88). */
  version?: ServicesVersion;
  /** Fixed secrets (a test that scans reports for them needs to know them); random otherwise. */
  secrets?: { password?: string; applicationToken?: string };
}

export async function startLocalTarget(options: LocalTargetOptions = {}): Promise<LocalTarget> {
  const userName = 'so-conformance';
  const password = options.secrets?.password ?? `pw-${randomBytes(12).toString('base64url')}`;
  const applicationToken = options.secrets?.applicationToken ?? `tok-${randomBytes(16).toString('hex')}`;
  const version = options.version ?? 86;
  const tenant = await startTenant({ applicationToken, users: [{ userName, password, associateId: 5 }], version, ...options.tenant });
  const env = { SO_PASSWORD: password, SO_APPLICATION_TOKEN: applicationToken };
  const destructive = options.destructive ?? true;
  const parsed = parseTargetConfig(
    { baseUrl: tenant.url, servicesVersion: version, userName, timeouts: options.timeouts ?? { requestMs: 5000, pollMs: 2000 }, allowDestructive: destructive, allowProduction: false },
    env,
    'local target',
  );
  if (!parsed.ok) {
    await tenant.close();
    throw new Error(parsed.errors.join('\n'));
  }
  return { tenant, config: parsed.config, flags: { allowDestructiveFlag: destructive, allowProductionFlag: false }, env };
}
