// Waiting on Ink frames: poll the last frame until a predicate holds (bounded), never a sleep.

// eslint-disable-next-line no-control-regex -- stripping ANSI escape sequences
const ANSI = /\u001b\[[0-9;?]*[ -/]*[@-~]|\u001b\][^\u0007]*\u0007/g;

/** The step list's labels, in order, as a user reads them on screen. */
export const STEP_LABELS = [
  'connect',
  'banner',
  'EHLO',
  'STARTTLS',
  'TLS handshake',
  'certificate',
  'EHLO again',
  'QUIT',
] as const;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

export async function waitForFrame(
  lastFrame: () => string | undefined,
  pred: (frame: string) => boolean,
  ms = 5000,
): Promise<string> {
  const end = Date.now() + ms;
  let frame = '';
  while (Date.now() < end) {
    frame = stripAnsi(lastFrame() ?? '');
    if (pred(frame)) return frame;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`frame never matched within ${ms} ms; last frame:\n${frame}`);
}

/**
 * Write `input` and wait for `pred`; write again if the first write was lost (a key sent before
 * Ink subscribed to stdin, right after the first frame, goes nowhere). Bounded.
 */
export async function pressUntil(
  r: { stdin: { write: (s: string) => void }; lastFrame: () => string | undefined },
  input: string,
  pred: (frame: string) => boolean,
  tries = 5,
): Promise<string> {
  for (let i = 0; i < tries - 1; i++) {
    r.stdin.write(input);
    const frame = await waitForFrame(r.lastFrame, pred, 1000).catch(() => null);
    if (frame !== null) return frame;
  }
  r.stdin.write(input);
  return waitForFrame(r.lastFrame, pred);
}
