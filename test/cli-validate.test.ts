/**
 * `so-conformance validate` (DESIGN §6): exit codes, the exact `--json` shape, human output, stdin,
 * raw HTTP captures and hostile input. Most runs call the CLI in this process (`runCli`); a few
 * launch the real binary (`runBin`) to hold the same for what a user starts: exit code, stdin,
 * colour from the environment, usage errors and a reader that goes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { buildRequest } from '../src/envelope/request.ts';
import { buildAppErrorResponse, buildFault11, buildSuccessResponse } from '../src/envelope/response.ts';
import { NS } from '../src/contract/namespaces.ts';
import { validate } from '../src/validate.ts';
import { rules } from '../src/contract/catalogue.ts';
import { VERDICT_LINE_SCHEMA, colorEnabled, humanVerdict, jsonVerdict, paint } from '../src/cli/format.ts';
import { describeReadError } from '../src/cli/validate.ts';
import { REPO, STACK_TRACE, docsRequestExample, itRefusesUsage, jsonLines, requestCapture, responseCapture, runBin, runCli, type CliRun } from './cli-helpers.ts';

const ajv = new Ajv2020({ allErrors: true, strict: true });
const validLine = ajv.compile(VERDICT_LINE_SCHEMA);

/** Parses `--json` stdout and holds every line to the published schema. */
function verdictLines(stdout: string): Record<string, unknown>[] {
  const lines = jsonLines(stdout);
  for (const l of lines) {
    const ok = validLine(l);
    expect(ok, `${JSON.stringify(l)}\n${ajv.errorsText(validLine.errors)}`).toBe(true);
    // Key order is part of the interface.
    expect(Object.keys(l)).toEqual(['file', 'kind', 'profile', 'conformant', ...(l.kind === 'response' ? ['outcome'] : []), 'violations']);
    for (const v of l.violations as Record<string, unknown>[]) expect(Object.keys(v)).toEqual(['rule', 'severity', 'message', 'line', 'column', 'path']);
  }
  return lines;
}

const rulesOf = (line: Record<string, unknown>) => (line.violations as { rule: string }[]).map((v) => v.rule);

