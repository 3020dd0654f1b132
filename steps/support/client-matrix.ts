/**
 * The real-client matrix: SOAP clients nobody here wrote, generated from the WSDL that `serve`
 * publishes, calling DeleteChatSessions with ids [1, 2, 3], an ApplicationToken and a Ticket.
 * Each entry states what the server decided about the client's request; vitest
 * (test/clients.test.ts) and cucumber (features/client-conformance.feature) both run it, and
 * docs/readme/clients.md reports it. It lives under steps/ because steps may not import test/.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningServer, ServerVerdict } from '../../src/server/index.ts';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { COMPILED } from './client-compiled.ts';

/** The client programs live beside their tests, in test/clients/. */
const HERE = fileURLToPath(new URL('../../test/clients/', import.meta.url));
const PROJECT = fileURLToPath(new URL('../..', import.meta.url));

/** Not real secrets: made-up values that let a test prove none of them reaches a log or a verdict. */
export const FAKE_APP_TOKEN = 'matrix-app-token-4f1c';
export const FAKE_TICKET = '7T:matrix-ticket-9a2e';

export type { ClientProgram } from './client-build.ts';
import type { ClientProgram } from './client-build.ts';

export const PROGRAMS = {
  zeep: {
    name: 'Python zeep',
    install: 'Debian package python3-zeep (apt-get install -y python3-zeep)',
    command: '/usr/bin/python3',
    probe: ['-c', 'import zeep'],
    args: (wsdl, variant) => [`${HERE}zeep_client.py`, wsdl, variant],
  },
  php: {
    name: 'PHP SoapClient',
    install: 'Debian packages php8.2-cli and php8.2-soap (apt-get install -y php8.2-cli php8.2-soap)',
    command: 'php',
    probe: ['-r', 'exit(class_exists("SoapClient") ? 0 : 1);'],
    args: (wsdl, variant) => [`${HERE}php_client.php`, wsdl, variant],
  },
  soaplite: {
    name: 'Perl SOAP::Lite',
    install: 'Debian package libsoap-lite-perl (apt-get install -y libsoap-lite-perl)',
    command: 'perl',
    probe: ['-MSOAP::Lite', '-e', '1'],
    args: (wsdl, variant) => [`${HERE}soaplite_client.pl`, wsdl, variant],
  },
  'node-soap': {
    name: 'node-soap',
    install: 'npm package soap (a devDependency: npm ci)',
    command: process.execPath,
    probe: ['--input-type=module', '-e', "await import('soap')"],
    args: (wsdl, variant) => [`${HERE}node-soap-client.mjs`, wsdl, variant],
  },
  ...COMPILED,
} satisfies Record<string, ClientProgram>;

export type ProgramId = keyof typeof PROGRAMS;

/** What the server decided, as the matrix states it. */
export type Answer = ServerVerdict['answer'];

export interface MatrixRow {
  /** Row key used by the feature file and the docs table. */
  id: string;
  program: ProgramId;
  /** The client's own variant argument (see each script's usage line). */
  variant: string;
  /** `default`: what an integrator writes first; `fixed`: with the setting or code that fixes it. */
  setup: 'default' | 'fixed';
  /** Which server profile the client calls (`soap12` = `serve --profile soap12`). */
  serverProfile: 'wsdl' | 'soap12';
  expected: {
    answer: Answer;
    status: number;
    /** Rule IDs of the errors, sorted, each once. */
    errors: string[];
    /** Rule IDs of the warnings, sorted, each once. */
    warnings: string[];
    /** What the client itself reports (its JSON `outcome`). */
    clientOutcome: 'response' | 'fault' | 'error';
  };
  /** For the docs: what fixes it (default rows) or what was changed (fixed rows). */
  note: string;
}

const ok = { answer: 'success', status: 200, errors: [], warnings: [], clientOutcome: 'response' } as const;

