/**
 * Builds and starts the WCF reference server: the C# of source.ts compiled with Mono's `mcs` into a
 * temp dir (once per source text: the file name carries its hash), run with `mono` on 127.0.0.1.
 * A missing Mono fails with the package to install, never a skip.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deleteChatSessionsContract, type DeleteChatSessionsContract as OperationContract } from '../../src/contract/delete-chat-sessions.ts';
import { READ_HEADER, referenceSource } from '../../steps/support/wcf-source.ts';

export const MONO_PACKAGE = 'Debian package mono-complete (apt-get install -y mono-complete)';

/** What the operation read from one request (null where the message gave it nothing). */
export interface ReadByOperation {
  ids: number[] | null;
  ticket: string | null;
  credentials: boolean;
  applicationToken: string | null;
  timeZone: boolean;
}

export interface WcfReply {
  /** null: the server closed the connection without an HTTP answer. */
  status: number | null;
  contentType: string;
  body: string;
  /** Set when the operation ran (the reply carries what it read). */
  read: ReadByOperation | undefined;
  /** The faultcode's local name, e.g. `ActionNotSupported`, `InternalServiceFault`. */
  faultcode: string | undefined;
  faultstring: string | undefined;
}

export interface RunningReference {
  url: string;
  contract: OperationContract;
  send(body: string | Uint8Array, headers: Record<string, string>): Promise<WcfReply>;
  close(): Promise<void>;
}

export function buildDir(): string {
  return join(tmpdir(), 'so-conformance-wcf');
}

function need(command: string, args: string[], pkg: string): void {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) throw new Error(`${command} is not available (${r.error?.message ?? (r.stderr.trim() || `exit ${r.status}`)}); install the ${pkg}`);
}

/** Compiles the reference once per source; returns the path of the .exe. */
export function buildReference(contract: OperationContract = deleteChatSessionsContract()): string {
  const source = referenceSource(contract);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = buildDir();
  const exe = join(dir, `reference-${hash}.exe`);
  if (existsSync(exe)) return exe;
  need('mcs', ['--version'], MONO_PACKAGE);
  mkdirSync(dir, { recursive: true });
  const cs = join(dir, `reference-${hash}.cs`);
  writeFileSync(cs, source);
  const tmp = `${exe}.${process.pid}.tmp`;
  const r = spawnSync('mcs', ['-nologo', '-r:System.ServiceModel', '-r:System.Runtime.Serialization', `-out:${tmp}`, cs], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`mcs failed on ${cs}:\n${r.stdout}${r.stderr}`);
  // Rename is atomic: helpers building at the same time never run a half-written exe.
  renameSync(tmp, exe);
  return exe;
}

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => ok(port));
    });
  });
}

function faultPart(body: string, local: string): string | undefined {
  const m = new RegExp(`<(?:\\w+:)?${local}(?:\\s[^>]*)?>([^<]*)<`).exec(body);
  return m ? m[1]!.trim() : undefined;
}

/** POSTs raw bytes; a dropped connection is a reply with status null, not an exception. */
async function post(url: string, body: string | Uint8Array, headers: Record<string, string>): Promise<WcfReply> {
  const { request } = await import('node:http');
  return new Promise((resolve) => {
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
    const req = request(url, { method: 'POST', headers: { 'content-length': String(data.byteLength), ...headers }, timeout: 20_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => resolve({ status: null, contentType: '', body: '', read: undefined, faultcode: undefined, faultstring: undefined }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const h = res.headers[READ_HEADER];
        const read = typeof h === 'string' ? (JSON.parse(Buffer.from(h, 'base64').toString('utf8')) as ReadByOperation) : undefined;
        const code = faultPart(text, 'faultcode');
        resolve({ status: res.statusCode ?? null, contentType: String(res.headers['content-type'] ?? ''), body: text, read, faultcode: code?.replace(/^.*:/, ''), faultstring: faultPart(text, 'faultstring') });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: null, contentType: '', body: '', read: undefined, faultcode: undefined, faultstring: undefined }));
    req.end(data);
  });
}

/** Starts the reference; retries on another port when the one picked was taken meanwhile. */
export async function startReference(contract: OperationContract = deleteChatSessionsContract(), options: { includeExceptionDetail?: boolean } = {}): Promise<RunningReference> {
  const exe = buildReference(contract);
  need('mono', ['--version'], MONO_PACKAGE);
  let lastError = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}${contract.endpointPath}`;
    const child: ChildProcess = spawn('mono', [exe, url, ...(options.includeExceptionDetail ? ['--include-exception-detail'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const started = await new Promise<boolean>((ok) => {
      const timer = setTimeout(() => ok(false), 60_000);
      child.stdout!.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('listening ')) {
          clearTimeout(timer);
          ok(true);
        }
      });
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('exit', () => {
        clearTimeout(timer);
        ok(false);
      });
    });
    if (!started) {
      lastError = `${out}${err}`;
      child.kill('SIGKILL');
      continue;
    }
    return {
      url,
      contract,
      send: (body, headers) => post(url, body, headers),
      close: () =>
        new Promise<void>((ok) => {
          if (child.exitCode !== null) return ok();
          const t = setTimeout(() => child.kill('SIGKILL'), 5_000);
          child.on('exit', () => {
            clearTimeout(t);
            ok();
          });
          child.stdin!.end();
        }),
    };
  }
  throw new Error(`the WCF reference did not start:\n${lastError}`);
}
