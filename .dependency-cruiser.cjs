/**
 * The dependency direction of so-conformance, enforced by test/architecture.test.ts (and by
 * `npx depcruise src steps`). Data flows one way:
 *
 *   xml/, transport/  →  contract/ (WSDL loader, rules, engine)  →  validate.ts, envelope/ (builders)
 *     →  report/  →  server/, tenant/, targets/, live/, proxy/, config/  →  cli/, steps/
 *
 * A module may import its own layer and the layers to its left, never one to its right.
 */
const SRC = '^src/';
const notIn = (...dirs) => `^src/(?!(${dirs.join('|')})/)`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'No module imports itself through others.', from: {}, to: { circular: true } },
    {
      name: 'no-circular-folders',
      severity: 'error',
      comment: 'No two folders import each other (e.g. tenant/ and live/).',
      scope: 'folder',
      from: { path: '^(src|steps)/' },
      to: { circular: true },
    },
    { name: 'xml-is-the-base', severity: 'error', comment: 'xml/ reads and writes XML; it knows nothing of the contract.', from: { path: '^src/xml/' }, to: { path: notIn('xml') } },
    { name: 'transport-below-contract', severity: 'error', comment: 'transport/ carries HTTP; it knows nothing of the contract.', from: { path: '^src/transport/' }, to: { path: notIn('transport', 'xml') } },
    { name: 'contract-below-checks', severity: 'error', comment: 'contract/ (loader, rules, engine) imports only xml/ and transport/.', from: { path: '^src/contract/' }, to: { path: notIn('contract', 'xml', 'transport') } },
    { name: 'checks-below-consumers', severity: 'error', comment: 'validate.ts is the checks entry point over contract/.', from: { path: '^src/validate\\.ts$' }, to: { path: notIn('contract', 'xml', 'transport') } },
    { name: 'builders-below-consumers', severity: 'error', comment: 'envelope/ builds messages from the contract.', from: { path: '^src/envelope/' }, to: { path: notIn('envelope', 'contract', 'xml', 'transport') } },
    {
      name: 'report-is-a-sink',
      severity: 'error',
      comment: 'report/ renders verdicts and exchanges; it never calls the servers, targets, steps or the CLI.',
      from: { path: '^src/report/' },
      to: { path: SRC, pathNot: ['^src/(report|contract|xml|transport|envelope)/', '^src/validate\\.ts$'] },
    },
    { name: 'server-below-tenant', severity: 'error', comment: 'serve (server/) stands alone; the tenant may reuse its body reader.', from: { path: '^src/server/' }, to: { path: '^src/(tenant|live|targets|proxy|config)/' } },
    { name: 'tenant-below-live', severity: 'error', comment: 'live/ drives the emulated tenant (local target); the tenant never imports live/.', from: { path: '^src/tenant/' }, to: { path: '^src/(live|targets|proxy)/' } },
    {
      name: 'rules-are-internal',
      severity: 'error',
      comment: 'Rules are reached through the engine (validate, the catalogue); their helpers are not an API.',
      from: { path: '^(src|steps)/', pathNot: '^src/contract/' },
      to: { path: '^src/contract/rules/' },
    },
    { name: 'cli-is-the-top', severity: 'error', comment: 'Only cli/ (and the bin) import cli/.', from: { path: SRC, pathNot: '^src/cli/' }, to: { path: '^src/cli/' } },
    { name: 'src-is-not-a-test', severity: 'error', comment: 'src/ never imports steps, tests, benchmarks or examples.', from: { path: SRC }, to: { path: '^(steps|test|bench|features|examples)/' } },
    { name: 'steps-do-not-import-tests', severity: 'error', comment: 'steps/ is a consumer of src/, beside test/, not above it.', from: { path: '^steps/' }, to: { path: '^(test|bench)/' } },
  ],
  options: {
    // Type-only imports count: a type is a dependency too (transport/ once imported HttpInfo from contract/).
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    moduleSystems: ['es6'],
  },
};
