/**
 * The package as a user gets it: `npm pack` (prepack compiles src/ to dist/), `npm install -g` into a
 * temporary prefix, then validate, serve, rules and the library run from the installed copy on plain
 * node, and a TypeScript project typechecks against the installed declarations. npm works from its
 * cache (--prefer-offline): the checkout's `npm ci` put every dependency there; only a package not yet
 * cached is fetched from the npm registry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { rules } from '../src/contract/catalogue.ts';
import { REPO, docsRequestExample, jsonLines } from './cli-helpers.ts';
import { buildRequest } from '../src/envelope/request.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exec(file: string, args: string[], opts: { cwd?: string; stdin?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = execFile(file, args, { cwd: opts.cwd ?? REPO, env: opts.env ?? process.env, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(err);
      else resolve({ code: err ? (err.code as number) : 0, stdout, stderr });
    });
    child.stdin?.end(opts.stdin ?? '');
  });
}

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { name: string; version: string };
let tmp: string;
let prefix: string;
let installed: string;
let bin: string;
/** Only the installed copy's bin directory and node's own: nothing from the checkout. */
let env: NodeJS.ProcessEnv;
let tarball: string;
let packOutput: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'so-package-'));
  prefix = join(tmp, 'prefix');
  const pack = await exec('npm', ['pack', '--pack-destination', tmp, '--json']);
  expect(pack.code, pack.stderr).toBe(0);
  packOutput = pack.stdout;
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as { filename: string }[];
  tarball = join(tmp, info!.filename);
  const install = await exec('npm', ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: tmp });
  expect(install.code, install.stderr).toBe(0);
  installed = join(prefix, 'lib', 'node_modules', pkg.name);
  bin = join(prefix, 'bin', 'so-conformance');
  env = { PATH: `${join(prefix, 'bin')}:${process.execPath.replace(/\/[^/]+$/, '')}:/usr/bin:/bin`, HOME: tmp, NO_COLOR: '1' };
}, 300_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm pack', () => {
  it(`names the tarball ${pkg.name}-${pkg.version}.tgz and ships compiled JavaScript, declarations, the contract and the bin, nothing else`, () => {
    expect(tarball.endsWith(`${pkg.name}-${pkg.version}.tgz`)).toBe(true);
    const [info] = JSON.parse(packOutput.slice(packOutput.indexOf('['))) as { files: { path: string }[] }[];
    const paths = info!.files.map((f) => f.path);
    expect(paths).toContain('dist/index.js');
    expect(paths).toContain('dist/index.d.ts');
    expect(paths).toContain('bin/so-conformance.mjs');
    expect(paths).toContain('contract/Services86-CustomerService.wsdl');
    expect(paths).toContain('contract/Services88-CustomerService.wsdl');
    const tops = [...new Set(paths.map((p) => p.split('/')[0]))].sort();
    expect(tops).toEqual(['README.md', 'bin', 'contract', 'dist', 'package.json']);
    // TypeScript sources never ship: only .js and .d.ts (and the JSON schema tsc copies) under dist/.
    expect(paths.filter((p) => p.startsWith('dist/') && !/\.(js|d\.ts|json)$/.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
  });

  it('leaves no dist/ behind in the checkout (postpack), so the checkout always runs its sources', () => {
    expect(existsSync(join(REPO, 'dist'))).toBe(false);
  });
});

