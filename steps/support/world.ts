/**
 * The World of one scenario: the target, the request being built, the last exchange, verdicts.
 * Steps stay one-liners over src/; what they share lives here.
 */
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import { PROFILES, isProfileId, type ProfileId } from '../../src/contract/profiles.ts';
import { ruleById } from '../../src/contract/catalogue.ts';
import { buildRequest, type BuiltRequest, type RequestOptions } from '../../src/envelope/request.ts';
import type { BuiltResponse } from '../../src/envelope/response.ts';
import { mutateRequest, type Mutation } from '../../src/envelope/mutate.ts';
import type { Exchange } from '../../src/transport/exchange.ts';
import { validate, type Verdict } from '../../src/validate.ts';
import { XmlQuery, XPathError, describeBindings } from '../../src/xml/xpath.ts';
import { secretsFor } from '../../src/report/redact.ts';
import { namespaceBindings } from '../../src/contract/xpath-bindings.ts';
import { builtResponseAttachments, exchangeAttachments, requestAttachments, verdictAttachment, type Attachment } from '../../src/report/attachments.ts';
import { describeCall, type CallReport } from '../../src/report/outcome.ts';
import type { Target } from '../../src/targets/target.ts';
import { currentTarget } from './target.ts';
import type { WorldParameters } from './parameters.ts';
import type { OperationContract } from '../../src/contract/wsdl.ts';
import { deleteChatSessionsContract } from '../../src/contract/delete-chat-sessions.ts';

export type { WorldParameters };

/** A message under test that is not a built request: a response, or text from the docs page. */
export interface Subject {
  kind: 'request' | 'response';
  label: string;
  bytes: Uint8Array;
  http?: { method?: string; status?: number; headers: Record<string, string> };
}

export class ConformanceWorld extends World<WorldParameters> {
  /** The operation every message of the scenario is built for and judged against. */
  readonly contract: OperationContract = deleteChatSessionsContract();
  profile: ProfileId;
  /** Options for buildRequest, accumulated by Given steps; built on first use. */
  requestOptions: RequestOptions = {};
  /** Deliberate damage applied after building (src/envelope/mutate.ts), in order. */
  mutations: Mutation[] = [];
  /** The HTTP method, when a scenario sends something other than the binding's POST. */
  method: string | undefined;
  /** HTTP headers added to or overriding the built ones (a wrong Content-Length, say). */
  extraHttpHeaders: Record<string, string> = {};
  private built: BuiltRequest | undefined;
  /** A request given as text (the documentation example) instead of built from options. */
  requestText: Subject | undefined;
  /** What "it" refers to in Then steps: the message checked last. */
  focus: 'request' | 'response' = 'request';
  response: Subject | undefined;
  last: Exchange | undefined;
  private receivedSubject: Subject | undefined;
  call: CallReport | undefined;
  /** Rule IDs the scenario is tagged with (@IDS-004): named in failure messages. */
  rulesUnderTest: string[] = [];
  private attached = new Set<string>();
  /** Verdicts per message bytes and profile: several Then steps ask about the same message. */
  private verdicts = new WeakMap<Uint8Array, Map<ProfileId, Verdict>>();
  /** Message bodies already attached in this scenario: each is shown once, where it is first judged. */
  private shown = new WeakSet<Uint8Array>();

  constructor(options: IWorldOptions<WorldParameters>) {
    super(options);
    const p = options.parameters.profile ?? 'wsdl';
    if (!isProfileId(p)) throw new Error(`world parameter profile must be wsdl or soap12, not ${String(p)}`);
    this.profile = p;
  }

  get target(): Target {
    return currentTarget();
  }

  setProfile(p: string): void {
    if (!isProfileId(p)) throw new Error(`unknown profile "${p}": wsdl or soap12`);
    this.profile = p;
    this.built = undefined;
  }

  /** Adds builder options; the request is rebuilt on next use. */
  setRequest(options: RequestOptions): void {
    this.requestOptions = { ...this.requestOptions, ...options };
    this.built = undefined;
    this.requestText = undefined;
  }

  /** The built request. Credentials come from the target (placeholders for fixtures), so no feature file holds a ticket. */
  get request(): BuiltRequest {
    this.built ??= this.mutations.reduce(
      mutateRequest,
      buildRequest({
        contract: this.contract,
        applicationToken: this.target.credentials.applicationToken,
        ticket: this.target.credentials.ticket,
        ...this.requestOptions,
        profile: this.requestOptions.profile ?? this.profile,
      }),
    );
    return this.built;
  }

  damage(m: Mutation): void {
    this.mutations.push(m);
    this.built = undefined;
    this.requestText = undefined;
  }

  /** The request as a subject: built, or given as text (with the profile's HTTP headers). */
  requestSubject(): Subject {
    if (this.requestText) return this.requestText;
    const r = this.request;
    return { kind: 'request', label: 'request', bytes: r.bytes, http: { method: this.method ?? r.method, headers: { ...r.headers, ...this.extraHttpHeaders } } };
  }