export const MATRIX: MatrixRow[] = [
  { id: 'zeep', program: 'zeep', variant: 'default', setup: 'default', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: 'nothing to fix: zeep follows the WSDL (document/literal, headers from the binding)' },
  { id: 'php-soap11', program: 'php', variant: 'soap11', setup: 'default', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: 'nothing to fix with SoapHeader objects in the service namespace' },
  {
    id: 'php-soap12',
    program: 'php',
    variant: 'soap12',
    setup: 'default',
    serverProfile: 'wsdl',
    expected: { answer: 'unsupported-media-type', status: 415, errors: ['ENV-001', 'HTTP-002'], warnings: [], clientOutcome: 'error' },
    note: "'soap_version' => SOAP_1_1 (the WSDL binds SOAP 1.1 only); SOAP_1_2 only against a SOAP 1.2 gateway (serve --profile soap12)",
  },
  { id: 'php-soap12-fixed', program: 'php', variant: 'soap11', setup: 'fixed', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: "'soap_version' => SOAP_1_1" },
  { id: 'php-soap12-gateway', program: 'php', variant: 'soap12', setup: 'fixed', serverProfile: 'soap12', expected: { ...ok, errors: [], warnings: [] }, note: 'SOAP_1_2 against serve --profile soap12 (the contract re-bound to SOAP 1.2)' },
  {
    id: 'soaplite-wsdl',
    program: 'soaplite',
    variant: 'wsdl',
    setup: 'default',
    serverProfile: 'wsdl',
    expected: { answer: 'fault', status: 500, errors: ['XML-002'], warnings: [], clientOutcome: 'fault' },
    note: 'SOAP::Lite->service() cannot drive a document/literal WSDL (it writes an unbound tns: prefix, rpc/encoded typing and a nil Ids); write the call by hand as in the fixed row',
  },
  {
    id: 'soaplite-proxy',
    program: 'soaplite',
    variant: 'proxy',
    setup: 'default',
    serverProfile: 'wsdl',
    expected: { answer: 'action-not-supported', status: 500, errors: ['ENV-007', 'HDR-005', 'HTTP-004', 'IDS-003'], warnings: [], clientOutcome: 'fault' },
    note: "on_action(sub { '\"<soapAction>\"' }), autotype(0), no encodingStyle, ns() prefix on every element and the Arrays namespace on the items",
  },
  {
    id: 'soaplite-fixed',
    program: 'soaplite',
    variant: 'fixed',
    setup: 'fixed',
    serverProfile: 'wsdl',
    expected: { ...ok, errors: [], warnings: [] },
    note: 'on_action with the quoted soapAction, autotype(0), serializer->encodingStyle(""), so: prefix on blocks, Ticket, wrapper and Ids, arr: on the items',
  },
  {
    id: 'node-soap',
    program: 'node-soap',
    variant: 'default',
    setup: 'default',
    serverProfile: 'wsdl',
    expected: { answer: 'fault', status: 500, errors: ['HDR-005'], warnings: [], clientOutcome: 'fault' },
    note: "addSoapHeader(block, '', 'tns', '<service namespace>') per header block: a plain object is written unqualified",
  },
  {
    id: 'mono-plain',
    program: 'mono-wcf',
    variant: 'plain',
    setup: 'default',
    serverProfile: 'wsdl',
    expected: { ...ok, errors: [], warnings: ['HDR-008', 'HDR-009'] },
    note: "svcutil drops every soap:header part: the generated DeleteChatSessions(int[] Ids) sends no ApplicationToken and no Credentials; add them with OperationContextScope + MessageHeader",
  },
  {
    id: 'mono-headers',
    program: 'mono-wcf',
    variant: 'headers',
    setup: 'default',
    serverProfile: 'wsdl',
    expected: { answer: 'fault', status: 500, errors: ['HDR-005'], warnings: [], clientOutcome: 'fault' },
    note: '[DataContract(Namespace = <service namespace>)] on the hand-written SoCredentials: without it Ticket is written in http://schemas.datacontract.org/2004/07/',
  },
  { id: 'mono-fixed', program: 'mono-wcf', variant: 'fixed', setup: 'fixed', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: 'OperationContextScope + MessageHeader.CreateHeader for ApplicationToken and Credentials, SoCredentials with the service namespace' },
  { id: 'dotnet-msgcontract', program: 'dotnet-wcf', variant: 'msgcontract', setup: 'default', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: 'nothing to fix: the [MessageContract] with [MessageHeader] members that Add Service Reference generates follows the binding' },
  {
    id: 'dotnet-scope',
    program: 'dotnet-wcf',
    variant: 'scope',
    setup: 'default',
    serverProfile: 'wsdl',
    expected: { answer: 'fault', status: 500, errors: ['HDR-005'], warnings: [], clientOutcome: 'fault' },
    note: '[DataContract(Namespace = <service namespace>)] on the class given to MessageHeader.CreateHeader: without it Ticket is in http://schemas.datacontract.org/2004/07/',
  },
  { id: 'dotnet-scope-fixed', program: 'dotnet-wcf', variant: 'scope-fixed', setup: 'fixed', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: 'OperationContextScope + MessageHeader.CreateHeader, the credentials data contract in the service namespace' },
  {
    id: 'gsoap',
    program: 'gsoap',
    variant: 'default',
    setup: 'default',
    serverProfile: 'wsdl',
    expected: { answer: 'unsupported-media-type', status: 415, errors: ['ENV-001', 'ENV-006', 'HTTP-002'], warnings: [], clientOutcome: 'error' },
    note: 'the generated namespace table puts the SOAP 1.2 envelope first, so the proxy sends SOAP 1.2 (application/soap+xml, mustUnderstand="true"): generate with soapcpp2 -1, or put the SOAP 1.1 URIs first at run time',
  },
  { id: 'gsoap-soap11', program: 'gsoap', variant: 'soap11', setup: 'fixed', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: 'SOAP 1.1 namespace table set on the proxy (soap_set_namespaces); headers via soap_header(&token, &credentials, …)' },
  { id: 'kdsoap', program: 'kdsoap', variant: 'default', setup: 'default', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: 'nothing to fix: setApplicationTokenHeader and setCredentialsHeader are generated from the binding' },
  { id: 'node-soap-fixed', program: 'node-soap', variant: 'fixed', setup: 'fixed', serverProfile: 'wsdl', expected: { ...ok, errors: [], warnings: [] }, note: "addSoapHeader({ ApplicationToken }, '', 'tns', ns) and addSoapHeader({ Credentials: { Ticket } }, '', 'tns', ns)" },
];

