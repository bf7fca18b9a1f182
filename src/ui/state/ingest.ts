// The transcript between the engine and the screen: lines go into the shared buffer as they
// come, the store learns its length in batches (makeIngest), and the screen reads only the slice
// in view (visibleWindow). Apart from the reducer, which never touches the buffer itself.
import type { ProbeEvent, TranscriptEntry } from '../../model/index.js';
import type { Action, UiState } from './reducer.js';

/**
 * How long new transcript lines may wait for the screen. A render runs on the engine's thread:
 * drawn the moment a command is written, it would delay the handling of the reply and show up
 * in that step's time. Lines are drawn when their step ends, or after this long in a slow step.
 */
export const TRANSCRIPT_FLUSH_MS = 40;

/**
 * Feeds engine events to the store. Transcript lines go into the shared buffer outside the
 * reducer (React may run a reducer twice; a line must never be appended twice), and the state
 * learns the new length at most once per TRANSCRIPT_FLUSH_MS: a server flooding 512
 * continuation lines costs one reducer run and one render, not 512. Pending growth is always
 * told before any other event, so a step never shows as finished ahead of its own lines.
 */
export function makeIngest(
  transcript: TranscriptEntry[],
  dispatch: (a: Action) => void,
): (event: ProbeEvent) => void {
  let added = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (added === 0) return;
    const n = added;
    added = 0;
    dispatch({ type: 'transcript-grew', added: n });
  };
  return (event) => {
    if (event.type === 'transcript') {
      transcript.push(event.entry);
      if (added++ === 0) timer = setTimeout(flush, TRANSCRIPT_FLUSH_MS);
      return;
    }
    flush();
    dispatch({ type: 'event', event });
  };
}

/** The slice of the transcript on screen: never walks the whole buffer. */
export function visibleWindow(s: UiState, rows: number): TranscriptEntry[] {
  const end = Math.max(0, s.transcriptLength - s.scroll);
  const start = Math.max(0, end - rows);
  return s.transcript.slice(start, end);
}