describe('the installed package runs on plain node', () => {
  it('has no TypeScript tool among its dependencies and no sources', () => {
    expect(existsSync(join(installed, 'src'))).toBe(false);
    const deps = readdirSync(join(installed, 'node_modules'));
    expect(deps).not.toContain('tsx');
    expect(deps).not.toContain('typescript');
    expect(deps).not.toContain('esbuild');
  });

  it("reads each version's contract from its build snapshot, equal to the one parsed from the WSDL", async () => {
    const script = [
      `const svc = await import(${JSON.stringify(join(installed, 'dist/contract/services.js'))});`,
      `const s = await import(${JSON.stringify(join(installed, 'dist/contract/snapshot.js'))});`,
      '// Key order aside (the snapshot adds the WSDL text back last): the same contract.',
      'const canon = (c) => JSON.stringify(Object.keys(c).sort().map((k) => [k, c[k]]));',
      'for (const [service, operation] of [["CustomerService", "DeleteChatSessions"], ["SoPrincipal", "AuthenticateUsernamePassword"]]) {',
      '  for (const v of [83, 84, 85, 86, 87, 88]) {',
      '    const snap = s.readOperationSnapshot(service, operation, v);',
      '    console.log(operation, v, snap !== undefined && canon(snap) === canon(svc.readServiceOperation(service, operation, v)) && svc.serviceOperation(service, operation, v).wsdlFile === snap.wsdlFile);',
      '  }',
      '}',
    ].join('\n');
    const r = await exec(process.execPath, ['--input-type=module', '-e', script], { env, cwd: tmp });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(['DeleteChatSessions', 'AuthenticateUsernamePassword'].flatMap((op) => [83, 84, 85, 86, 87, 88].map((v) => `${op} ${v} true\n`)).join(''));
  });

  it('so-conformance --version', async () => {
    expect(await exec(bin, ['--version'], { env })).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('validate: a sample from `example` conforms, the documentation example does not', async () => {
    const sample = await exec(bin, ['example', 'request', '--http'], { env });
    expect(sample.code).toBe(0);
    const ok = await exec(bin, ['validate', '--json', '-'], { env, stdin: sample.stdout });
    expect(jsonLines(ok.stdout)).toEqual([{ file: '-', kind: 'request', profile: 'wsdl', conformant: true, violations: [] }]);
    expect(ok.code).toBe(0);
    const file = join(tmp, 'docs-example.xml');
    writeFileSync(file, docsRequestExample());
    const bad = await exec(bin, ['validate', file], { env });
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`${file}: request, profile wsdl: NOT conformant (3 errors)`);
  });

  it('validate loads libxml2 only when a message needs the schema backstop, and then judges it', async () => {
    // The installed CLI defers libxml2-wasm (start-up); a finding only the backstop makes proves it loads when needed.
    const good = join(tmp, 'good.xml');
    const odd = join(tmp, 'ticket-attribute.xml');
    const body = buildRequest({ ids: [1, 2] }).body;
    writeFileSync(good, body);
    const withAttr = body.replace(/<([A-Za-z0-9]+:)?Ticket>/, '<$1Ticket foo="1">');
    expect(withAttr).not.toBe(body);
    writeFileSync(odd, withAttr);
    const r = await exec(bin, ['validate', '--json', good, odd, good], { env });
    expect(r.code).toBe(1);
    const lines = jsonLines(r.stdout) as { conformant: boolean; violations: { rule: string; message: string }[] }[];
    expect(lines.map((l) => l.conformant)).toEqual([true, false, true]);
    expect(lines[1]!.violations.map((v) => v.rule)).toEqual(['HDR-007']);
    expect(lines[1]!.violations[0]!.message).toContain("attribute 'foo': The attribute 'foo' is not allowed");
  });

  it('rules --json: the whole catalogue', async () => {
    const r = await exec(bin, ['rules', '--json'], { env });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { id: string }[]).map((e) => e.id)).toEqual(rules.map((x) => x.id));
  });

  it('serve: listens, answers a conformant request with 200 and serves the vendored WSDL', async () => {
    const child = spawn(bin, ['serve', '--quiet'], { env, cwd: tmp });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const url = /^listening (http:\/\/127\.0\.0\.1:\d+)$/.exec(first)?.[1];
      expect(url, first).toBeDefined();
      const sample = await exec(bin, ['example', 'request', '--http'], { env });
      const [head, body] = sample.stdout.split('\r\n\r\n') as [string, string];
      const path = head.split(' ')[1]!;
      const headers = Object.fromEntries(head.split('\r\n').slice(1).map((l) => l.split(': ') as [string, string]).filter(([k]) => !/^(host|content-length)$/i.test(k)));
      const res = await fetch(`${url}${path}`, { method: 'POST', headers, body });
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('DeleteChatSessionsResponse');
      const wsdl = await fetch(`${url}${path}?wsdl`);
      expect(wsdl.status).toBe(200);
      expect(await wsdl.text()).toContain('<wsdl:definitions');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('run says plainly that it needs a checkout, instead of passing zero scenarios', async () => {
    const r = await exec(bin, ['run', '--target', 'fixtures'], { env, cwd: tmp });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('not part of the installed package; run it from a checkout');
  });
});

describe('the installed library', () => {
  let project: string;
  beforeAll(() => {
    // A consumer project: the installed package and Node's types, nothing else from the checkout.
    project = join(tmp, 'consumer');
    mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
    symlinkSync(installed, join(project, 'node_modules', pkg.name));
    symlinkSync(join(REPO, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'));
    writeFileSync(join(project, 'package.json'), '{ "type": "module", "private": true }\n');
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { strict: true, module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', noEmit: true, types: ['node'] }, files: ['index.ts', 'bad.ts'] }),
    );
    writeFileSync(
      join(project, 'index.ts'),
      [
        "import { validate, buildRequest, startServer, rules, type Verdict, type RequestOptions } from 'so-conformance';",
        "const options: RequestOptions = { ids: [1, 2], profile: 'wsdl' };",
        'const v: Verdict = validate(buildRequest(options).bytes);',
        'const conformant: boolean = v.conformant;',
        'const server: Promise<{ url: string; close(): Promise<void> }> = startServer({ port: 0 });',
        'export { conformant, server, rules };',
        '',
      ].join('\n'),
    );
    // The types are real, not `any`: a wrong use must be the one error of the project.
    writeFileSync(join(project, 'bad.ts'), "import { validate } from 'so-conformance';\nexport const n: number = validate('x').conformant;\n");
  });

  it('imports and validates from plain node', async () => {
    const script = "import { validate, buildRequest } from 'so-conformance'; const v = validate(buildRequest({ ids: [1] }).bytes); console.log(v.kind, v.conformant);";
    const r = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: project, env });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('request true\n');
  });

  it('typechecks a TypeScript project against the installed declarations (library checks on)', async () => {
    const tsc = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = await exec(process.execPath, [tsc, '-p', project, '--pretty', 'false'], { cwd: project });
    expect(r.stdout.trimEnd().split('\n')).toEqual(["bad.ts(2,14): error TS2322: Type 'boolean' is not assignable to type 'number'."]);
    expect(r.code).not.toBe(0);
  });
});
