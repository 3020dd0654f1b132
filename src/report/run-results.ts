/**
 * What a cucumber run came to, read from its message stream (the one stream every formatter reads):
 * each scenario with its tags and worst status, and the first failure's cause in one line. `run`
 * uses it for the rule coverage, for the cause it prints, and for reports it has to write itself.
 */
import type { Envelope } from '@cucumber/messages';

export type ScenarioStatus = 'passed' | 'failed' | 'skipped' | 'pending' | 'undefined' | 'ambiguous' | 'unknown';

export interface ScenarioResult {
  name: string;
  uri: string;
  tags: string[];
  status: ScenarioStatus;
  /** First line of the first failure message. */
  message?: string;
}

const WORST: ScenarioStatus[] = ['passed', 'skipped', 'pending', 'undefined', 'ambiguous', 'unknown', 'failed'];

export class RunResults {
  private pickles = new Map<string, { name: string; uri: string; tags: string[] }>();
  private testCases = new Map<string, string>();
  private started = new Map<string, ScenarioResult>();
  /** A failure outside any scenario (a BeforeAll/AfterAll hook). */
  runFailure: string | undefined;
  finished = false;

  readonly onMessage = (e: Envelope): void => {
    if (e.pickle) this.pickles.set(e.pickle.id, { name: e.pickle.name, uri: e.pickle.uri, tags: e.pickle.tags.map((t) => t.name) });
    else if (e.testCase) this.testCases.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) {
      const p = this.pickles.get(this.testCases.get(e.testCaseStarted.testCaseId) ?? '');
      this.started.set(e.testCaseStarted.id, { name: p?.name ?? '(unknown)', uri: p?.uri ?? '', tags: p?.tags ?? [], status: 'passed' });
    } else if (e.testStepFinished) {
      const s = this.started.get(e.testStepFinished.testCaseStartedId);
      const r = e.testStepFinished.testStepResult;
      const status = r.status.toLowerCase() as ScenarioStatus;
      if (s && WORST.indexOf(status) > WORST.indexOf(s.status)) s.status = status;
      if (s && status === 'failed' && !s.message) s.message = firstLine(r.exception?.message ?? r.message ?? 'failed');
    } else if (e.testRunHookFinished && e.testRunHookFinished.result.status === 'FAILED') {
      const r = e.testRunHookFinished.result;
      this.runFailure ??= firstLine(r.exception?.message ?? r.message ?? 'a BeforeAll or AfterAll hook failed');
    } else if (e.testRunFinished) this.finished = true;
  };

  /** Scenarios in the order they ran; a retried scenario counts once, by its last attempt. */
  scenarios(): ScenarioResult[] {
    return [...this.started.values()];
  }

  /** The one-line cause of a failed run: a hook failure first, else the first failed scenario's. */
  cause(): string | undefined {
    if (this.runFailure) return this.runFailure;
    const failed = this.scenarios().filter((s) => s.status === 'failed');
    const f = failed[0];
    if (!f) return undefined;
    // One cause behind every failure (an unreachable tenant): say it once, without a scenario name.
    if (failed.length > 1 && failed.every((s) => s.message === f.message)) return `${f.message} (all ${failed.length} failed scenarios)`;
    return `${f.name}: ${f.message ?? 'failed'}`;
  }
}

/** The message without an "Error:" prefix or a stack, on one line. */
export function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim() !== '') ?? message;
  return line.replace(/^(Assertion)?Error( \[[A-Z_]+\])?: /, '').trim();
}
