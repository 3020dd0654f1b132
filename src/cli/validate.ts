/**
 * `so-conformance validate [--profile wsdl|soap12] [--version 83..88] [--json] FILE... | -`
 * (DESIGN §6). Exit 0 when every input conforms, 1 when any does not, 2 on usage errors or
 * unreadable input. Bad input is a verdict, never a stack trace.
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { ProfileId } from '../contract/profiles.ts';
import { DEFAULT_VERSION, SERVICES_VERSIONS, type ServicesVersion } from '../contract/namespaces.ts';
import { looksLikeHar, readHar } from './har.ts';
import { OUTCOME_VALUES } from '../contract/outcome.ts';
import { processIo, type CliIo } from './io.ts';
import { messageContract, parseCommandArgs, usageError, type Command } from './command-args.ts';
import { addToTally, addUnreadable, colorEnabled, humanSummary, humanVerdict, newTally, paint } from './format.ts';

export const USAGE = `usage: so-conformance validate [--profile wsdl|soap12] [--version N] [--json] FILE... | -

Validates captured DeleteChatSessions messages against the contract's rule catalogue. Each input is a
bare SOAP envelope or a raw HTTP message as a proxy captures it (request line or status line, headers,
blank line, body); requests and responses are told apart automatically. "-" reads standard input.
A HAR 1.2 file (.har, or JSON) gives one verdict per DeleteChatSessions request and response in it,
named FILE#N/request and FILE#N/response (N counts entries from 1); other entries are skipped.

options:
  --profile wsdl|soap12  wsdl (default): SOAP 1.1 exactly as the WSDL binds it;
                         soap12: the same contract carried in SOAP 1.2
  --version N            Services version of the contract, ${SERVICES_VERSIONS[0]}..${SERVICES_VERSIONS.at(-1)} (default ${DEFAULT_VERSION})
  --json                 one JSON object per input per line:
                         {"file","kind","profile","conformant","outcome" (responses),
                          "violations":[{"rule","severity","message","line","column","path"}]}
                         outcome: ${OUTCOME_VALUES.join(' | ')}
  -h, --help             this text

exit status: 0 every input conforms, 1 some input does not, 2 usage error or unreadable input
(the other inputs are still validated). Colour only on a terminal; NO_COLOR turns it off.`;

class Unreadable extends Error {}

const COMMAND: Command = { name: 'validate', usage: USAGE };

interface Options {
  profile: ProfileId;
  version: ServicesVersion;
  json: boolean;
  files: string[];
}

/** The options, or the exit status after `--help` or a usage error. */
function parse(io: CliIo, argv: string[]): Options | number {
  const parsed = parseCommandArgs(io, COMMAND, argv, { profile: { type: 'string' }, version: { type: 'string' }, json: { type: 'boolean' } }, true);
  if (typeof parsed === 'number') return parsed;
  const contract = messageContract(parsed.values);
  if (typeof contract === 'string') return usageError(io, COMMAND, contract);
  const files = parsed.positionals;
  if (files.length === 0) return usageError(io, COMMAND, 'no input: give one or more FILEs, or - for standard input');
  if (files.filter((f) => f === '-').length > 1) return usageError(io, COMMAND, 'standard input (-) can be read only once');
  return { ...contract, json: parsed.values.json ?? false, files };
}

/** The reason an input could not be read, in words (exported for the tests: root cannot provoke EACCES). */
export function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return err instanceof Error ? err.message : String(err);
  }
}

async function readCapped(chunks: AsyncIterable<Uint8Array>, cap: number, before = 0): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = before;
  for await (const c of chunks) {
    total += c.byteLength;
    if (total > cap) throw new Unreadable(`too large (over ${cap} bytes)`);
    parts.push(c);
  }
  return Buffer.concat(parts, total - before);
}

/** The file as its stat gave its size; one that grew since is read on to the cap, like a pipe. */
async function readWhole(fh: FileHandle, size: number, cap: number): Promise<Uint8Array> {
  const buf = new Uint8Array(size);
  let got = 0;
  while (got < size) {
    const { bytesRead } = await fh.read(buf, got, size - got, got);
    if (bytesRead === 0) return buf.subarray(0, got);
    got += bytesRead;
  }
  const more = await readCapped(fh.createReadStream({ start: size, autoClose: false }), cap, size);
  if (more.byteLength === 0) return buf;
  const all = new Uint8Array(size + more.byteLength);
  all.set(buf);
  all.set(more, size);
  return all;
}

