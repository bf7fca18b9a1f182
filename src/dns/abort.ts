// AbortSignal plumbing: one signal out of several, and a deadline as a signal, both with
// their listeners and timers removed when done (a lookup must not outlive its step).

export interface Linked {
  signal: AbortSignal;
  dispose(): void;
}

/**
 * A signal that aborts when any input does. Hand-rolled rather than AbortSignal.any so the
 * listeners on long-lived inputs (a resolver's own signal) go away with each query.
 */
export function linkSignals(...inputs: (AbortSignal | undefined)[]): Linked {
  const controller = new AbortController();
  const present = inputs.filter((s): s is AbortSignal => s !== undefined);
  const onAbort = (): void => controller.abort();
  for (const s of present) {
    if (s.aborted) {
      controller.abort();
      break;
    }
    s.addEventListener('abort', onAbort, { once: true });
  }
  return {
    signal: controller.signal,
    dispose: () => {
      for (const s of present) s.removeEventListener('abort', onAbort);
    },
  };
}

export interface Deadline extends Linked {
  /** True once the deadline (not the outer signal) ended the wait. */
  expired(): boolean;
}

/** `signal` plus a timer: aborts at `ms` from now. */
export function withDeadline(ms: number, signal?: AbortSignal): Deadline {
  const timerController = new AbortController();
  let expired = false;
  const timer = setTimeout(
    () => {
      expired = true;
      timerController.abort();
    },
    Math.max(0, ms),
  );
  const linked = linkSignals(signal, timerController.signal);
  return {
    signal: linked.signal,
    expired: () => expired,
    dispose: () => {
      clearTimeout(timer);
      linked.dispose();
    },
  };
}