export interface ClientRun {
  row: MatrixRow;
  /** The one JSON line the client script printed. */
  client: { outcome: string; [k: string]: unknown };
  /** The verdicts the server recorded for the client's POSTs (GET ?wsdl records none). */
  verdicts: ServerVerdict[];
  stderr: string;
}

/** A missing client is a failure naming what to install, never a skip. */
export function assertInstalled(program: ClientProgram): void {
  const r = spawnSync(program.command, program.probe, { encoding: 'utf8', timeout: 20_000, cwd: PROJECT });
  if (r.error || r.status !== 0) {
    throw new Error(`${program.name} is not available (${r.error?.message ?? (r.stderr.trim() || `exit ${r.status}`)}); install the ${program.install}`);
  }
}

export function wsdlUrl(server: RunningServer): string {
  return `${server.url}${deleteChatSessionsContract().endpointPath}?wsdl`;
}

/** Runs one matrix row against a running server and collects what the server decided. */
export async function runClient(row: MatrixRow, server: RunningServer, timeoutMs = 30_000): Promise<ClientRun> {
  const program: ClientProgram = PROGRAMS[row.program];
  assertInstalled(program);
  if (program.build) await program.build(wsdlUrl(server));
  const before = new Set(server.verdicts());
  const { stdout, stderr, code } = await new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
    const child = spawn(program.runCommand ? program.runCommand() : program.command, program.args(wsdlUrl(server), row.variant), {
      cwd: PROJECT,
      env: { ...process.env, ...program.env, SO_APP_TOKEN: FAKE_APP_TOKEN, SO_TICKET: FAKE_TICKET, SO_CLIENT_TRACE: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (c) => {
      clearTimeout(timer);
      resolve({ stdout: out, stderr: err, code: c });
    });
  });
  const line = stdout.trim().split('\n').pop() ?? '';
  let client: ClientRun['client'];
  try {
    client = JSON.parse(line) as ClientRun['client'];
  } catch {
    throw new Error(`${program.name} (${row.variant}) printed no result line (exit ${code}).\nstdout: ${stdout}\nstderr: ${stderr}`);
  }
  // Verdicts are recorded by reference, so the ones this run added are the ones not seen before.
  const verdicts = server.verdicts().filter((v) => !before.has(v));
  return { row, client, verdicts, stderr };
}

/** Sorted unique rule IDs of one severity, as the matrix states them. */
export function ruleIds(v: ServerVerdict, severity: 'error' | 'warning'): string[] {
  return [...new Set(v.violations.filter((x) => x.severity === severity).map((x) => x.rule))].sort();
}
