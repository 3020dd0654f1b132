/**
 * The peers the benchmarks measure against, side by side in the same run: native xmllint with the
 * WSDL's own schemas, node-soap's server on the same WSDL, and a bare node:http server that answers
 * every POST with the same canned response.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
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

function listen(server: Server): Promise<string> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections?.();
    server.close(() => resolve());
  });
}

/** A bare node:http server: reads the body, answers the canned success response. The ceiling. */
export async function startBareHttp(): Promise<RunningPeer> {
  const canned = buildSuccessResponse();
  const body = Buffer.from(canned.body);
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(canned.status, { ...canned.headers, 'content-length': body.length });
      res.end(body);
    });
  });
  const url = await listen(server);
  return { name: 'node:http (canned response)', url: url + contract.endpointPath, close: () => closeServer(server) };
}

/** node-soap's `soap.listen` on the vendored WSDL; DeleteChatSessions answers an empty response. */
export async function startNodeSoap(): Promise<RunningPeer> {
  const soap = await import('soap');
  const wsdl = contract.wsdlText;
  const serviceName = /<wsdl:service\s+name="([^"]+)"/.exec(wsdl)?.[1];
  const portName = /<wsdl:port\s+name="([^"]+)"/.exec(wsdl)?.[1];
  if (!serviceName || !portName) throw new Error('the WSDL names no service/port');
  const server = createServer();
  const url = await listen(server);
  const services = { [serviceName]: { [portName]: { [contract.operation]: () => ({}) } } };
  await new Promise<void>((resolve) => {
    soap.listen(server, { path: contract.endpointPath, services, xml: wsdl, callback: () => resolve() });
  });
  return { name: 'node-soap soap.listen', url: url + contract.endpointPath, close: () => closeServer(server) };
}

/** `so-conformance serve`'s server, in-process (null when the module is not there). */
export async function startOurServer(): Promise<RunningPeer | null> {
  let mod: { startServer?: (o: { host: string; port: number }) => Promise<{ url: string; close(): Promise<void> }> };
  try {
    mod = await import('../src/server/index.ts');
  } catch {
    return null;
  }
  if (!mod.startServer) return null;
  const s = await mod.startServer({ host: '127.0.0.1', port: 0 });
  return { name: 'so-conformance serve', url: s.url.replace(/\/$/, '') + contract.endpointPath, close: () => s.close() };
}
