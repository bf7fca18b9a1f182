// Ctrl-C and SIGTERM in a headless run: stop the work, still print what was seen, and exit with
// the shell's 128 + signal number (130, 143) so a script can tell an interruption apart.

export interface Interrupts {
  /** 130 or 143 once a signal came, else null. */
  code(): number | null;
  /** Stop listening (the run is over). */
  release(): void;
}

/**
 * Calls `stop` on SIGINT/SIGTERM. `repeat`: keep listening after the first signal (a batch
 * finishes its lines in flight); otherwise a second signal ends the process as Node's default.
 */
export function trapInterrupts(stop: () => void, opts: { repeat?: boolean } = {}): Interrupts {
  let code: number | null = null;
  const handlers = (
    [
      ['SIGINT', 130],
      ['SIGTERM', 143],
    ] as const
  ).map(([signal, value]) => {
    const onSignal = (): void => {
      code ??= value;
      stop();
    };
    if (opts.repeat) process.on(signal, onSignal);
    else process.once(signal, onSignal);
    return [signal, onSignal] as const;
  });
  return {
    code: () => code,
    release: () => {
      for (const [signal, onSignal] of handlers) process.off(signal, onSignal);
    },
  };
}
