// The hook that binds one engine session at a time to the store. A variant or a restart starts
// a fresh session; events of an older session are ignored from then on.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import type { RawResult } from '../session/engine.js';
import type {
  ProbeOptions,
  SessionListener,
  SessionResult,
  TranscriptEntry,
} from '../session/types.js';
import { initialState, makeIngest, reducer } from './state/reducer.js';
import type { Action, UiState } from './state/reducer.js';

/** What the TUI needs of the engine (ProbeSession implements it). */
export interface SessionLike {
  on(listener: SessionListener): () => void;
  run(): Promise<SessionResult>;
  resume(): void;
  setAuto(auto: boolean): void;
  sendRaw(line: string, opts?: { confirmPlaintextAuth?: boolean }): Promise<RawResult>;
  abort(): Promise<void>;
}

export type SessionFactory = (options: ProbeOptions) => SessionLike;

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
  const current = useRef<SessionLike | null>(null);
  const autoRef = useRef(auto);
  autoRef.current = state.auto;

  const start = useCallback(
    (opts: ProbeOptions, label: string, keepAttempt: boolean) => {
      const old = current.current;
      if (old) void old.abort();
      const transcript: TranscriptEntry[] = [];
      dispatch({ type: 'new-session', options: opts, label, keepAttempt, transcript });
      const s = factory({ ...opts, guided: true, settle: afterRender });
      current.current = s;
      const ingest = makeIngest(transcript, dispatch);
      s.on((event) => {
        if (current.current === s) ingest(event);
      });
      if (autoRef.current) s.setAuto(true);
      void s.run();
    },
    [factory],
  );

  useEffect(() => {
    start(options, 'as given', false);
    return () => {
      void current.current?.abort();
    };
    // The first session starts once, with the launch options.
  }, []);

  return { state, dispatch, session: () => current.current, start };
}
