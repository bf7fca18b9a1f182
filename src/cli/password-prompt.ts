// The AUTH password asked for on the terminal, with no echo: never a flag value (a flag shows
// in the process list and the shell history). Only on a terminal; the prompt goes to stderr.
import type { ReadStream } from 'node:tty';

/** Bounded: a password is one line; more than this is a paste gone wrong. */
const MAX_PASSWORD = 1024;

export function promptPassword(
  prompt: string,
  input: ReadStream = process.stdin as ReadStream,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string | null> {
  return new Promise((resolve) => {
    if (!input.isTTY) return resolve(null);
    output.write(prompt);
    let value = '';
    const wasRaw = input.isRaw;
    input.setRawMode(true);
    input.resume();
    const done = (result: string | null): void => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done(value);
        if (ch === '\u0003' || ch === '\u0004') return done(null); // Ctrl-C, Ctrl-D
        if (ch === '\u007f' || ch === '\b') value = [...value].slice(0, -1).join('');
        else if (ch >= ' ' && value.length < MAX_PASSWORD) value += ch;
      }
    };
    input.on('data', onData);
  });
}