  /** Verdict of the catalogue over a subject; attaches the message and the verdict once. */
  verdictOf(which: 'request' | 'response', profile: ProfileId = this.requestOptions.profile ?? this.profile): Verdict {
    const s = which === 'request' ? this.requestSubject() : this.responseSubject();
    const cached = this.verdicts.get(s.bytes)?.get(profile);
    const v = cached ?? validate(s.bytes, { contract: this.contract, profile, kind: s.kind, ...(s.http ? { http: s.http } : {}) });
    if (!cached) this.verdicts.set(s.bytes, (this.verdicts.get(s.bytes) ?? new Map()).set(profile, v));
    const key = `${s.label}:${profile}:${v.violations.map((x) => x.rule).join()}`;
    if (!this.attached.has(key)) {
      this.attached.add(key);
      this.show(s);
      this.attachOne(verdictAttachment(v, `${s.label} under ${profile}`, secretsFor(s.bytes, this.secrets).learnHeaders(s.http?.headers ?? {})));
    }
    return v;
  }

  responseSubject(): Subject {
    if (this.response) return this.response;
    if (this.last?.ok) {
      this.receivedSubject ??= { kind: 'response', label: 'response', bytes: this.last.response.bytes, http: { status: this.last.response.status, headers: this.last.response.headers } };
      return this.receivedSubject;
    }
    throw new Error('no response yet: send the request to the target first (or build a response)');
  }

  setResponse(r: BuiltResponse, label = 'response'): void {
    this.response = { kind: 'response', label, bytes: new TextEncoder().encode(r.body), http: { status: r.status, headers: r.headers } };
  }

  get secrets(): string[] {
    const c = this.target.credentials;
    return [...this.target.secrets, c.ticket, c.applicationToken, c.invalidTicket, ...(c.serverErrorTicket ? [c.serverErrorTicket] : [])];
  }

  /** Attaches a message (HTTP head and body, redacted) unless this scenario has shown it already. */
  show(s: Subject): void {
    if (this.shown.has(s.bytes)) return;
    this.shown.add(s.bytes);
    const attachments =
      s.kind === 'request'
        ? requestAttachments({ method: s.http?.method ?? 'POST', headers: s.http?.headers ?? {}, bytes: s.bytes }, this.secrets, s.label)
        : builtResponseAttachments(s.http?.status, s.http?.headers ?? {}, s.bytes, this.secrets, s.label);
    for (const a of attachments) this.attachOne(a);
  }

  /** Messages built or read but never judged nor exchanged are still shown, at the end (After hook). */
  attachUnsent(): void {
    if (!this.last && (this.built || this.requestText)) this.show(this.requestSubject());
    if (this.response) this.show(this.response);
  }

  attachOne(a: Attachment): void {
    void this.attach(a.data, { mediaType: a.mediaType, fileName: a.fileName });
  }

  /** Sends the current request through the target and attaches both halves. */
  async send(): Promise<Exchange> {
    const s = this.requestSubject();
    const profile = this.requestOptions.profile ?? this.profile;
    const x = await this.target.send(profile, { method: s.http?.method ?? 'POST', headers: s.http?.headers ?? {}, bytes: s.bytes });
    this.last = x;
    this.response = undefined;
    this.receivedSubject = undefined;
    this.call = describeCall(x, profile);
    if (x.ok && this.call.verdict) this.verdicts.set(x.response.bytes, new Map([[profile, this.call.verdict]]));
    // The request body was shown where it was first checked; the exchange adds the real HTTP head.
    const bodyShown = this.shown.has(x.request.bytes);
    for (const a of exchangeAttachments(x, this.secrets)) if (!(bodyShown && /^request(\.xml|-pretty\.xml|-body\.txt)$/.test(a.fileName))) this.attachOne(a);
    this.log(`answered in ${Math.round(x.durationMs)} ms`);
    this.shown.add(x.request.bytes);
    if (x.ok) this.shown.add(x.response.bytes);
    const from = this.target.answeredBy?.();
    if (from) this.log(from);
    return x;
  }

  query(which: 'request' | 'response'): XmlQuery {
    const s = which === 'request' ? this.requestSubject() : this.responseSubject();
    const q = XmlQuery.parse(s.bytes, { bindings: namespaceBindings(this.contract) });
    if (q instanceof XPathError) throw q;
    return q;
  }

  /** The failure text of an assertion: XPath, bindings, expected vs actual, and the rule under test. */
  failure(what: string, details: { xpath?: string; expected: string; actual: string; bindings?: Readonly<Record<string, string>> }): Error {
    const lines = [what];
    if (details.xpath) lines.push(`  XPath:    ${details.xpath}`);
    lines.push(`  expected: ${details.expected}`, `  actual:   ${details.actual}`);
    for (const id of this.rulesUnderTest) {
      try {
        lines.push(`  rule:     ${id} ${ruleById(id).statement}`);
      } catch {
        lines.push(`  rule:     ${id}`);
      }
    }
    if (details.bindings) lines.push('  namespace bindings:', ...describeBindings(details.bindings).split('\n').map((l) => `    ${l}`));
    return new Error(lines.join('\n'));
  }

  envelopePrefix(profile: ProfileId = this.requestOptions.profile ?? this.profile): 's11' | 's12' {
    return PROFILES[profile].soapVersion === '1.1' ? 's11' : 's12';
  }
}

setWorldConstructor(ConformanceWorld);
