// --resume FILE: the inputs an earlier run already wrote. The file is read as a stream, line by
// line; a line that is not a whole JSON object with a string `input` (the last one, cut by a
// kill) is ignored, so its input is done again.
import { fstatSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { normaliseInput } from './batch-input.js';

export async function doneInputs(stream: Readable): Promise<Set<string>> {
  const done = new Set<string>();
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  for await (const line of rl) {
    // Cheap filter before parsing: every line we write starts with {"input":
    if (!line.startsWith('{"input":') || !line.endsWith('}')) continue;
    try {
      const v = JSON.parse(line) as { input?: unknown };
      if (typeof v.input === 'string') done.add(normaliseInput(v.input));
    } catch {
      // A truncated line: not done.
    }
  }
  return done;
}

/** A missing file is an empty set: the first run of a resumable job has nothing yet. */
export async function doneInputsOfFile(path: string): Promise<Set<string>> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return new Set();
    throw err;
  }
  // The stream closes the handle when it ends.
  return doneInputs(handle.createReadStream());
}

/**
 * True when our output goes to the very file being resumed (`--resume out.ndjson >> out.ndjson`)
 * and that file ends in a cut line: a newline first keeps our first line whole and apart.
 */
export async function cutLineAtEnd(path: string, outFd: number): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const [file, out] = [await handle.stat(), fstatSync(outFd)];
      if (file.dev !== out.dev || file.ino !== out.ino || file.size === 0) return false;
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, file.size - 1);
      return last[0] !== 0x0a;
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
