/**
 * The compiled clients of the matrix, each generated from serve's ?wsdl by its own toolkit and built
 * once per run (test/clients/build.ts). Every one takes the endpoint (or WSDL) URL and a variant,
 * reads the token and ticket from SO_APP_TOKEN / SO_TICKET, and prints one JSON line like the script
 * clients: {"outcome":"response","succeeded":true} or {"outcome":"fault","faultcode":…,"faultstring":…}.
 * Each toolkit is a row of data (its files and its build commands); `compiled` turns a row into a
 * client of the matrix, the same way for all of them.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadOperation } from '../../src/contract/wsdl.ts';
import { asDeleteChatSessions, deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';
import { contractSource } from './wcf-source.ts';
import { buildOnce, fetchWsdl, need, run, source } from './client-build.ts';
import type { ClientProgram } from './client-build.ts';

const HERE = fileURLToPath(new URL('../../test/clients/', import.meta.url));
const endpointOf = (wsdlUrl: string) => wsdlUrl.replace(/\?wsdl$/i, '');

/** A compiled client as data: what it needs, what goes into its build directory, how it is built and run. */
interface CompiledClient {
  /** The build cache's directory prefix (BUILD_ROOT/<id>-<hash>). */
  id: string;
  name: string;
  /** How to install the toolkit on Debian, named in every failure when a part of it is missing. */
  install: string;
  /** The program that proves the toolkit is there (and runs the client unless `runCommand` says otherwise). */
  command: string;
  probe: string[];
  /** Environment for the build commands and the client process. */
  env?: Record<string, string>;
  /** More tools the build needs, each with arguments that succeed when it is installed. */
  tools?: [command: string, args: string[]][];
  /** Files that must exist (a runtime's jars). */
  paths?: string[];
  /** Hand-written files, build-directory name → path under test/clients/. */
  sources: Record<string, string>;
  /** Files made from the contract or from the WSDL that serve publishes, build-directory name → content. */
  generated?: (wsdlText: string) => Record<string, string>;
  /** Writes the WSDL as served (its address naming serve's port) under this name. */
  wsdlFile?: string;
  /**
   * The build, after the files are written: argv arrays run in order in the build directory, `{WSDL}`
   * standing for serve's ?wsdl URL. A shell (`sh -c`) only where a name is known after generation.
   */
  commands: string[][];
  /** The built program, relative to the build directory, when it is not `command` (a native binary). */
  program?: string;
  /** The arguments of the client process (default: the endpoint and the variant). */
  args?: (dir: string, endpoint: string, variant: string) => string[];
}

/**
 * One client of the matrix from its row. The cache key is everything that makes the build: the WSDL
 * (address neutral), every other file by name and content, the commands and the build environment, so a
 * change to any of them builds again instead of reusing a build made the old way.
 */
function compiled(c: CompiledClient): ClientProgram {
  let dir = '';
  return {
    name: c.name,
    install: c.install,
    command: c.command,
    probe: c.probe,
    ...(c.env ? { env: c.env } : {}),
    async build(wsdlUrl) {
      for (const [command, args] of c.tools ?? []) need(command, args, c.install);
      for (const path of c.paths ?? []) if (!existsSync(path)) throw new Error(`${path} is missing; install the ${c.install}`);
      const wsdl = await fetchWsdl(wsdlUrl);
      const files = { ...Object.fromEntries(Object.entries(c.sources).map(([name, path]) => [name, source(join(HERE, path))])), ...c.generated?.(wsdl.text) };
      // The WSDL in the key with its address neutral: a build serves every port.
      const key = [wsdl.normalized, ...Object.entries(files).flat(), JSON.stringify([c.wsdlFile, c.commands, c.env])];
      dir = await buildOnce(c.id, key, async (work) => {
        for (const [name, text] of Object.entries({ ...files, ...(c.wsdlFile ? { [c.wsdlFile]: wsdl.text } : {}) })) {
          mkdirSync(dirname(join(work, name)), { recursive: true });
          writeFileSync(join(work, name), text);
        }
        for (const [command, ...args] of c.commands) {
          await run(command!, args.map((a) => a.replaceAll('{WSDL}', wsdlUrl)), { cwd: work, env: { ...process.env, ...c.env } });
        }
      });
    },
    ...(c.program ? { runCommand: () => join(dir, c.program!) } : {}),
    args: (wsdl, variant) => (c.args ? c.args(dir, endpointOf(wsdl), variant) : [endpointOf(wsdl), variant]),
  };
}

