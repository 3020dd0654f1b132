// Profiles: `default` is the offline suite against nock-recorded fixtures (what `npm run conformance`
// runs; it needs nothing but `npm install`). `clients` is the real-client matrix (zeep, PHP, Perl,
// node-soap against `serve`), which needs the Debian packages .ci/run installs; `npm test` runs both.
// Every profile writes the three reports plus a message stream that .ci/run counts.
export const reports = (name) => [
  // progress-bar redraws a TTY line; piped output (CI logs, npm run) gets one character per step instead.
  process.stdout.isTTY ? 'progress-bar' : 'progress',
  `html:reports/${name}.html`,
  `junit:reports/${name === 'cucumber' ? 'junit' : `junit-${name}`}.xml`,
  `json:reports/${name}.json`,
  `message:reports/${name}.ndjson`,
];

const common = {
  // steps/live belongs to cucumber-live.mjs.
  import: ['tsx-register.mjs', 'steps/*.ts', 'steps/support/**/*.ts'],
  paths: ['features/**/*.feature'],
  formatOptions: { snippetInterface: 'synchronous' },
  strict: true,
};

export default { ...common, tags: 'not @live and not @clients', format: reports('cucumber'), worldParameters: { target: 'fixtures', profile: 'wsdl' } };

export const clients = { ...common, tags: '@clients', format: reports('clients'), worldParameters: { target: 'fixtures', profile: 'wsdl' } };