/** Bytes, never strings: the encoding is the document's to declare and the rules' to judge. */
async function readInput(file: string, cap: number, stdin: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (file === '-') return readCapped(stdin, cap);
  const fh = await open(file, 'r');
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.isFile() && st.size > cap) throw new Unreadable(`too large (${st.size} bytes; the limit is ${cap})`);
    // A regular file in one read of its known size: a stream's chunks plus their concatenation held
    // the input twice (30 MB more peak memory at a million ids) and copied it once more.
    if (st.isFile()) return await readWhole(fh, st.size, cap);
    // Not only regular files: `validate <(curl …)` hands over a pipe.
    return await readCapped(fh.createReadStream({ autoClose: false }), cap);
  } finally {
    await fh.close();
  }
}

/**
 * Standard output with back-pressure, so a long report does not pile up in memory. When the reader
 * goes away (`validate … | head`), writing stops but validation goes on: the exit status still
 * tells whether every input conforms.
 */
class Output {
  private closed = false;
  private waiting: (() => void)[] = [];

  constructor(private readonly stream: NodeJS.WritableStream) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      this.closed = true;
      for (const w of this.waiting.splice(0)) w();
    });
  }

  write(text: string): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.stream.write(text)) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      this.stream.once('drain', () => {
        this.waiting = this.waiting.filter((w) => w !== resolve);
        resolve();
      });
    });
  }
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const o = parse(io, argv);
  if (typeof o === 'number') return o;
  const out = new Output(io.stdout);
  // Loaded only now, so --help and usage errors answer without compiling the catalogue and the parser;
  // libxml2 only once a message needs the schema backstop (most conformant ones do not).
  (await import('../contract/schema-loading.ts')).deferLibxml();
  const [{ judgeRedacted }, { DEFAULT_LIMITS }, { renderVerdict }, schema] = await Promise.all([
    import('../report/redacted-verdict.ts'),
    import('../xml/parse.ts'),
    import('../report/verdict-render.ts'),
    import('../contract/schema.ts'),
  ]);
  const judge = async (...args: Parameters<typeof judgeRedacted>) => {
    try {
      return judgeRedacted(...args);
    } catch (err) {
      if (!(err instanceof schema.SchemaEngineNotLoaded)) throw err;
      await schema.loadSchemaEngine();
      return judgeRedacted(...args);
    }
  };
  // Inputs are read whole, so they are capped: the parser's own byte limit plus room for HTTP headers.
  const cap = DEFAULT_LIMITS.maxBytes + 1024 * 1024;
  const p = paint(!o.json && colorEnabled(io.stdout, io.env));
  const tally = newTally();
  for (const [i, file] of o.files.entries()) {
    let bytes: Uint8Array;
    try {
      bytes = await readInput(file, cap, io.stdin);
    } catch (err) {
      io.stderr.write(`so-conformance validate: cannot read ${file === '-' ? 'standard input' : file}: ${describeReadError(err)}\n`);
      addUnreadable(tally);
      continue;
    }
    // A HAR file is many messages; anything else is one.
    const har = looksLikeHar(file, bytes) ? readHar(file, bytes, (await import('../contract/delete-chat-sessions.ts')).deleteChatSessionsContract(o.version).endpointPath) : undefined;
    if (har instanceof Error || har?.messages.length === 0) {
      io.stderr.write(`so-conformance validate: cannot read ${file}: ${har instanceof Error ? har.message : `no DeleteChatSessions exchange in its ${har!.entries} entries`}\n`);
      addUnreadable(tally);
      continue;
    }
    for (const note of har?.notes ?? []) io.stderr.write(`so-conformance validate: note: ${note}\n`);
    for (const m of har?.messages ?? [{ name: file, body: bytes }]) {
      // Redacted before anything is written: a verdict quotes the message, and its output is often kept (CI artifacts).
      let verdict;
      try {
        verdict = (await judge(m.body, { profile: o.profile, version: o.version, ...('http' in m ? { input: 'envelope' as const, kind: m.kind, http: m.http } : {}) })).verdict;
      } catch (err) {
        // Only a bug in the engine gets here; the exit status stays 0/1/2 whatever the input.
        io.stderr.write(`so-conformance validate: cannot validate ${file === '-' ? 'standard input' : m.name}: internal error: ${err instanceof Error ? err.message.slice(0, 200) : 'unknown'}\n`);
        addUnreadable(tally);
        continue;
      }
      addToTally(tally, verdict);
      if (o.json) await out.write(`${renderVerdict(verdict, 'json', { file: m.name })}\n`);
      else await out.write(`${i > 0 || (har && m !== har.messages[0]) ? '\n' : ''}${humanVerdict(m.name, verdict, p)}\n`);
    }
  }
  if (!o.json) await out.write(`\n${humanSummary(tally, p)}\n`);
  return tally.unreadable ? 2 : tally.notConformant ? 1 : 0;
}
