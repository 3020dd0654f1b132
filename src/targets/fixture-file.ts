/**
 * The shape of a fixture file (fixtures/<profile>/<name>.json) and how a request is matched against
 * one. Matching looks at what the server dispatches on (media type, action) and at a few
 * XPath-selected keys (the ticket, the presence of Ids), never at whole-body equality, so a fixture
 * still answers when a client picks other prefixes or whitespace.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProfileId } from '../contract/profiles.ts';
import { isProfileId, PROFILES } from '../contract/profiles.ts';
import { parseMediaType, unquoteSoapAction } from '../transport/media-type.ts';
import { XmlQuery, XPathError } from '../xml/xpath.ts';
import type { OperationContract } from '../contract/wsdl.ts';
import { namespaceBindings } from '../contract/xpath-bindings.ts';

export interface Provenance {
  /** `constructed` until a tenant has been recorded; `recorded` fixtures say from where. */
  origin: 'constructed' | 'recorded';
  statement: string;
  generator: string;
  /** ISO date the file was written. */
  date: string;
  source: string;
}

export interface XPathKey {
  /** An XPath 1.0 expression over the fixed prefix registry (s11 s12 so arr xsi xs). */
  select: string;
  /** Expected string value of the expression. */
  equals?: string;
  /** Expected boolean value of the expression. */
  is?: boolean;
}

export interface FixtureMatch {
  method: 'POST';
  /** Media type of the request Content-Type, without parameters. */
  contentType: string;
  /**
   * The action (SOAPAction header for text/xml, the `action` parameter for application/soap+xml):
   * `contract` is the binding's soapAction, `other` anything else or nothing, `any` is not looked at.
   */
  action: 'contract' | 'other' | 'any';
  xpath: XPathKey[];
}

export interface FixtureResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Fixture {
  name: string;
  profile: ProfileId;
  description: string;
  /** Higher is tried first; the first fixture that matches answers. */
  priority: number;
  provenance: Provenance;
  match: FixtureMatch;
  response: FixtureResponse;
}

export interface SeenRequest {
  method: string;
  contentType: string | undefined;
  soapAction: string | undefined;
  body: string;
}

export function mediaType(contentType: string | undefined): string {
  return parseMediaType(contentType)?.type ?? '';
}

/** The action a request names, unquoted: SOAPAction for SOAP 1.1, the media type parameter for 1.2. */
export function requestAction(req: SeenRequest): string | undefined {
  const ct = parseMediaType(req.contentType);
  if (ct?.type === PROFILES.soap12.mediaType) return ct.params['action'];
  return req.soapAction === undefined ? undefined : unquoteSoapAction(req.soapAction);
}

export type MatchOutcome = { matched: true } | { matched: false; reason: string };

/** `parsed` lets a caller trying many fixtures parse the body once. */
export function matchFixture(f: Fixture, req: SeenRequest, contract: OperationContract, parsed?: () => XmlQuery | XPathError): MatchOutcome {
  const contractAction = contract.soapAction;
  if (req.method.toUpperCase() !== f.match.method) return { matched: false, reason: `method ${req.method}` };
  if (mediaType(req.contentType) !== f.match.contentType) return { matched: false, reason: `content type ${mediaType(req.contentType) || '(none)'}` };
  const action = requestAction(req);
  if (f.match.action === 'contract' && action !== contractAction) return { matched: false, reason: `action ${action ?? '(none)'}` };
  if (f.match.action === 'other' && action === contractAction) return { matched: false, reason: 'action is the contract action' };
  if (!f.match.xpath.length) return { matched: true };
  const q = parsed ? parsed() : XmlQuery.parse(req.body, { bindings: namespaceBindings(contract) });
  if (q instanceof XPathError) return { matched: false, reason: 'body is not XML' };
  for (const k of f.match.xpath) {
    try {
      if (k.equals !== undefined && q.string(`string(${k.select})`) !== k.equals) return { matched: false, reason: `${k.select} ≠ "${k.equals}"` };
      if (k.is !== undefined && q.boolean(`boolean(${k.select})`) !== k.is) return { matched: false, reason: `${k.select} is not ${k.is}` };
    } catch (e) {
      return { matched: false, reason: e instanceof Error ? e.message : String(e) };
    }
  }
  return { matched: true };
}

function assertFixture(x: unknown, file: string): asserts x is Fixture {
  const f = x as Partial<Fixture>;
  const problems: string[] = [];
  if (typeof f.name !== 'string') problems.push('name');
  if (typeof f.profile !== 'string' || !isProfileId(f.profile)) problems.push('profile');
  if (!f.provenance || !['constructed', 'recorded'].includes(f.provenance.origin) || typeof f.provenance.date !== 'string') problems.push('provenance');
  if (!f.match || typeof f.match.contentType !== 'string' || !Array.isArray(f.match.xpath)) problems.push('match');
  if (!f.response || typeof f.response.status !== 'number' || typeof f.response.body !== 'string') problems.push('response');
  if (problems.length) throw new Error(`fixture ${file}: missing or invalid ${problems.join(', ')}`);
}

/** Reads every fixtures/<profile>/*.json, highest priority first. */
export function loadFixtures(dir: string): Fixture[] {
  if (!existsSync(dir)) throw new Error(`no fixtures directory at ${dir}`);
  const out: Fixture[] = [];
  for (const profile of readdirSync(dir).sort()) {
    if (!isProfileId(profile)) continue;
    for (const file of readdirSync(join(dir, profile)).sort()) {
      if (!file.endsWith('.json')) continue;
      const path = join(dir, profile, file);
      const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
      assertFixture(data, path);
      out.push(data);
    }
  }
  return out.sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
}