let dir: string;
const f = (name: string) => join(dir, name);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'so-validate-'));
  const ok = buildRequest({ ids: [1, 2, 3] });
  writeFileSync(f('ok.xml'), ok.bytes);
  writeFileSync(f('docs-example.xml'), docsRequestExample());
  writeFileSync(f('request.http'), requestCapture(ok));
  writeFileSync(f('request-lf.http'), requestCapture(ok).replace(/\r\n/g, '\n'));
  writeFileSync(f('unquoted-action.http'), requestCapture(buildRequest({ ids: [1], quoteSoapAction: false })));
  writeFileSync(f('success.http'), responseCapture(buildSuccessResponse()));
  writeFileSync(f('app-error.http'), responseCapture(buildAppErrorResponse({ message: 'The ticket is not valid', exceptionType: 'SoException' })));
  writeFileSync(f('fault.http'), responseCapture(buildFault11({ code: { ns: NS.soap11, local: 'Client' }, faultString: 'bad request' })));
  writeFileSync(f('garbage.xml'), 'this is not XML at all\n');
  writeFileSync(f('empty.xml'), '');
  writeFileSync(f('truncated.xml'), ok.body.slice(0, Math.floor(ok.body.length / 2)));
  writeFileSync(f('utf16-declared.xml'), ok.body.replace('encoding="utf-8"', 'encoding="UTF-16"'));
  writeFileSync(
    f('dtd.xml'),
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<lolz>&lol2;</lolz>\n',
  );
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('validate: verdicts and exit codes', () => {
  it('a conformant request exits 0 with a conformant block and summary (the binary)', async () => {
    const r = await runBin(['validate', f('ok.xml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${f('ok.xml')}: request, profile wsdl: conformant`);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 input: 1 conformant, 0 not conformant (0 errors, 0 warnings)');
  });

  it('the documentation example exits 1 and --json names exactly the rules it breaks, located', async () => {
    const r = await runCli(['validate', '--json', f('docs-example.xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const [line, ...rest] = verdictLines(r.stdout);
    expect(rest).toEqual([]);
    expect(line).toMatchObject({ file: f('docs-example.xml'), kind: 'request', profile: 'wsdl', conformant: false });
    // SOAP 1.2 envelope under the SOAP 1.1 binding, and both header blocks directly under Envelope.
    expect(line!.violations).toEqual([
      expect.objectContaining({ rule: 'ENV-001', severity: 'error', line: 2, column: 1, path: 'Envelope' }),
      expect.objectContaining({ rule: 'HDR-001', severity: 'error', line: 10, column: 3, path: 'Envelope › ApplicationToken' }),
      expect.objectContaining({ rule: 'HDR-001', severity: 'error', line: 11, column: 3, path: 'Envelope › Credentials' }),
    ]);
    // The CLI adds nothing and drops nothing the library found.
    const lib = validate(new TextEncoder().encode(docsRequestExample()));
    expect(line).toEqual(jsonVerdict(f('docs-example.xml'), lib));
  });

  it('--profile soap12 judges the same example against the SOAP 1.2 re-binding', async () => {
    const r = await runCli(['validate', '--json', '--profile', 'soap12', f('docs-example.xml')]);
    expect(r.code).toBe(1);
    const [line] = verdictLines(r.stdout);
    expect(line!.profile).toBe('soap12');
    expect(rulesOf(line!)).toEqual(['HDR-001', 'HDR-001']);
  });

  it('--version selects the Services version the message is judged against', async () => {
    const r = await runCli(['validate', '--json', '--version', '88', f('ok.xml')]);
    expect(r.code).toBe(1);
    const [line] = verdictLines(r.stdout);
    expect(rulesOf(line!)).toContain('OP-002');
  });

  it('several files: one JSON line each, in order; exit 1 when any does not conform', async () => {
    const r = await runCli(['validate', '--json', f('ok.xml'), f('docs-example.xml'), f('request.http')]);
    expect(r.code).toBe(1);
    const lines = verdictLines(r.stdout);
    expect(lines.map((l) => [l.file, l.conformant])).toEqual([
      [f('ok.xml'), true],
      [f('docs-example.xml'), false],
      [f('request.http'), true],
    ]);
  });

  it('"-" reads standard input and names it "-" (the binary)', async () => {
    const r = await runBin(['validate', '--json', '-'], { stdin: buildRequest({ ids: [7] }).bytes });
    expect(r.code).toBe(0);
    expect(verdictLines(r.stdout)).toEqual([{ file: '-', kind: 'request', profile: 'wsdl', conformant: true, violations: [] }]);
  });

  it('stdin and files mix; stdin carries a raw HTTP capture just as well', async () => {
    const r = await runCli(['validate', '--json', f('ok.xml'), '-'], { stdin: requestCapture(buildRequest({ ids: [1], quoteSoapAction: false })) });
    expect(r.code).toBe(1);
    const lines = verdictLines(r.stdout);
    expect(lines.map((l) => l.file)).toEqual([f('ok.xml'), '-']);
    expect(rulesOf(lines[1]!)).toEqual(['HTTP-005']);
  });
});

describe('validate: raw HTTP captures', () => {
  it('requests (CRLF or bare LF) are read with their headers; an unquoted SOAPAction is reported', async () => {
    const r = await runCli(['validate', '--json', f('request.http'), f('request-lf.http'), f('unquoted-action.http')]);
    expect(r.code).toBe(1);
    const lines = verdictLines(r.stdout);
    expect(lines.map((l) => [l.kind, l.conformant])).toEqual([
      ['request', true],
      ['request', true],
      ['request', false],
    ]);
    expect(lines[2]!.violations).toEqual([expect.objectContaining({ rule: 'HTTP-005', line: null, column: null, path: null })]);
  });

  it('responses are recognised and carry their outcome: success, app-error, fault', async () => {
    const r = await runCli(['validate', '--json', f('success.http'), f('app-error.http'), f('fault.http')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = verdictLines(r.stdout);
    expect(lines.map((l) => [l.kind, l.outcome, l.conformant])).toEqual([
      ['response', 'success', true],
      ['response', 'app-error', true],
      ['response', 'fault', true],
    ]);
  });

  it('a bare response envelope (no HTTP) is recognised as a response too', async () => {
    const r = await runCli(['validate', '--json', '-'], { stdin: buildSuccessResponse().body });
    expect(verdictLines(r.stdout)).toEqual([{ file: '-', kind: 'response', profile: 'wsdl', conformant: true, outcome: 'success', violations: [] }]);
  });
});

describe('validate: inputs are bytes, the document declares its encoding', () => {
  it('a UTF-16LE envelope with BOM, from a file and from stdin, is read as UTF-16 and conforms', async () => {
    const body = buildRequest({ ids: [1, 2, 3], ticket: 'tïckét' }).body.replace('encoding="utf-8"', 'encoding="utf-16"');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(body, 'utf16le')]);
    writeFileSync(f('utf16le.xml'), utf16);
    const r = await runCli(['validate', '--json', f('utf16le.xml'), '-'], { stdin: utf16 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(verdictLines(r.stdout).map((l) => [l.file, l.conformant])).toEqual([
      [f('utf16le.xml'), true],
      ['-', true],
    ]);
  });
});

describe('validate: every --json line matches the published JSON Schema', () => {
  it('holds for conformant, non-conformant, request, response and hostile inputs alike', async () => {
    const names = ['ok.xml', 'docs-example.xml', 'request.http', 'unquoted-action.http', 'success.http', 'app-error.http', 'fault.http', 'garbage.xml', 'empty.xml', 'truncated.xml', 'utf16-declared.xml', 'dtd.xml'];
    const r = await runCli(['validate', '--json', ...names.map(f)]);
    expect(r.code).toBe(1);
    expect(verdictLines(r.stdout)).toHaveLength(names.length);
  });

  it('the schema rejects what §6 does not promise (it can fail)', () => {
    const good = jsonVerdict('x.xml', validate(docsRequestExample()));
    expect(validLine(good)).toBe(true);
    const withHint = { ...good, violations: [{ ...good.violations[0]!, hint: 'extra' }] };
    expect(validLine(withHint)).toBe(false);
    expect(validLine({ ...good, outcome: 'success' })).toBe(false); // outcome on a request
    const { outcome: _o, ...noOutcome } = jsonVerdict('r.xml', validate(buildSuccessResponse().body));
    expect(validLine(noOutcome)).toBe(false); // response without outcome
  });

  it('jsonVerdict never leaks the hint, even though the library verdict carries one', () => {
    const lib = validate(docsRequestExample());
    expect(lib.violations[0]!.hint).toBeTruthy();
    expect(JSON.stringify(jsonVerdict('x', lib))).not.toContain('"hint"');
  });
});

describe('validate: hostile and broken input gets a located verdict, never a stack trace', () => {
  const cases: [string, string][] = [
    ['garbage.xml', 'XML-001'],
    ['dtd.xml', 'XML-004'],
    ['empty.xml', 'XML-007'],
    ['truncated.xml', 'XML-001'],
    ['utf16-declared.xml', 'XML-003'],
  ];
  it('garbage, DTD, empty, truncated and mis-declared inputs → exit 1, each with its rule, line and column', async () => {
    const r = await runCli(['validate', '--json', ...cases.map(([name]) => f(name))]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const lines = verdictLines(r.stdout);
    expect(lines.map((l) => l.file)).toEqual(cases.map(([name]) => f(name)));
    for (const [i, [, rule]] of cases.entries()) {
      const line = lines[i]!;
      expect(line.conformant).toBe(false);
      const v = (line.violations as { rule: string; line: number | null; column: number | null }[]).find((x) => x.rule === rule);
      expect(v, JSON.stringify(line)).toBeDefined();
      expect(v!.line).toBeGreaterThanOrEqual(1);
      expect(v!.column).toBeGreaterThanOrEqual(1);
    }
  });

  it('the human output for hostile input is a verdict too', async () => {
    const r = await runCli(['validate', f('dtd.xml'), f('garbage.xml')]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/XML-004 +error +2:\d+/);
    expect(r.stdout).toMatch(/XML-001 +error +1:\d+/);
  });
});

describe('validate: unreadable input and usage errors exit 2', () => {
  it('a missing file and a directory are reported on stderr; the other inputs are still validated', async () => {
    const r = await runCli(['validate', '--json', f('missing.xml'), f('ok.xml'), dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot read ${f('missing.xml')}: no such file`);
    expect(r.stderr).toContain(`cannot read ${dir}: is a directory`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(verdictLines(r.stdout).map((l) => [l.file, l.conformant])).toEqual([[f('ok.xml'), true]]);
  });

  it('an input over the size limit is refused unread (a sparse 300 MB file)', async () => {
    writeFileSync(f('huge.xml'), '');
    truncateSync(f('huge.xml'), 300 * 1024 * 1024);
    const r = await runCli(['validate', '--json', f('huge.xml')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`cannot read ${f('huge.xml').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: too large \\(314572800 bytes; the limit is \\d+\\)`));
    rmSync(f('huge.xml'));
  });

  it('the human summary counts unreadable inputs', async () => {
    const r = await runCli(['validate', f('missing.xml'), f('ok.xml')]);
    expect(r.code).toBe(2);
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 inputs: 1 conformant, 0 not conformant, 1 unreadable (0 errors, 0 warnings)');
  });

  it('unreadable wins over non-conformant in the exit status', async () => {
    const r = await runCli(['validate', '--json', f('docs-example.xml'), f('missing.xml')]);
    expect(r.code).toBe(2);
  });

  it('permission errors read as words (unit: root cannot provoke EACCES)', () => {
    expect(describeReadError(Object.assign(new Error('x'), { code: 'EACCES' }))).toBe('permission denied');
    expect(describeReadError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('no such file');
    expect(describeReadError(Object.assign(new Error('x'), { code: 'EISDIR' }))).toBe('is a directory');
  });

  // The first through the binary: a usage error must reach the shell as exit 2 too.
  itRefusesUsage('validate', [
    ['no input', ['validate'], /no input/, 'binary'],
    ['an unknown option', ['validate', '--frobnicate', 'x.xml'], /Unknown option '--frobnicate'/],
    ['an unknown profile', ['validate', '--profile', 'soap13', 'x.xml'], /unknown profile "soap13"/],
    ['an unknown version', ['validate', '--version', '99', 'x.xml'], /unknown Services version "99"/],
    ['a missing option value', ['validate', 'x.xml', '--profile'], /--profile/],
    ['stdin twice', ['validate', '-', '-'], /only once/],
  ]);

  it('--help prints usage on stdout and exits 0', async () => {
    const r = await runCli(['validate', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('usage: so-conformance validate [--profile wsdl|soap12]');
    expect(r.stdout).toContain('exit status: 0');
  });
});

describe('validate: human output', () => {
  it('names rule, severity, line:column, path, message and fix for each violation', async () => {
    const r = await runCli(['validate', f('docs-example.xml')]);
    expect(r.code).toBe(1);
    const lib = validate(docsRequestExample());
    expect(r.stdout).toContain(`${f('docs-example.xml')}: request, profile wsdl: NOT conformant (3 errors)`);
    for (const v of lib.violations) {
      expect(r.stdout).toMatch(new RegExp(`${v.rule} +${v.severity} +${v.line}:${v.column} +${v.path!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`));
      expect(r.stdout).toContain(`      ${v.message}\n`);
      expect(r.stdout).toContain(`      fix: ${v.hint}\n`);
    }
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 input: 0 conformant, 1 not conformant (3 errors, 0 warnings)');
  });

  it('responses show their outcome', async () => {
    const r = await runCli(['validate', f('app-error.http')]);
    expect(r.stdout).toContain(`${f('app-error.http')}: response, profile wsdl, outcome app-error: conformant`);
  });

  it('is plain when piped, coloured with FORCE_COLOR (the binary), and NO_COLOR wins', async () => {
    const piped = await runCli(['validate', f('docs-example.xml')]);
    expect(piped.stdout).not.toContain('\x1b[');
    const forced = await runBin(['validate', f('docs-example.xml')], { env: { FORCE_COLOR: '1' } });
    expect(forced.stdout).toContain('\x1b[31m');
    const both = await runCli(['validate', f('docs-example.xml')], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } });
    expect(both.stdout).not.toContain('\x1b[');
    expect(both.stdout).toBe(piped.stdout);
    const json = await runCli(['validate', '--json', f('docs-example.xml')], { env: { FORCE_COLOR: '1' } });
    expect(json.stdout).not.toContain('\x1b[');
  });

  it('text quoted from the message stays on one line and cannot drive the terminal (unit)', () => {
    const v = validate(buildRequest({ ids: [1] }).body.replace('<soap:Body>', '<soap:Body>two\nlines'));
    const quoted = v.violations.find((x) => x.message.includes('two'));
    expect(quoted?.message, JSON.stringify(v)).toContain('two\nlines');
    const text = humanVerdict('evil\x1b[2Jname.xml', v, paint(false));
    expect(text).not.toContain('\x1b');
    expect(text).toContain('evil\\u001b[2Jname.xml');
    expect(text.split('\n').find((l) => l.includes('two'))).toContain('two\\nlines');
  });

  it('colour follows the terminal (unit)', () => {
    expect(colorEnabled({ isTTY: true }, {})).toBe(true);
    expect(colorEnabled({ isTTY: false }, {})).toBe(false);
    expect(colorEnabled({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colorEnabled({ isTTY: true }, { TERM: 'dumb' })).toBe(false);
    expect(colorEnabled({}, { FORCE_COLOR: '0' })).toBe(false);
    const coloured = humanVerdict('x', validate(docsRequestExample()), paint(true));
    expect(coloured).toContain('\x1b[31merror  \x1b[39m');
  });
});

describe('validate: a reader that goes away', () => {
  it('`validate … | head -1` ends quietly and still exits 1 for a non-conformant input', async () => {
    const args = ['bin/so-conformance.mjs', 'validate', f('ok.xml'), ...Array.from({ length: 40 }, () => f('docs-example.xml'))];
    const r = await new Promise<CliRun>((resolve, reject) => {
      const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
      let stdout = '';
      let stderr = '';
      child.stdout.once('data', (c: Buffer) => {
        stdout = c.toString('utf8');
        child.stdout.destroy(); // like head: read a little, then close the pipe
      });
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    expect(r.stdout).toContain(`${f('ok.xml')}: request, profile wsdl: conformant`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(1);
  });
});

describe('validate: a million ids', () => {
  it('gets a verdict (conformant); speed is measured elsewhere, never asserted', async () => {
    const big = buildRequest({ ids: Array.from({ length: 1_000_000 }, (_, i) => i + 1), pretty: false });
    writeFileSync(f('ids-1m.xml'), big.bytes);
    const r = await runCli(['validate', '--json', f('ids-1m.xml')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(verdictLines(r.stdout)).toEqual([{ file: f('ids-1m.xml'), kind: 'request', profile: 'wsdl', conformant: true, violations: [] }]);
  }, 120_000);
});

describe('examples stay true', () => {
  it('examples/library.ts (pasted into docs/readme/library.md) runs and prints the verdicts it promises', async () => {
    const out = await new Promise<CliRun>((resolve, reject) => {
      execFile(process.execPath, ['--import', 'tsx', 'examples/library.ts'], { cwd: REPO }, (err, stdout, stderr) => {
        if (err && typeof err.code !== 'number') reject(err);
        else resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
      });
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('built request: conformant=true, violations=0\n');
    expect(out.stdout).toContain('docs-style request: conformant=false\n  ENV-001 error 2:1 Envelope\n  HDR-001 error 3:3 Envelope › ApplicationToken\n');
    expect(out.stdout).toContain('raw HTTP capture: kind=request, conformant=true\n');
    expect(out.stdout).toContain(`catalogue: ${rules.length} rules; IDS: IDS-001`);
    expect(out.stdout).toContain('serve: conformant request → HTTP 200; docs-style request → HTTP 500\n');
    expect(out.stdout).toMatch(/verdict: fault conformant=false rules=.*ENV-001/);
  });

  it('docs/readme/library.md shows examples/library.ts verbatim (imports from the repository root)', () => {
    const md = readFileSync(join(REPO, 'docs/readme/library.md'), 'utf8');
    const shown = /```ts\n([\s\S]*?)```/.exec(md)?.[1];
    const source = readFileSync(join(REPO, 'examples/library.ts'), 'utf8').replace(/^\/\*\*[\s\S]*?\*\/\n/, '').replaceAll("'../src/", "'./src/");
    expect(shown).toBe(source);
  });

  it('examples/github-actions.yml runs the commands this repository really has', () => {
    const wf = readFileSync(join(REPO, 'examples/github-actions.yml'), 'utf8');
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    expect(wf).toContain('run: npm ci');
    expect(wf).toContain('run: npm run conformance');
    expect(pkg.scripts.conformance).toBeDefined();
    expect(wf).toContain('npx so-conformance validate --json captures/*.xml');
    expect(pkg.bin['so-conformance']).toBeDefined();
    expect(wf).toMatch(/uses: actions\/upload-artifact@v\d+\n\s+with:\n(?:\s+\w[\w-]*: .+\n)*?\s+path: reports\/\n/);
    expect(wf).not.toMatch(/\t/); // YAML forbids tabs for indentation
  });
});
