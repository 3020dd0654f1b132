import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import schema from './target-config.schema.json' with { type: 'json' };
import { isServicesVersion, type ServicesVersion } from '../contract/namespaces.ts';

/** A validated target: what the live target and the emulated tenant need, secrets resolved from env. */
export interface TargetConfig {
  baseUrl: URL;
  servicesVersion: ServicesVersion;
  /** Online tenants need an ApplicationToken; on-site installations ignore it. */
  kind: 'online' | 'onsite';
  /** Online environment (sod, stage, online) and customer id, when the URL is an Online one. */
  online?: { environment: string; customerId: string };
  userName?: string;
  timeouts: { requestMs: number; pollMs: number };
  allowDestructive: boolean;
  allowProduction: boolean;
  secrets: { applicationToken?: string; ticket?: string; password?: string };
}

export type ConfigResult = { ok: true; config: TargetConfig } | { ok: false; errors: string[] };

const SECRET_KEYS = /^(ticket|password|applicationtoken|token|secret)$/i;
const ONLINE = /^([a-z0-9-]+)\.superoffice\.com$/i;
const PRODUCTION_HOSTS = new Set(['online.superoffice.com']);

const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const check = ajv.compile(schema);

function describe(e: ErrorObject, source: string): string {
  const field = e.instancePath || '/';
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty: string }).additionalProperty;
    const where = `${e.instancePath}/${extra}`;
    if (SECRET_KEYS.test(extra)) return `${source}: ${where}: secrets are not allowed in the config file; set them in the environment (see "env")`;
    return `${source}: ${where}: unknown field`;
  }
  return `${source}: ${field}: ${e.message ?? 'is invalid'}`;
}

/** Validates a parsed config object; `env` supplies the secrets. Errors name the bad field. */
export function parseTargetConfig(raw: unknown, env: NodeJS.ProcessEnv = process.env, source = 'config'): ConfigResult {
  const data = structuredClone(raw);
  if (!check(data)) return { ok: false, errors: (check.errors ?? []).map((e) => describe(e, source)) };
  const c = data as {
    baseUrl: string;
    servicesVersion: number;
    userName?: string;
    timeouts?: { requestMs: number; pollMs: number };
    allowDestructive: boolean;
    allowProduction: boolean;
    env?: { applicationToken: string; ticket: string; password: string };
  };
  const url = new URL(c.baseUrl);
  if (!isServicesVersion(c.servicesVersion)) return { ok: false, errors: [`${source}: /servicesVersion: must be 83..88`] };
  const names = c.env ?? { applicationToken: 'SO_APPLICATION_TOKEN', ticket: 'SO_TICKET', password: 'SO_PASSWORD' };
  const m = ONLINE.exec(url.hostname);
  const customerId = url.pathname.split('/').filter(Boolean)[0];
  const secret = (name: string) => (env[name] ? env[name] : undefined);
  const config: TargetConfig = {
    baseUrl: url,
    servicesVersion: c.servicesVersion,
    kind: m ? 'online' : 'onsite',
    userName: c.userName,
    timeouts: c.timeouts ?? { requestMs: 30000, pollMs: 10000 },
    allowDestructive: c.allowDestructive,
    allowProduction: c.allowProduction,
    secrets: { applicationToken: secret(names.applicationToken), ticket: secret(names.ticket), password: secret(names.password) },
  };
  if (m) {
    if (!customerId) return { ok: false, errors: [`${source}: /baseUrl: an Online URL needs the customer id: https://${url.hostname}/Cust12345`] };
    config.online = { environment: m[1]!.toLowerCase(), customerId };
  }
  const errors: string[] = [];
  if (config.kind === 'online' && !config.secrets.applicationToken) errors.push(`${source}: Online tenants need an ApplicationToken: set ${names.applicationToken}`);
  if (!config.secrets.ticket && !(config.userName && config.secrets.password)) {
    errors.push(`${source}: no credentials: set ${names.ticket}, or "userName" in the config and ${names.password} in the environment`);
  }
  return errors.length ? { ok: false, errors } : { ok: true, config };
}

export function loadTargetConfig(path: string, env: NodeJS.ProcessEnv = process.env): ConfigResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    return { ok: false, errors: [`${path}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [`${path}: not valid JSON: ${(e as Error).message}`] };
  }
  return parseTargetConfig(raw, env, path);
}

export function isProductionHost(url: URL): boolean {
  return PRODUCTION_HOSTS.has(url.hostname.toLowerCase());
}

/**
 * Destructive or production runs need consent twice: once in the config (reviewed, committed) and
 * once on the command line (per run). Returns the reason for refusing, or undefined.
 */
export function refusal(config: TargetConfig, run: { destructive: boolean; allowProductionFlag: boolean; allowDestructiveFlag: boolean }): string | undefined {
  if (isProductionHost(config.baseUrl) && !(config.allowProduction && run.allowProductionFlag)) {
    return `${config.baseUrl.hostname} is a production host: set "allowProduction": true in the config AND pass --allow-production`;
  }
  if (run.destructive && !(config.allowDestructive && run.allowDestructiveFlag)) {
    return 'destructive scenarios create and delete chat sessions: set "allowDestructive": true in the config AND pass --allow-destructive';
  }
  return undefined;
}