/** A constant the C# clients use instead of retyping the service namespace (attributes need constants). */
const csContract = () => `public static class Contract { public const string Ns = ${JSON.stringify(deleteChatSessionsContract().tns)}; }\n`;

const MONO_PKG = 'Debian package mono-complete (apt-get install -y mono-complete)';

const mono = compiled({
  id: 'mono-wcf',
  name: '.NET WCF client on Mono (svcutil)',
  install: MONO_PKG,
  command: 'mono',
  probe: ['--version'],
  tools: [
    ['svcutil', ['--help']],
    ['mcs', ['--version']],
  ],
  sources: { 'Program.cs': 'mono/Program.cs', 'Json.cs': 'cs-common/Json.cs' },
  generated: () => ({ 'Contract.g.cs': csContract() }),
  commands: [
    // Mono's svcutil reads the metadata itself (DISCO, then the WSDL); --tm asks for typed messages.
    ['svcutil', '--noLogo', '--tm', '--noConfig', '-o', 'client.cs', '{WSDL}'],
    ['mcs', '-nologo', '-nowarn:0108,0114,0169,0649', '-r:System.ServiceModel', '-r:System.Runtime.Serialization', '-out:client.exe', 'client.cs', 'Contract.g.cs', 'Program.cs', 'Json.cs'],
  ],
  args: (dir, endpoint, variant) => [join(dir, 'client.exe'), endpoint, variant],
});

