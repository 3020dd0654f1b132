/**
 * The compiled clients of the matrix, each generated from serve's ?wsdl by its own toolkit and built
 * once per run (test/clients/build.ts). Every one takes the endpoint (or WSDL) URL and a variant,
 * reads the token and ticket from SO_APP_TOKEN / SO_TICKET, and prints one JSON line like the script
 * clients: {"outcome":"response","succeeded":true} or {"outcome":"fault","faultcode":…,"faultstring":…}.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deleteChatSessionsContract, loadOperation } from '../../src/contract/wsdl.ts';
import { contractSource } from '../wcf/source.ts';
import { buildOnce, fetchWsdl, need, run, source } from './build.ts';
import type { ClientProgram } from './matrix.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const endpointOf = (wsdlUrl: string) => wsdlUrl.replace(/\?wsdl$/i, '');

/** A constant the C# clients use instead of retyping the service namespace (attributes need constants). */
const csContract = () => `public static class Contract { public const string Ns = ${JSON.stringify(deleteChatSessionsContract().tns)}; }\n`;

const MONO_PKG = 'Debian package mono-complete (apt-get install -y mono-complete)';
let monoDir = '';

const mono: ClientProgram = {
  name: '.NET WCF client on Mono (svcutil)',
  install: MONO_PKG,
  command: 'mono',
  probe: ['--version'],
  async build(wsdlUrl) {
    need('svcutil', ['--help'], MONO_PKG);
    need('mcs', ['--version'], MONO_PKG);
    const wsdl = await fetchWsdl(wsdlUrl);
    const program = source(join(HERE, 'mono', 'Program.cs'));
    monoDir = await buildOnce('mono-wcf', [wsdl.normalized, program, csContract()], async (dir) => {
      // Mono's svcutil reads the metadata itself (DISCO, then the WSDL); --tm asks for typed messages.
      await run('svcutil', ['--noLogo', '--tm', '--noConfig', '-o', 'client.cs', wsdlUrl], { cwd: dir });
      writeFileSync(join(dir, 'Contract.g.cs'), csContract());
      writeFileSync(join(dir, 'Program.cs'), program);
      await run('mcs', ['-nologo', '-nowarn:0108,0114,0169,0649', '-r:System.ServiceModel', '-r:System.Runtime.Serialization', '-out:client.exe', 'client.cs', 'Contract.g.cs', 'Program.cs'], { cwd: dir });
    });
  },
  args: (wsdl, variant) => [join(monoDir, 'client.exe'), endpointOf(wsdl), variant],
};

const DOTNET_PKG = 'the .NET SDK 10 (Debian: packages.microsoft.com dotnet-sdk-10.0) with NuGet reachable for System.ServiceModel.Http and System.ServiceModel.Primitives 10.1.0';
let dotnetDir = '';
const DOTNET_ENV = { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' };

const dotnet: ClientProgram = {
  name: '.NET WCF client (System.ServiceModel 10.1.0)',
  install: DOTNET_PKG,
  command: 'dotnet',
  probe: ['--version'],
  env: DOTNET_ENV,
  async build(wsdlUrl) {
    const wsdl = await fetchWsdl(wsdlUrl);
    const files = { 'client.csproj': source(join(HERE, 'dotnet', 'client.csproj')), 'Program.cs': source(join(HERE, 'dotnet', 'Program.cs')) };
    dotnetDir = await buildOnce('dotnet-wcf', [wsdl.normalized, ...Object.values(files)], async (dir) => {
      // What Add Service Reference writes for serve's WSDL: the message contract, read from the WSDL served.
      const c = loadOperation(wsdl.text, 'DeleteChatSessions');
      const constants = `public static class Contract {\n  public const string Ns = ${JSON.stringify(c.tns)};\n  public const string Service = ${JSON.stringify(c.service)};\n  public const string Action = ${JSON.stringify(c.inputAction)};\n  public const string ReplyAction = ${JSON.stringify(c.outputAction)};\n}\n`;
      writeFileSync(join(dir, 'Contract.g.cs'), `// Generated from serve's ?wsdl by test/wcf/source.ts.\nusing System.Runtime.Serialization;\nusing System.ServiceModel;\n\n${constants}\n${contractSource(c)}`);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      await run('dotnet', ['build', '-c', 'Release', '-o', 'out', '--nologo', '-v', 'q'], { cwd: dir, env: { ...process.env, ...DOTNET_ENV } });
    });
  },
  args: (wsdl, variant) => [join(dotnetDir, 'out', 'client.dll'), endpointOf(wsdl), variant],
};

export const COMPILED = { 'mono-wcf': mono, 'dotnet-wcf': dotnet } satisfies Record<string, ClientProgram>;
