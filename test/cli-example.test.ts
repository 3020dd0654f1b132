/**
 * `so-conformance example`: every sample, for every kind, profile and version, as an envelope and as
 * a raw HTTP message, is accepted by `validate` exactly as printed.
 */
import { describe, expect, it } from 'vitest';
import { SERVICES_VERSIONS } from '../src/contract/namespaces.ts';
import { deleteChatSessionsContract } from '../src/contract/delete-chat-sessions.ts';
import { KINDS, PLACEHOLDERS } from '../src/cli/example.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, itRefusesUsage, jsonLines, runBin, runCli } from './cli-helpers.ts';

const PROFILE_IDS = ['wsdl', 'soap12'] as const;
const outcome = { request: undefined, response: 'success', 'app-error': 'app-error', fault: 'fault' } as const;

describe('example → validate accepts every sample unchanged', () => {
  for (const kind of KINDS) {
    for (const profile of PROFILE_IDS) {
      it(`${kind}, profile ${profile}, every version, envelope and --http`, async () => {
        for (const version of SERVICES_VERSIONS) {
          for (const http of [false, true]) {
            const args = ['example', kind, '--profile', profile, '--version', String(version), ...(http ? ['--http'] : [])];
            const sample = await runCli(args);
            expect(sample.stderr).toBe('');
            expect(sample.code).toBe(0);
            const v = await runCli(['validate', '--json', '--profile', profile, '--version', String(version), '-'], { stdin: sample.stdout });
            const [line] = jsonLines(v.stdout);
            expect(line, `${args.join(' ')}\n${sample.stdout}`).toMatchObject({ kind: kind === 'request' ? 'request' : 'response', profile, conformant: true, violations: [] });
            expect(line!.outcome).toBe(outcome[kind]);
            expect(v.code).toBe(0);
          }
        }
      });
    }
  }

  it('a sample is judged against its version: a Services86 request does not pass as Services88', async () => {
    const sample = await runCli(['example', 'request', '--version', '86']);
    const v = await runCli(['validate', '--json', '--version', '88', '-'], { stdin: sample.stdout });
    expect(v.code).toBe(1);
  });
});

describe('example: what a sample holds', () => {
  it('a request carries placeholders for the secrets and the WSDL action, endpoint and headers', async () => {
    const c = deleteChatSessionsContract(88);
    const r = await runCli(['example', 'request', '--version', '88', '--http']);
    const [head, body] = r.stdout.split('\r\n\r\n') as [string, string];
    expect(head.split('\r\n')).toEqual([
      `POST ${c.endpointPath} HTTP/1.1`,
      `Host: ${PLACEHOLDERS.host}`,
      'Content-Type: text/xml; charset=utf-8',
      `SOAPAction: "${c.soapAction}"`,
      `Content-Length: ${Buffer.byteLength(body)}`,
    ]);
    expect(body).toContain(`>${PLACEHOLDERS.applicationToken}<`);
    expect(body).toContain(`>${PLACEHOLDERS.ticket}<`);
    expect(body).toContain(`xmlns:so="${c.tns}"`);
  });

  it('SOAP 1.2 carries the action in the media type; a fault answers HTTP 500', async () => {
    const c = deleteChatSessionsContract();
    const req = await runCli(['example', 'request', '--profile', 'soap12', '--http']);
    expect(req.stdout).toContain(`Content-Type: application/soap+xml; charset=utf-8; action="${c.soapAction}"\r\n`);
    expect(req.stdout).not.toContain('SOAPAction');
    const fault = await runCli(['example', 'fault', '--http']);
    expect(fault.stdout.startsWith('HTTP/1.1 500 Internal Server Error\r\n')).toBe(true);
  });

  it('docs/readme/install.md shows `example request --http` exactly as it prints (line ends aside)', async () => {
    const md = readFileSync(join(REPO, 'docs/readme/install.md'), 'utf8');
    const shown = /npx so-conformance example request --http\n```\n\n```http\n([\s\S]*?)\n```/.exec(md)?.[1];
    const r = await runCli(['example', 'request', '--http']);
    expect(shown).toBe(r.stdout.replaceAll('\r\n', '\n'));
  });

  it('prints through the binary too, and the binary validates it', async () => {
    const sample = await runBin(['example', 'app-error', '--http']);
    expect(sample.code).toBe(0);
    const v = await runBin(['validate', '-'], { stdin: sample.stdout });
    expect(v.stdout).toContain('-: response, profile wsdl, outcome app-error: conformant');
    expect(v.code).toBe(0);
  });
});

describe('example: usage errors exit 2', () => {
  itRefusesUsage('example', [
    ['no kind', ['example'], /which example\? give one of request, response, app-error, fault/],
    ['an unknown kind', ['example', 'reply'], /unknown example "reply"/],
    ['two kinds', ['example', 'request', 'fault'], /one example at a time/],
    ['an unknown profile', ['example', 'request', '--profile', 'soap13'], /unknown profile "soap13"/],
    ['an unknown version', ['example', 'request', '--version', '90'], /unknown Services version "90"/],
    ['an unknown option', ['example', 'request', '--pretty'], /Unknown option '--pretty'/],
  ]);

  it('--help lists the kinds and options', async () => {
    const r = await runCli(['example', '--help']);
    expect(r.code).toBe(0);
    for (const k of KINDS) expect(r.stdout).toContain(`  ${k}`);
    expect(r.stdout).toContain('--http');
  });
});

describe('so-conformance --version', () => {
  it('prints the package version (the binary)', async () => {
    const { version } = (await import('../package.json', { with: { type: 'json' } })).default as { version: string };
    const r = await runBin(['--version']);
    expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });
});
