// The live suite, separate from cucumber.mjs: `cucumber-js --config cucumber-live.mjs --profile local`
// runs every @live scenario (@destructive and @emulated included) against the emulated tenant on
// 127.0.0.1; `--profile live` runs against the tenant named by SO_CONFORMANCE_CONFIG (secrets from the
// environment; @destructive only with consent in the config AND SO_CONFORMANCE_ALLOW_DESTRUCTIVE=1);
// `--profile replay` plays a recording back offline (so-conformance run --target replay --recording).
// The same reports as the offline suite (progress, html, junit, json, message), named live-*.
import { reports } from './cucumber.mjs';

const common = {
  import: ['tsx-register.mjs', 'steps/live/**/*.ts'],
  paths: ['features/live/**/*.feature'],
  formatOptions: { snippetInterface: 'synchronous' },
  strict: true,
};

export const local = {
  ...common,
  tags: '@live',
  format: reports('live-local'),
  worldParameters: { liveTarget: 'local', observations: 'reports/observations.json' },
};

export const live = {
  ...common,
  tags: '@live and not @emulated',
  format: reports('live'),
  worldParameters: { liveTarget: 'live', observations: 'reports/observations.json' },
};

// Offline: what `so-conformance record` wrote, played back by nock in lockdown (`run --target replay`
// sets the recording). The recording comes from a tenant, so the emulated-only scenarios are not in it.
export const replay = {
  ...common,
  tags: '@live and not @emulated',
  format: reports('live-replay'),
  worldParameters: { liveTarget: 'replay', observations: 'reports/observations-replay.json' },
};

export default local;
