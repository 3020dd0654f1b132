/**
 * Compiled clients of the matrix (Mono WCF, .NET WCF, JAX-WS, gSOAP, KDSoap): each is generated from
 * serve's ?wsdl and built once per run, cached in a temp dir keyed by the hash of what went in (the
 * WSDL with its address normalized, the hand-written sources, the generator's options), so a second
 * run (vitest, then cucumber) reuses the build. A missing toolchain fails with the package to install.
 */
import { spawn, spawnSync, type SpawnOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const BUILD_ROOT = join(tmpdir(), 'so-conformance-clients');

/** Fails with the package name when a tool is missing. */
export function need(command: string, args: string[], pkg: string): void {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
  if (r.error || (r.status !== 0 && r.status !== 1)) throw new Error(`${command} is not available (${r.error?.message ?? (r.stderr.trim() || `exit ${r.status}`)}); install the ${pkg}`);
  if (r.error) throw r.error;
}

/**
 * Runs a build step; a failure carries the command's output. Asynchronous on purpose: a generator that
 * downloads serve's ?wsdl (svcutil, wsimport) talks to a server in this very process.
 */
export function run(command: string, args: string[], options: SpawnOptions & { cwd: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(-65536)));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-65536)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(new Error(`${command} could not start: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}) in ${options.cwd}:\n${out.slice(-4000)}\n${err.slice(-4000)}`));
    });
  });
}

/** The WSDL as serve publishes it, with its address made neutral so the cache key does not depend on the port. */
export async function fetchWsdl(wsdlUrl: string): Promise<{ text: string; normalized: string }> {
  const res = await fetch(wsdlUrl);
  if (!res.ok) throw new Error(`GET ${wsdlUrl}: HTTP ${res.status}`);
  const text = await res.text();
  return { text, normalized: text.replace(/location="http:\/\/127\.0\.0\.1:\d+/g, 'location="http://127.0.0.1:0') };
}

const inProcess = new Map<string, Promise<string>>();

/**
 * Builds into BUILD_ROOT/<name>-<hash> unless that directory is already complete; the build runs in
 * a private directory renamed into place at the end, so concurrent runs never see half a build.
 */
export function buildOnce(name: string, inputs: readonly string[], build: (dir: string) => Promise<void> | void): Promise<string> {
  const hash = createHash('sha256');
  for (const i of inputs) hash.update(i).update('\0');
  const dir = join(BUILD_ROOT, `${name}-${hash.digest('hex').slice(0, 16)}`);
  let p = inProcess.get(dir);
  if (!p) {
    p = (async () => {
      if (existsSync(join(dir, '.complete'))) return dir;
      const work = `${dir}.${process.pid}.tmp`;
      rmSync(work, { recursive: true, force: true });
      mkdirSync(work, { recursive: true });
      await build(work);
      writeFileSync(join(work, '.complete'), new Date().toISOString());
      try {
        renameSync(work, dir);
      } catch {
        // Another run finished the same build first: use it.
        rmSync(work, { recursive: true, force: true });
      }
      return dir;
    })();
    inProcess.set(dir, p);
    p.catch(() => inProcess.delete(dir));
  }
  return p;
}

export function source(path: string): string {
  return readFileSync(path, 'utf8');
}

/** A client of the matrix (scripted or compiled). */
export interface ClientProgram {
  /** What a person would call it. */
  name: string;
  /** How to install it on Debian, named in the failure when it is missing. */
  install: string;
  command: string;
  /** Proves the client (not just the interpreter) is installed; exits 0 when it is. */
  probe: string[];
  args(wsdlUrl: string, variant: string): string[];
  /**
   * Compiled clients: generate the client from serve's ?wsdl and build it (once per run, cached:
   * steps/support/client-build.ts). Runs before `args` is asked for.
   */
  build?(wsdlUrl: string): Promise<void>;
  /** The program to run when it is not `command` (a compiled client's own binary, known after build). */
  runCommand?(): string;
  /** Environment for the client process (e.g. a classpath). */
  env?: Record<string, string>;
}
