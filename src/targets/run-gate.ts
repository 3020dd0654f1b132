/**
 * A run-level failure (the target could not be opened, the tenant is unreachable, the run was
 * interrupted) must not be thrown from BeforeAll: cucumber then exits without finishing its reports.
 * Instead the gate holds the cause and every scenario fails at its start with it, so JUnit, HTML and
 * JSON all carry a failed test case that names it.
 */
import { interruption } from '../transport/interrupt.ts';

export class RunGate {
  private cause: string | undefined;

  /** Keeps the first cause; later ones are consequences. */
  close(cause: string): void {
    this.cause ??= cause;
  }

  reason(): string | undefined {
    return interruption() ?? this.cause;
  }

  /**
   * For a Before hook: the cause as a string, so cucumber reports the sentence without a stack trace
   * (the stack would only point here).
   */
  check(): void {
    const why = this.reason();
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- a string is reported without a stack
    if (why) throw why;
  }
}