const dotnet = compiled({
  id: 'dotnet-wcf',
  name: '.NET WCF client (System.ServiceModel 10.1.0)',
  install: 'the .NET SDK 10 (Debian: packages.microsoft.com dotnet-sdk-10.0) with NuGet reachable for System.ServiceModel.Http and System.ServiceModel.Primitives 10.1.0',
  command: 'dotnet',
  probe: ['--version'],
  env: { DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1', DOTNET_SKIP_FIRST_TIME_EXPERIENCE: '1' },
  sources: { 'client.csproj': 'dotnet/client.csproj', 'Program.cs': 'dotnet/Program.cs', 'Json.cs': 'cs-common/Json.cs' },
  generated: (wsdlText) => {
    // What Add Service Reference writes for serve's WSDL: the message contract, read from the WSDL served.
    const c = asDeleteChatSessions(loadOperation(wsdlText, 'DeleteChatSessions'));
    const constants = `public static class Contract {\n  public const string Ns = ${JSON.stringify(c.tns)};\n  public const string Service = ${JSON.stringify(c.service)};\n  public const string Action = ${JSON.stringify(c.inputAction)};\n  public const string ReplyAction = ${JSON.stringify(c.outputAction)};\n}\n`;
    return { 'Contract.g.cs': `// Generated from serve's ?wsdl by test/wcf/source.ts.\nusing System.Runtime.Serialization;\nusing System.ServiceModel;\n\n${constants}\n${contractSource(c)}` };
  },
  commands: [['dotnet', 'build', '-c', 'Release', '-o', 'out', '--nologo', '-v', 'q']],
  args: (dir, endpoint, variant) => [join(dir, 'out', 'client.dll'), endpoint, variant],
});

const gsoap = compiled({
  id: 'gsoap',
  name: 'gSOAP 2.8 (wsdl2h + soapcpp2)',
  install: 'Debian packages gsoap and libgsoap-dev, and g++ (apt-get install -y gsoap libgsoap-dev g++)',
  command: 'wsdl2h',
  probe: ['-h'],
  tools: [
    ['soapcpp2', ['-h']],
    ['g++', ['--version']],
  ],
  sources: { 'client.cpp': 'gsoap/client.cpp' },
  commands: [
    ['wsdl2h', '-o', 'cs.h', '{WSDL}'],
    // -j: C++ proxy classes; -C: client side only; -x: no sample messages. No -1: the default is what is measured.
    ['soapcpp2', '-j', '-C', '-x', '-I/usr/share/gsoap/import', 'cs.h'],
    // The proxy's file is named for the service soapcpp2 found: soap<Binding>Proxy.cpp.
    ['sh', '-c', 'exec g++ -O0 -o client client.cpp soapC.cpp soap*Proxy.cpp -lgsoap++'],
  ],
  program: 'client',
});

const kdsoap = compiled({
  id: 'kdsoap',
  name: 'KDSoap 1.9 (kdwsdl2cpp)',
  install: 'Debian packages libkdsoap-bin, libkdsoap-dev, qtbase5-dev and g++ (apt-get install -y libkdsoap-bin libkdsoap-dev qtbase5-dev g++)',
  command: 'kdwsdl2cpp',
  probe: ['-v'],
  tools: [
    ['/usr/lib/qt5/bin/moc', ['-v']],
    ['g++', ['--version']],
    ['pkg-config', ['--exists', 'Qt5Network']],
  ],
  sources: { 'client.cpp': 'kdsoap/client.cpp' },
  wsdlFile: 'cs.wsdl',
  commands: [
    ['kdwsdl2cpp', 'cs.wsdl', '-o', 'cs.h'],
    ['kdwsdl2cpp', '-impl', 'cs.h', 'cs.wsdl', '-o', 'cs.cpp'],
    ['/usr/lib/qt5/bin/moc', 'cs.h', '-o', 'moc_cs.cpp'],
    // Qt's compiler and linker flags from pkg-config (checked above, so the substitution is not empty).
    ['sh', '-c', 'exec g++ -fPIC -O0 -o client client.cpp cs.cpp moc_cs.cpp -I. -I/usr/include/KDSoapClient $(pkg-config --cflags --libs Qt5Core Qt5Network) -lkdsoap'],
  ],
  program: 'client',
});

/** Debian's jaxws-rt.jar names the rest of the JAX-WS RI runtime (JAXB, SAAJ, StAX) in its manifest. */
const JAXWS_CLASSPATH = '/usr/share/java/jaxws-rt.jar';

/**
 * The JAXB customization without which wsimport stops with "Two declarations cause a collision in the
 * ObjectFactory class": the global element SoExceptionInfoParameters and the nillable optional local
 * element Parameters of SoExceptionInfo both get the factory method createSoExceptionInfoParameters
 * (a local JAXBElement's method is named create + enclosing type + element). Renaming the global
 * element's factory method resolves it; -B-XautoNameResolution does not (it renames classes, not
 * factory methods), and this wsimport (2.3.0) does not know -XautoNameResolution at all.
 */
export function jaxwsBindings(tns: string): string {
  return `<jaxws:bindings xmlns:jaxws="http://java.sun.com/xml/ns/jaxws" xmlns:jaxb="http://java.sun.com/xml/ns/jaxb"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:xs="http://www.w3.org/2001/XMLSchema" jaxb:version="2.1">
  <jaxws:bindings node="wsdl:definitions/wsdl:types/xs:schema[@targetNamespace='${tns}']">
    <jaxb:bindings node="xs:element[@name='SoExceptionInfoParameters']">
      <jaxb:factoryMethod name="createSoExceptionInfoParametersElement"/>
    </jaxb:bindings>
  </jaxws:bindings>
</jaxws:bindings>
`;
}

const jaxws = compiled({
  id: 'jaxws',
  name: 'JAX-WS RI 2.3 (wsimport)',
  install: 'Debian packages jaxws and default-jdk-headless (apt-get install -y jaxws default-jdk-headless)',
  command: 'java',
  probe: ['-version'],
  env: { SO_NS: deleteChatSessionsContract().tns },
  tools: [
    ['wsimport', ['-version']],
    ['javac', ['-version']],
  ],
  paths: [JAXWS_CLASSPATH],
  sources: { 'src/Client.java': 'jaxws/Client.java' },
  generated: () => ({ 'bindings.xml': jaxwsBindings(deleteChatSessionsContract().tns) }),
  commands: [
    // Two stubs from the same WSDL, one javac: wsimport's defaults (`plain`) and -XadditionalHeaders
    // (`plusheaders`); -p puts each stub in one package so both compile side by side.
    ['wsimport', '-quiet', '-Xnocompile', '-b', 'bindings.xml', '-p', 'plain', '-s', 'src', '-d', 'src', '{WSDL}'],
    ['wsimport', '-quiet', '-Xnocompile', '-XadditionalHeaders', '-b', 'bindings.xml', '-p', 'plusheaders', '-s', 'src', '-d', 'src', '{WSDL}'],
    ['sh', '-c', `exec javac -nowarn -encoding UTF-8 -cp ${JAXWS_CLASSPATH} -d classes $(find src -name '*.java')`],
  ],
  args: (dir, endpoint, variant) => ['-cp', `${JAXWS_CLASSPATH}:${join(dir, 'classes')}`, 'Client', endpoint, variant],
});

export const COMPILED = { 'mono-wcf': mono, 'dotnet-wcf': dotnet, gsoap, kdsoap, jaxws } satisfies Record<string, ClientProgram>;
