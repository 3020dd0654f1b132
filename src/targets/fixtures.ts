/**
 * The offline target: nock in lockdown replays fixture files. Network connections to anything but
 * loopback are refused for the whole process while it is open, and a request no fixture matches fails its exchange with a
 * message saying what was sent and why each fixture passed it by.
 */
import nock from 'nock';
import { fileURLToPath } from 'node:url';
import { PROFILES, type ProfileId } from '../contract/profiles.ts';
import { deleteChatSessionsContract } from '../contract/delete-chat-sessions.ts';
import { DEFAULT_VERSION, type ServicesVersion } from '../contract/namespaces.ts';
import type { OperationContract } from '../contract/wsdl.ts';
import { namespaceBindings } from '../contract/xpath-bindings.ts';
import { esc } from '../xml/writer.ts';
import { XmlQuery, type XPathError } from '../xml/xpath.ts';
import { exchange, type Exchange } from '../transport/exchange.ts';
import { redactText, redactXml } from '../report/redact.ts';
import { loadFixtures, matchFixture, requestAction, type Fixture, type SeenRequest } from './fixture-file.ts';
import { FIXTURE_CREDENTIALS } from './fixture-set.ts';
import type { OutgoingRequest, Target, TargetCredentials } from './target.ts';

export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url));

/** Each profile has its own emulated server: WCF's BasicHttpBinding, or a SOAP 1.2 re-binding gateway. */
const HOSTS: Record<ProfileId, string> = {
  wsdl: 'http://wcf.fixtures.so-conformance.invalid',
  soap12: 'http://gateway.fixtures.so-conformance.invalid',
};

export interface FixtureHit {
  fixture: string;
  profile: ProfileId;
}

function describeSeen(req: SeenRequest, reasons: string[]): string {
  const lines = redactXml(req.body).split(/\r?\n/);
  const head = lines.slice(0, 8).map((l) => `    ${l.length > 160 ? `${l.slice(0, 160)}…` : l}`);
  return [
    'no fixture matches the request (nock lockdown: nothing reaches the network)',
    `  method:       ${req.method}`,
    `  SOAPAction:   ${req.soapAction ?? '(none)'}`,
    `  Content-Type: ${req.contentType ?? '(none)'}`,
    `  body (first lines):`,
    ...head,
    ...(lines.length > 8 ? [`    … ${lines.length - 8} more lines`] : []),
    '  fixtures tried:',
    ...reasons.map((r) => `    ${r}`),
  ].join('\n');
}

export class FixturesTarget implements Target {
  readonly name = 'fixtures' as const;
  readonly description: string;
  readonly credentials: TargetCredentials = { ...FIXTURE_CREDENTIALS };
  readonly secrets: readonly string[] = [];
  /** Which fixture answered each exchange, in order: the report and tests read it. */
  readonly hits: FixtureHit[] = [];
  private lastMiss: string | undefined;
  private lastHit: FixtureHit | undefined;

  private constructor(
    readonly fixtures: readonly Fixture[],
    private readonly contract: OperationContract,
  ) {
    const constructed = fixtures.filter((f) => f.provenance.origin === 'constructed').length;
    this.description = `fixtures (nock lockdown, ${fixtures.length} fixtures, ${constructed} constructed from the WSDL, ${fixtures.length - constructed} recorded from a tenant)`;
  }

  /** Loads the fixtures and locks the process's network down until close(). */
  static open(options: { dir?: string; contract?: OperationContract; version?: ServicesVersion } = {}): FixturesTarget {
    const contract = options.contract ?? deleteChatSessionsContract(options.version ?? DEFAULT_VERSION);
    const t = new FixturesTarget(loadFixtures(options.dir ?? DEFAULT_FIXTURES_DIR), contract);
    if (!nock.isActive()) nock.activate();
    nock.disableNetConnect();
    // Loopback is not the network: reference servers that tests start in-process on 127.0.0.1 stay
    // reachable. Every other host is refused before a socket is opened.
    nock.enableNetConnect((host: string) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host));
    const path = contract.endpointPath;
    for (const profile of Object.keys(HOSTS) as ProfileId[]) {
      nock(HOSTS[profile])
        .persist()
        .post(path)
        .reply(async (request: Request) => t.answer(profile, request));
    }
    return t;
  }

  endpoint(profile: ProfileId): string {
    return `${HOSTS[profile]}${this.contract.endpointPath}`;
  }

  answeredBy(): string | undefined {
    const hit = this.lastHit;
    if (!hit) return undefined;
    const f = this.fixtures.find((x) => x.name === hit.fixture && x.profile === hit.profile);
    if (!f) return undefined;
    const origin = f.provenance.origin === 'constructed' ? `constructed from the WSDL by so-conformance on ${f.provenance.date}, not recorded from a tenant` : `recorded ${f.provenance.date}: ${f.provenance.statement}`;
    return `answered by fixture ${f.profile}/${f.name} (${fixtureServerName(f.profile)}; ${origin}): ${f.description}`;
  }

  async send(profile: ProfileId, request: OutgoingRequest): Promise<Exchange> {
    this.lastMiss = undefined;
    this.lastHit = undefined;
    const x = await exchange({ url: this.endpoint(profile), method: request.method, headers: request.headers, body: request.bytes, timeoutMs: 10_000 });
    const miss = this.lastMiss;
    if (miss !== undefined && !x.ok) return { ...x, failure: { kind: 'no-fixture', message: miss } };
    return x;
  }

  private async answer(profile: ProfileId, request: Request): Promise<[number, string, Record<string, string>]> {
    const seen: SeenRequest = {
      method: request.method,
      contentType: request.headers.get('content-type') ?? undefined,
      soapAction: request.headers.get('soapaction') ?? undefined,
      body: await request.text(),
    };
    const reasons: string[] = [];
    let parsed: XmlQuery | XPathError | undefined;
    const once = () => (parsed ??= XmlQuery.parse(seen.body, { bindings: namespaceBindings(this.contract) }));
    for (const f of this.fixtures) {
      if (f.profile !== profile) continue;
      const m = matchFixture(f, seen, this.contract, once);
      if (m.matched) {
        this.lastHit = { fixture: f.name, profile };
        this.hits.push(this.lastHit);
        // Templates: WCF echoes the action it could not dispatch.
        const body = f.response.body.replaceAll('{action}', esc(requestAction(seen) ?? ''));
        return [f.response.status, body, f.response.headers];
      }
      reasons.push(`${f.profile}/${f.name}: ${m.reason}`);
    }
    this.lastMiss = redactText(describeSeen(seen, reasons));
    // Thrown inside nock's reply: fetch rejects, so the scenario cannot mistake this for an answer.
    throw new Error(this.lastMiss);
  }

  async close(): Promise<void> {
    nock.cleanAll();
    nock.enableNetConnect();
    nock.restore();
  }
}

/** The profile's emulated server, for messages. */
export function fixtureServerName(profile: ProfileId): string {
  return PROFILES[profile].soapVersion === '1.1' ? 'WCF BasicHttpBinding (SOAP 1.1)' : 'SOAP 1.2 re-binding gateway';
}
