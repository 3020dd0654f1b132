/**
 * The compiled clients of the matrix, each generated from serve's ?wsdl by its own toolkit and built
 * once per run (test/clients/build.ts). Every one takes the endpoint (or WSDL) URL and a variant,
 * reads the token and ticket from SO_APP_TOKEN / SO_TICKET, and prints one JSON line like the script
 * clients: {"outcome":"response","succeeded":true} or {"outcome":"fault","faultcode":…,"faultstring":…}.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOperation } from '../../src/contract/wsdl.ts';
import { asDeleteChatSessions, deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { contractSource } from './wcf-source.ts';
import { buildOnce, fetchWsdl, need, run, source } from './client-build.ts';
import type { ClientProgram } from './client-build.ts';

const HERE = fileURLToPath(new URL('../../test/clients/', import.meta.url));
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
    const json = source(join(HERE, 'cs-common', 'Json.cs'));
    monoDir = await buildOnce('mono-wcf', [wsdl.normalized, program, json, csContract()], async (dir) => {
      writeFileSync(join(dir, 'Json.cs'), json);
      // Mono's svcutil reads the metadata itself (DISCO, then the WSDL); --tm asks for typed messages.
      await run('svcutil', ['--noLogo', '--tm', '--noConfig', '-o', 'client.cs', wsdlUrl], { cwd: dir });
      writeFileSync(join(dir, 'Contract.g.cs'), csContract());
      writeFileSync(join(dir, 'Program.cs'), program);
      await run('mcs', ['-nologo', '-nowarn:0108,0114,0169,0649', '-r:System.ServiceModel', '-r:System.Runtime.Serialization', '-out:client.exe', 'client.cs', 'Contract.g.cs', 'Program.cs', 'Json.cs'], { cwd: dir });
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
    const files = { 'client.csproj': source(join(HERE, 'dotnet', 'client.csproj')), 'Program.cs': source(join(HERE, 'dotnet', 'Program.cs')), 'Json.cs': source(join(HERE, 'cs-common', 'Json.cs')) };
    dotnetDir = await buildOnce('dotnet-wcf', [wsdl.normalized, ...Object.values(files)], async (dir) => {
      // What Add Service Reference writes for serve's WSDL: the message contract, read from the WSDL served.
      const c = asDeleteChatSessions(loadOperation(wsdl.text, 'DeleteChatSessions'));
      const constants = `public static class Contract {\n  public const string Ns = ${JSON.stringify(c.tns)};\n  public const string Service = ${JSON.stringify(c.service)};\n  public const string Action = ${JSON.stringify(c.inputAction)};\n  public const string ReplyAction = ${JSON.stringify(c.outputAction)};\n}\n`;
      writeFileSync(join(dir, 'Contract.g.cs'), `// Generated from serve's ?wsdl by test/wcf/source.ts.\nusing System.Runtime.Serialization;\nusing System.ServiceModel;\n\n${constants}\n${contractSource(c)}`);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      await run('dotnet', ['build', '-c', 'Release', '-o', 'out', '--nologo', '-v', 'q'], { cwd: dir, env: { ...process.env, ...DOTNET_ENV } });
    });
  },
  args: (wsdl, variant) => [join(dotnetDir, 'out', 'client.dll'), endpointOf(wsdl), variant],
};

const GSOAP_PKG = 'Debian packages gsoap and libgsoap-dev, and g++ (apt-get install -y gsoap libgsoap-dev g++)';
let gsoapDir = '';

const gsoap: ClientProgram = {
  name: 'gSOAP 2.8 (wsdl2h + soapcpp2)',
  install: GSOAP_PKG,
  command: 'wsdl2h',
  probe: ['-h'],
  async build(wsdlUrl) {
    need('soapcpp2', ['-h'], GSOAP_PKG);
    need('g++', ['--version'], GSOAP_PKG);
    const wsdl = await fetchWsdl(wsdlUrl);
    const program = source(join(HERE, 'gsoap', 'client.cpp'));
    gsoapDir = await buildOnce('gsoap', [wsdl.normalized, program], async (dir) => {
      await run('wsdl2h', ['-o', 'cs.h', wsdlUrl], { cwd: dir });
      // -j: C++ proxy classes; -C: client side only; -x: no sample messages. No -1: the default is what is measured.
      await run('soapcpp2', ['-j', '-C', '-x', '-I/usr/share/gsoap/import', 'cs.h'], { cwd: dir });
      writeFileSync(join(dir, 'client.cpp'), program);
      const proxy = (await run('sh', ['-c', 'ls soap*Proxy.cpp'], { cwd: dir })).trim();
      await run('g++', ['-O0', '-o', 'client', 'client.cpp', 'soapC.cpp', proxy, '-lgsoap++'], { cwd: dir });
    });
  },
  runCommand: () => join(gsoapDir, 'client'),
  args: (wsdl, variant) => [endpointOf(wsdl), variant],
};

const KDSOAP_PKG = 'Debian packages libkdsoap-bin, libkdsoap-dev, qtbase5-dev and g++ (apt-get install -y libkdsoap-bin libkdsoap-dev qtbase5-dev g++)';
let kdsoapDir = '';

const kdsoap: ClientProgram = {
  name: 'KDSoap 1.9 (kdwsdl2cpp)',
  install: KDSOAP_PKG,
  command: 'kdwsdl2cpp',
  probe: ['-v'],
  async build(wsdlUrl) {
    need('/usr/lib/qt5/bin/moc', ['-v'], KDSOAP_PKG);
    need('g++', ['--version'], KDSOAP_PKG);
    need('pkg-config', ['--exists', 'Qt5Network'], KDSOAP_PKG);
    const wsdl = await fetchWsdl(wsdlUrl);
    const program = source(join(HERE, 'kdsoap', 'client.cpp'));
    kdsoapDir = await buildOnce('kdsoap', [wsdl.normalized, program], async (dir) => {
      writeFileSync(join(dir, 'cs.wsdl'), wsdl.text);
      await run('kdwsdl2cpp', ['cs.wsdl', '-o', 'cs.h'], { cwd: dir });
      await run('kdwsdl2cpp', ['-impl', 'cs.h', 'cs.wsdl', '-o', 'cs.cpp'], { cwd: dir });
      await run('/usr/lib/qt5/bin/moc', ['cs.h', '-o', 'moc_cs.cpp'], { cwd: dir });
      writeFileSync(join(dir, 'client.cpp'), program);
      const qt = (await run('pkg-config', ['--cflags', '--libs', 'Qt5Core', 'Qt5Network'], { cwd: dir })).trim().split(/\s+/);
      await run('g++', ['-fPIC', '-O0', '-o', 'client', 'client.cpp', 'cs.cpp', 'moc_cs.cpp', '-I.', '-I/usr/include/KDSoapClient', ...qt, '-lkdsoap'], { cwd: dir });
    });
  },
  runCommand: () => join(kdsoapDir, 'client'),
  args: (wsdl, variant) => [endpointOf(wsdl), variant],
};

export const COMPILED = { 'mono-wcf': mono, 'dotnet-wcf': dotnet, gsoap, kdsoap } satisfies Record<string, ClientProgram>;
