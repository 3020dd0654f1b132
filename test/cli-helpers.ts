/**
 * Runs the CLI: in this process through `cli(argv, io)` (fast), or as the real binary
 * (`node bin/so-conformance.mjs …`) the way a user does, for the few end-to-end checks; and builds captures.
 */
import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { contractFile } from '../src/contract/files.ts';
import type { BuiltRequest } from '../src/envelope/request.ts';
import type { BuiltResponse } from '../src/envelope/response.ts';
import { cli } from '../src/cli/main.ts';
import { capturedIo } from '../src/cli/io.ts';

export const REPO = fileURLToPath(new URL('..', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  stdin?: Uint8Array | string;
  env?: Record<string, string | undefined>;
}

/** The environment a run sees: colour decisions must come from the test, not from whoever runs the suite. */
function testEnv(opts: RunOptions): NodeJS.ProcessEnv {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return env as NodeJS.ProcessEnv;
}

/** `so-conformance ARGS` in this process, with in-memory stdin, stdout and stderr. */
export async function runCli(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const io = capturedIo({ stdin: opts.stdin, env: testEnv(opts) });
  const code = await cli(args, io);
  return { code, stdout: io.stdoutText(), stderr: io.stderrText() };
}

/** `node bin/so-conformance.mjs ARGS` in a child process: what a user runs, start-up included. */
export function runBin(args: string[], opts: RunOptions = {}): Promise<CliRun> {
  const env = testEnv(opts);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/so-conformance.mjs', ...args], { cwd: REPO, env });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => {}); // the CLI may exit (usage error) before reading stdin
    child.stdin.end(opts.stdin ?? '');
  });
}

/** Every `--json` line, parsed. */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** The request example from the vendored documentation page, exactly as published. */
export function docsRequestExample(): string {
  const md = readFileSync(contractFile('docs', 'Services86-CustomerService-DeleteChatSessions.md'), 'utf8');
  const m = /## DeleteChatSessions Request\s+```xml\n([\s\S]*?)```/.exec(md);
  if (!m) throw new Error('the documentation page has no request example');
  return m[1]!;
}

/** A request as an HTTP proxy captures it: request line, headers, blank line, body (CRLF). */
export function requestCapture(r: BuiltRequest, target = r.contract.endpointPath): string {
  const head = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`);
  return [`POST ${target} HTTP/1.1`, 'Host: tenant.example', ...head, `Content-Length: ${r.bytes.byteLength}`, '', r.body].join('\r\n');
}

export function responseCapture(r: BuiltResponse): string {
  const reason = r.status === 200 ? 'OK' : r.status === 500 ? 'Internal Server Error' : 'Status';
  const head = Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`);
  return [`HTTP/1.1 ${r.status} ${reason}`, ...head, `Content-Length: ${Buffer.byteLength(r.body)}`, '', r.body].join('\r\n');
}

/** A stack trace looks like "    at fn (file:line:col)"; a user must never see one. */
export const STACK_TRACE = /^\s+at .+[:(]/m;

/** A command line a command must refuse: what is wrong, the arguments, what stderr must say; `binary`: run through bin/. */
export type UsageCase = [what: string, args: string[], message: RegExp, via?: 'binary'];

/**
 * One test per case: exit 2, nothing on stdout, the message and `usage: so-conformance COMMAND` on
 * stderr, no stack trace. The same for every command, as src/cli/command-args.ts answers for all.
 */
export function itRefusesUsage(command: string, cases: readonly UsageCase[]): void {
  for (const [what, args, message, via] of cases) {
    it(`${what} → exit 2 with usage on stderr, nothing on stdout${via ? ' (the binary)' : ''}`, async () => {
      const r = await (via ? runBin : runCli)(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toContain(`usage: so-conformance ${command}`);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    });
  }
}

export interface ListeningCli {
  child: import('node:child_process').ChildProcessWithoutNullStreams;
  /** From the first stdout line, `listening http://HOST:PORT`. */
  url: string;
  /** stdout lines after the first. */
  lines: string[];
  stderr: () => string;
  exit: Promise<number | null>;
}

/** Starts a long-running command (`serve`, `proxy`) and resolves once it printed `listening http://…`. */
export function startListening(args: string[]): Promise<ListeningCli> {
  const child = spawn(process.execPath, ['bin/so-conformance.mjs', ...args], { cwd: REPO });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const lines: string[] = [];
  let buffered = '';
  let first: string | undefined;
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buffered += d;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (first !== undefined) {
          lines.push(line);
          continue;
        }
        first = line;
        const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
        if (!m) reject(new Error(`first line was "${line}"`));
        else resolve({ child, url: m[1]!, lines, stderr: () => err, exit });
      }
    });
    void exit.then((code) => first === undefined && reject(new Error(`${args[0]} exited ${code} before listening: ${err}`)));
  });
}

/** Variables a developer may have exported that would change what a CLI child under test does. */
const LIVE_ENV = ['SO_CONFORMANCE_CONFIG', 'SO_CONFORMANCE_ALLOW_DESTRUCTIVE', 'SO_CONFORMANCE_ALLOW_PRODUCTION', 'SO_PASSWORD', 'SO_TICKET', 'SO_APPLICATION_TOKEN'];

/**
 * The CLI as a child, asynchronously (servers these runs talk to live in the test's process), with
 * the live-target variables cleared; `onStdout` sees the output so far and may signal the child.
 */
export function cliChild(args: string[], env: NodeJS.ProcessEnv = {}, onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void): Promise<CliRun & { code: number | null }> {
  const base = { ...process.env };
  for (const k of LIVE_ENV) delete base[k];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/so-conformance.mjs', ...args], { cwd: REPO, env: { ...base, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout?.(stdout, (s) => child.kill(s));
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
