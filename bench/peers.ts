/**
 * The peers the benchmarks measure against, side by side in the same run: native xmllint with the
 * WSDL's own schemas, node-soap's server on the same WSDL, and a bare node:http server that answers
 * every POST with the same canned response.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { startListening } from './listening.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { NS } from '../src/contract/namespaces.ts';
import { buildSuccessResponse } from '../src/envelope/response.ts';

export interface RunningPeer {
  name: string;
  url: string;
  close(): Promise<void>;
}

const contract = deleteChatSessionsContract();

/**
 * The WSDL's inline schemas as files (named as wsdl.ts resolves their imports), plus a small wrapper
 * for the SOAP 1.1 envelope whose Header and Body contents are validated strictly against them.
 * Returns the path of the wrapper, the schema to give `xmllint --schema`.
 */
export function writeXmllintSchemas(dir: string): string {
  mkdirSync(dir, { recursive: true });
  for (const s of contract.schemas) writeFileSync(join(dir, s.fileName), s.text);
  const imports = contract.schemas.map((s) => `  <xs:import namespace="${s.targetNamespace}" schemaLocation="${s.fileName}"/>`).join('\n');
  const any = '<xs:sequence><xs:any namespace="##any" processContents="strict" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>';
  const wrapper = `<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="${NS.xs}" targetNamespace="${NS.soap11}" elementFormDefault="qualified">
${imports}
  <xs:element name="Envelope"><xs:complexType><xs:sequence>
    <xs:element name="Header" minOccurs="0"><xs:complexType>${any}</xs:complexType></xs:element>
    <xs:element name="Body"><xs:complexType>${any}</xs:complexType></xs:element>
  </xs:sequence></xs:complexType></xs:element>
</xs:schema>
`;
  const path = join(dir, 'envelope-1.1.xsd');
  writeFileSync(path, wrapper);
  return path;
}

export function hasCommand(cmd: string, args: string[] = ['--version']): boolean {
  const r = spawnSync(cmd, args, { stdio: 'ignore' });
  return r.error === undefined;
}

export interface ProcessMeasure {
  wallMs: number;
  /** Peak resident set size of the child in KiB (from /usr/bin/time), or null when not measurable. */
  peakRssKiB: number | null;
  /** User + system CPU time of the child (from /usr/bin/time): steadier than wall time on a busy machine. */
  cpuMs: number | null;
  exitCode: number | null;
  stderrTail: string;
}

const TIME = '/usr/bin/time';
const haveTime = hasCommand(TIME, ['-f', '%M', 'true']);

/** Runs a command to completion, measuring wall time and (through /usr/bin/time) peak RSS. */
export function measureProcess(cmd: string, args: string[], cwd: string, timeoutMs = 120_000): Promise<ProcessMeasure> {
  const [file, argv] = haveTime ? [TIME, ['-f', '@@rss %M %U %S', cmd, ...args]] : [cmd, args];
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(file, argv, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t;
      const m = /@@rss (\d+) ([\d.]+) ([\d.]+)/.exec(err);
      resolve({
        wallMs,
        peakRssKiB: m ? Number(m[1]) : null,
        cpuMs: m ? (Number(m[2]) + Number(m[3])) * 1000 : null,
        exitCode: code,
        stderrTail: err.replace(/@@rss [\d. ]+\s*/, '').slice(-300),
      });
    });
  });
}

/** A server process started by the bench: once it printed `listening URL`, its endpoint. */
async function spawnServer(name: string, cmd: string, args: string[], cwd: string): Promise<RunningPeer> {
  const p = await startListening(cmd, args, cwd, { timeoutMs: 30_000 });
  return { name, url: p.origin + contract.endpointPath, close: p.close };
}

/**
 * The three servers as processes of their own, as they run for real: the installed `so-conformance
 * serve --quiet`, and node-soap and the bare server in plain Node (bench/peer-server.mjs). The load
 * generator then has the bench process to itself and takes no CPU time from the server's thread.
 */
export function peerProcesses(work: string, installedBin: string): Record<'serve' | 'node-soap' | 'node:http', () => Promise<RunningPeer>> {
  const wsdl = contract.wsdlText;
  const canned = buildSuccessResponse();
  const config = join(work, 'peer-server.json');
  writeFileSync(
    config,
    JSON.stringify({
      path: contract.endpointPath,
      wsdl,
      service: /<wsdl:service\s+name="([^"]+)"/.exec(wsdl)?.[1],
      port: /<wsdl:port\s+name="([^"]+)"/.exec(wsdl)?.[1],
      operation: contract.operation,
      cannedStatus: canned.status,
      cannedHeaders: canned.headers,
      cannedBody: canned.body,
    }),
  );
  const peerScript = join(import.meta.dirname, 'peer-server.mjs');
  const root = join(import.meta.dirname, '..');
  return {
    serve: () => spawnServer('so-conformance serve (installed, --quiet)', installedBin, ['serve', '--port', '0', '--quiet'], work),
    'node-soap': () => spawnServer('node-soap soap.listen', process.execPath, [peerScript, 'soap', config], root),
    'node:http': () => spawnServer('node:http (canned response)', process.execPath, [peerScript, 'bare', config], root),
  };
}
