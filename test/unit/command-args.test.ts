/**
 * The argument handling all subcommands share (src/cli/command-args.ts): what `--help` and each kind
 * of mistake answer, in both message forms, and the whole-number option's bounds.
 */
import { describe, expect, it } from 'vitest';
import { capturedIo } from '../../src/cli/io.ts';
import { parseCommandArgs, wholeNumber, type Command } from '../../src/cli/command-args.ts';

const firstLine: Command = { name: 'demo', usage: 'usage: so-conformance demo [--n N]' };
const whole: Command = { ...firstLine, parseErrors: 'whole' };
const OPTIONS = { n: { type: 'string' }, flag: { type: 'boolean' } } as const;

function parse(command: Command, argv: string[], positionals = false) {
  const io = capturedIo();
  const result = parseCommandArgs(io, command, argv, OPTIONS, positionals);
  return { result, stdout: io.stdoutText(), stderr: io.stderrText() };
}

describe('parseCommandArgs', () => {
  it('hands back the values and positionals', () => {
    const { result, stdout, stderr } = parse(firstLine, ['--n', '3', 'a', '--flag'], true);
    expect(result).toEqual({ values: { n: '3', flag: true }, positionals: ['a'] });
    expect(stdout + stderr).toBe('');
  });

  it('-h and --help print the usage on stdout and exit 0', () => {
    for (const h of ['-h', '--help']) expect(parse(firstLine, [h])).toEqual({ result: 0, stdout: 'usage: so-conformance demo [--n N]\n', stderr: '' });
  });

  it('a mistake before --help is still a usage error: exit 2, "so-conformance NAME: message", a blank line, the usage', () => {
    expect(parse(firstLine, ['--nope', '--help'])).toEqual({ result: 2, stdout: '', stderr: "so-conformance demo: Unknown option '--nope'\n\nusage: so-conformance demo [--n N]\n" });
  });

  it('a positional where none is taken is refused', () => {
    expect(parse(firstLine, ['x']).stderr).toMatch(/^so-conformance demo: Unexpected argument 'x'\. This command does not take positional arguments\n\n/);
  });

  it('first-line form: drops parseArgs hints on positionals and the lines after the first', () => {
    expect(parse(firstLine, ['--nope'], true).stderr.split('\n')[0]).toBe("so-conformance demo: Unknown option '--nope'");
    expect(parse(firstLine, ['--n', '--flag']).stderr).toBe("so-conformance demo: Option '--n' argument is ambiguous.\n\nusage: so-conformance demo [--n N]\n");
  });

  it('whole form: keeps parseArgs message as it is', () => {
    const { result, stderr } = parse(whole, ['--n', '--flag']);
    expect(result).toBe(2);
    expect(stderr).toMatch(/^so-conformance demo: Option '--n' argument is ambiguous\.\nDid you forget to specify the option argument for '--n'\?\n/);
    expect(stderr).toContain("\n\nusage: so-conformance demo [--n N]\n");
  });
});

describe('wholeNumber', () => {
  it('the fallback when absent, the number when in bounds, else the message', () => {
    expect(wholeNumber(undefined, '--port', 7)).toBe(7);
    expect(wholeNumber('65535', '--port', 0, 0, 65535)).toBe(65535);
    expect(wholeNumber('65536', '--port', 0, 0, 65535)).toBe('--port must be a whole number from 0 to 65535, got "65536"');
    expect(wholeNumber('0', '--timeout', 1, 1)).toBe(`--timeout must be a whole number from 1 to ${Number.MAX_SAFE_INTEGER}, got "0"`);
    for (const bad of ['', '-1', '1.5', '1e3', ' 1', '0x10']) expect(typeof wholeNumber(bad, '--n', 0)).toBe('string');
  });
});
