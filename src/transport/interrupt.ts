/**
 * A run that is told to stop (SIGINT, SIGTERM) must still finish its reports. So a signal does not
 * kill the process: it aborts every exchange in flight (fetchLimited listens) and makes each
 * scenario that has not started fail at once with the reason, and cucumber writes complete reports.
 */
// One controller per process, even when this module is loaded twice (the CLI under tsx and the step
// definitions that cucumber imports can be two module instances when a test runs the CLI in-process).
const KEY = Symbol.for('so-conformance.interrupt');
const holder = globalThis as { [KEY]?: AbortController };
const controller = (holder[KEY] ??= new AbortController());

export function interrupt(reason: string): void {
  if (!controller.signal.aborted) controller.abort(new Error(reason));
}

/** The reason the run was interrupted, or undefined while it is not. */
export function interruption(): string | undefined {
  return controller.signal.aborted ? (controller.signal.reason as Error).message : undefined;
}

export const interruptSignal: AbortSignal = controller.signal;
