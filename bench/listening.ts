/**
 * A server process the benchmarks start: `so-conformance serve`/`proxy` (installed or from the
 * checkout) or a peer. Resolves once it printed `listening URL` and `more` lines after it, the way
 * every one of them announces itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Listening {
  child: ChildProcess;
  /** Its stdout lines so far; the first is `listening URL`. */
  lines: string[];
  /** The URL it printed, without a trailing slash. */
  origin: string;
  /** SIGTERM, then the exit (SIGKILL 3 s later if it does not go). */
  close(): Promise<void>;
}

export function startListening(cmd: string, args: string[], cwd: string, options: { more?: number; timeoutMs?: number } = {}): Promise<Listening> {
  const more = options.more ?? 0;
  const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  const close = (): Promise<void> =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
    });
  return new Promise((ok, fail) => {
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`${args[0] ?? cmd} did not start in ${options.timeoutMs} ms`));
    }, options.timeoutMs);
    // Read on after it started, so a chatty server never blocks on a full pipe.
    createInterface({ input: child.stdout! }).on('line', (l) => {
      if (lines.length === 0 && !l.startsWith('listening ')) return;
      lines.push(l);
      if (lines.length !== 1 + more) return;
      clearTimeout(timer);
      ok({ child, lines, origin: lines[0]!.slice('listening '.length).replace(/\/$/, ''), close });
    });
    child.once('error', (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (lines.length < 1 + more) fail(new Error(`${args[0] ?? cmd} exited ${code} before listening`));
    });
  });
}
