/**
 * What a command reads and writes, passed in rather than taken from `process`, so the tests run
 * `main(argv, io)` in-process (a launch costs about a second on a busy machine) and the binary passes
 * the real streams.
 */
import { Readable, Writable } from 'node:stream';

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: AsyncIterable<Uint8Array>;
  env: NodeJS.ProcessEnv;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env };
}

/** In-memory streams for a run in this process; `text()` decodes what the command wrote. */
export interface CapturedIo extends CliIo {
  stdoutText(): string;
  stderrText(): string;
}

export function capturedIo(opts: { stdin?: Uint8Array | string; env?: NodeJS.ProcessEnv; isTTY?: boolean } = {}): CapturedIo {
  const sink = () => {
    const chunks: Buffer[] = [];
    const stream = new Writable({
      write(chunk: Buffer | string, _enc, done) {
        chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
        done();
      },
    }) as Writable & { isTTY?: boolean };
    stream.isTTY = opts.isTTY ?? false;
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = sink();
  const err = sink();
  const input = opts.stdin ?? '';
  return {
    stdout: out.stream,
    stderr: err.stream,
    stdin: Readable.from([typeof input === 'string' ? Buffer.from(input) : Buffer.from(input)]),
    env: opts.env ?? {},
    stdoutText: out.text,
    stderrText: err.text,
  };
}
