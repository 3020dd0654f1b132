/**
 * What a tenant actually did, recorded rather than asserted where its behaviour is undocumented:
 * HTTP status, the response headers present, the fault shape, ExceptionType, timings. Secrets are
 * redacted from every string before it is kept.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SoapResult } from './soap-client.ts';
import type { Outcome } from '../contract/outcome.ts';
import { LiveError, safeTarget } from './transport.ts';
import { redact, type NamedSecret } from './secrets.ts';

export interface Observation {
  scenario?: string;
  label: string;
  service?: string;
  operation?: string;
  endpoint?: string;
  status?: number;
  contentType?: string;
  ms?: number;
  /** HTTP response header names (values are not kept: they may carry cookies). */
  httpHeaders?: string[];
  /** Local names of the SOAP Header blocks in the response. */
  soapHeaders?: string[];
  /** The response's outcome (src/contract/outcome.ts), or no-answer when the exchange failed. */
  outcome: Outcome | 'no-answer';
  succeeded?: boolean;
  exceptionInfo?: 'nil' | 'absent' | 'filled';
  exceptionType?: string;
  exceptionMessage?: string;
  fault?: { soap: string; code: string; reason: string; hasDetail: boolean };
  error?: { kind: string; message: string };
  note?: string;
}

export class ObservationLog {
  readonly items: Observation[] = [];
  constructor(private readonly secrets: () => NamedSecret[] = () => []) {}

  private clean(s: string | undefined, customerId?: string): string | undefined {
    if (s === undefined) return undefined;
    const r = redact(s, this.secrets());
    return customerId ? r.split(customerId).join('{customerId}') : r;
  }

  fromResult(label: string, r: SoapResult, extra: { scenario?: string; note?: string; customerId?: string } = {}): Observation {
    const res = r.exchange.ok ? r.exchange : undefined;
    const outcome = r.outcome;
    const o: Observation = {
      scenario: extra.scenario,
      label,
      service: r.exchange.service,
      operation: r.exchange.operation,
      endpoint: this.clean(safeTarget(r.exchange.request.url), extra.customerId),
      status: r.status,
      contentType: r.contentType || undefined,
      ms: res ? Math.round(res.durationMs) : undefined,
      httpHeaders: res ? Object.keys(res.response.headers).sort() : undefined,
      soapHeaders: r.headerNames,
      outcome,
      succeeded: r.succeeded,
      exceptionInfo: r.exceptionInfo === undefined ? 'absent' : r.exceptionInfo === null ? 'nil' : 'filled',
      exceptionType: this.clean(r.exceptionInfo?.exceptionType ?? undefined),
      exceptionMessage: this.clean(r.exceptionInfo?.message ?? undefined),
      fault: r.fault ? { soap: r.fault.soap, code: r.fault.code, reason: this.clean(r.fault.reason) ?? '', hasDetail: r.fault.hasDetail } : undefined,
      note: extra.note,
    };
    this.items.push(o);
    return o;
  }

  fromError(label: string, e: unknown, extra: { scenario?: string; note?: string } = {}): Observation {
    const err = e instanceof LiveError ? { kind: e.kind, message: e.message } : { kind: 'error', message: (e as Error).message };
    const o: Observation = { scenario: extra.scenario, label, outcome: 'no-answer', status: e instanceof LiveError ? e.status : undefined, error: { kind: err.kind, message: this.clean(err.message) ?? '' }, note: extra.note };
    this.items.push(o);
    return o;
  }

  forScenario(name: string): Observation[] {
    return this.items.filter((o) => o.scenario === name);
  }

  /** A short plain-text table for the HTML report. */
  static summary(items: Observation[]): string {
    return items
      .map((o) => {
        const what = o.fault
          ? `fault ${o.fault.code} "${o.fault.reason.slice(0, 120)}"`
          : o.error
            ? `${o.error.kind}: ${o.error.message}`
            : `Succeeded=${o.succeeded ?? '-'} ExceptionInfo=${o.exceptionInfo ?? '-'}${o.exceptionType ? ` (${o.exceptionType})` : ''}`;
        return `${o.label}: HTTP ${o.status ?? '-'} ${o.contentType ?? ''} ${o.ms ?? '-'} ms, ${what}${o.note ? ` [${o.note}]` : ''}`;
      })
      .join('\n');
  }

  write(path: string, meta: Record<string, unknown> = {}): void {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({ ...meta, writtenAt: new Date().toISOString(), observations: this.items }, null, 2) + '\n');
  }
}
