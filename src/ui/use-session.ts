// The hook that binds the TUI's attempts to the store. Each attempt (the first run, a variant, a
// restart) is a probe of one Runner; the store takes the events of the current attempt's probe
// id only, so a late event of an older attempt can never land on the new one's screen.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { ProbeOptions, TranscriptEntry } from '../model/index.js';
import { Runner } from '../runner/runner.js';
import type { ProbeFactory, ProbeLike } from '../runner/runner.js';
import { initialState, reducer } from './state/reducer.js';
import { makeIngest } from './state/ingest.js';
import type { Action, UiState } from './state/reducer.js';

/** What the TUI needs of the engine (the runner's probes implement it). */
export type SessionLike = ProbeLike;
export type SessionFactory = ProbeFactory;

export interface SessionControls {
  state: UiState;
  dispatch: (a: Action) => void;
  session: () => SessionLike | null;
  start: (options: ProbeOptions, label: string, keepAttempt: boolean) => void;
}

/**
 * Resolves once React has drawn what the last engine event changed. React schedules that render
 * with setImmediate (its scheduler's choice under Node); a timer fires in the next loop
 * iteration, after it. Without this wait the render ran after the command was written and
 * delayed the reply's handling: EHLO showed 12–17 ms in the TUI against 1.4 ms headless.
 */
const afterRender = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export function useSession(
  factory: SessionFactory,
  options: ProbeOptions,
  auto: boolean,
): SessionControls {
  const [state, dispatch] = useReducer(reducer, undefined, () => initialState(options, auto));
  const runner = useRef<Runner | null>(null);
  const current = useRef<string | null>(null);
  const ingest = useRef<((e: Parameters<ReturnType<typeof makeIngest>>[0]) => void) | null>(null);
  const attempt = useRef(0);
  const autoRef = useRef(auto);
  autoRef.current = state.auto;

  const getRunner = useCallback((): Runner => {
    if (!runner.current) {
      // One attempt at a time on screen, and attempts against one server never overlap.
      const r = new Runner({ concurrency: 1, factory });
      r.on((event) => {
        if (event.probeId === current.current) ingest.current?.(event);
      });
      runner.current = r;
    }
    return runner.current;
  }, [factory]);

  const start = useCallback(
    (opts: ProbeOptions, label: string, keepAttempt: boolean) => {
      const r = getRunner();
      const old = current.current;
      if (old) void r.cancel(old);
      const transcript: TranscriptEntry[] = [];
      dispatch({ type: 'new-session', options: opts, label, keepAttempt, transcript });
      ingest.current = makeIngest(transcript, dispatch);
      const id = `attempt-${++attempt.current}`;
      current.current = id;
      r.add({ ...opts, guided: !autoRef.current, settle: afterRender }, id);
    },
    [getRunner],
  );

  useEffect(() => {
    start(options, 'as given', false);
    return () => {
      void runner.current?.abort();
    };
    // The first session starts once, with the launch options.
  }, []);

  return {
    state,
    dispatch,
    session: () => (current.current ? (runner.current?.probe(current.current) ?? null) : null),
    start,
  };
}
