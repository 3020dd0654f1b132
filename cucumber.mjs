// Profiles: `default` is the offline suite against nock-recorded fixtures (what `npm test` and
// `npm run conformance` run). Every profile writes the three reports plus a message stream that
// .ci/run counts.
const reports = (name) => [
  // progress-bar redraws a TTY line; piped output (CI logs, npm run) gets one character per step instead.
  process.stdout.isTTY ? 'progress-bar' : 'progress',
  `html:reports/${name}.html`,
  `junit:reports/${name === 'cucumber' ? 'junit' : `junit-${name}`}.xml`,
  `json:reports/${name}.json`,
  `message:reports/${name}.ndjson`,
];

const common = {
  import: ['tsx-register.mjs', 'steps/**/*.ts'],
  paths: ['features/**/*.feature'],
  formatOptions: { snippetInterface: 'synchronous' },
  strict: true,
};

export default { ...common, tags: 'not @live', format: reports('cucumber'), worldParameters: { target: 'fixtures', profile: 'wsdl' } };
