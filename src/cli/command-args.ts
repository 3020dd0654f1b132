/**
 * What every subcommand does with its arguments before its own checks: node's strict `parseArgs`,
 * `-h`/`--help` printing the command's usage on stdout (exit 0), and a usage error as
 * `so-conformance NAME: MESSAGE`, a blank line and the usage on stderr (exit 2). One place, so the
 * commands cannot drift apart in how they answer a mistyped command line.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { isProfileId, type ProfileId } from '../contract/profiles.ts';
import { DEFAULT_VERSION, SERVICES_VERSIONS, isServicesVersion, type ServicesVersion } from '../contract/namespaces.ts';
import type { CliIo } from './io.ts';

export interface Command {
  /** As typed after `so-conformance`: `validate`. */
  readonly name: string;
  /** The `--help` text, also shown under every usage error. */
  readonly usage: string;
  /**
   * `first-line` (default): parseArgs' first sentence only, without its hint on positional arguments
   * (it names `--`, which confuses more than it helps); `whole`: its message as it is.
   */
  readonly parseErrors?: 'first-line' | 'whole';
}

/** Exit status 2, with the message and the usage on stderr. */
export function usageError(io: CliIo, command: Command, message: string): number {
  io.stderr.write(`so-conformance ${command.name}: ${message}\n\n${command.usage}\n`);
  return 2;
}

type Options = NonNullable<ParseArgsConfig['options']>;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;
type Config<O extends Options, P extends boolean> = { args: string[]; options: O & typeof HELP; strict: true; allowPositionals: P };
export type CommandArgs<O extends Options, P extends boolean> = ReturnType<typeof parseArgs<Config<O, P>>>;

/**
 * The parsed arguments, or the exit status when there is nothing more to do: 0 after `--help`, 2
 * after a usage error (unknown option, missing value, a positional where none is taken).
 */
export function parseCommandArgs<const O extends Options, const P extends boolean = false>(
  io: CliIo,
  command: Command,
  argv: string[],
  options: O,
  allowPositionals: P = false as P,
): CommandArgs<O, P> | number {
  let parsed: CommandArgs<O, P>;
  try {
    parsed = parseArgs<Config<O, P>>({ args: argv, options: { ...options, ...HELP }, strict: true, allowPositionals });
  } catch (err) {
    return usageError(io, command, parseErrorMessage(err, command.parseErrors ?? 'first-line', allowPositionals));
  }
  if ((parsed.values as { help?: boolean }).help) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  return parsed;
}

function parseErrorMessage(err: unknown, form: 'first-line' | 'whole', allowPositionals: boolean): string {
  if (!(err instanceof Error)) return String(err);
  if (form === 'whole') return err.message;
  const first = err.message.split('\n')[0]!;
  // parseArgs explains unknown options and missing values well; keep its sentence, drop the rest.
  return allowPositionals ? first.replace(/\. To specify a positional argument.*$/, '') : first;
}

/**
 * A whole-number option: `fallback` when absent, else the number, or the usage-error message when
 * it is not digits only or lies outside min..max.
 */
export function wholeNumber(value: string | undefined, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number | string {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) > max || Number(value) < min) return `${name} must be a whole number from ${min} to ${max}, got "${value}"`;
  return Number(value);
}

/**
 * `--version` and `--profile` of the commands that listen (serve, proxy), and their `--host`: the
 * usage-error message, or the contract they choose.
 */
export function listenerContract(values: { version?: string; profile?: string; host?: string }): { version: ServicesVersion; profile: ProfileId } | string {
  const version = values.version === undefined ? DEFAULT_VERSION : Number(values.version);
  if (!isServicesVersion(version)) return `--version must be one of 83-88, got "${values.version}"`;
  const profile = values.profile ?? 'wsdl';
  if (!isProfileId(profile)) return `--profile must be wsdl or soap12, got "${profile}"`;
  if (values.host === '') return '--host must not be empty';
  return { version, profile };
}

/** `--profile` and `--version` of the commands that read or write one message (validate, example). */
export function messageContract(values: { version?: string; profile?: string }): { version: ServicesVersion; profile: ProfileId } | string {
  const profile = values.profile ?? 'wsdl';
  if (!isProfileId(profile)) return `unknown profile "${profile}" (use wsdl or soap12)`;
  const version = values.version === undefined ? DEFAULT_VERSION : /^\d+$/.test(values.version) ? Number(values.version) : NaN;
  if (!isServicesVersion(version)) return `unknown Services version "${values.version}" (use ${SERVICES_VERSIONS.join(', ')})`;
  return { version, profile };
}

/** A server that could not bind (EADDRINUSE, EACCES …): exit status 1 with where and why. */
export function cannotListen(io: CliIo, command: Command, host: string | undefined, port: number, err: NodeJS.ErrnoException): number {
  io.stderr.write(`so-conformance ${command.name}: cannot listen on ${host ?? '127.0.0.1'}:${port}: ${err.code ?? err.message}\n`);
  return 1;
}
