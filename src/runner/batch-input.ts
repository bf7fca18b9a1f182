// The batch's input: one domain or target per line, read as a stream (a list of a million lines
// is never held in memory at once: readline's iterator pauses the stream when we fall behind).
// Blank lines and lines starting with `#` are skipped; everything else is an item, good or bad
// (a bad one becomes an error line in the output, not a crash).
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

export interface BatchItem {
  /** 1-based line number in the input. */
  line: number;
  /** The line as given, trimmed: the `input` field of its output line. */
  input: string;
  /** normaliseInput(input): what --resume and --shard compare. */
  key: string;
}

/** Longest line taken as an input; longer ones are errors (a name is at most 253 octets). */
export const MAX_INPUT_CHARS = 1024;

/**
 * Trimmed and lower-cased (DNS names are case-insensitive, RFC 4343), one trailing root dot
 * dropped: `Example.ORG.` and `example.org` are the same item for resume and shards.
 */
export function normaliseInput(input: string): string {
  const t = input.trim().toLowerCase();
  return t.endsWith('.') && !t.endsWith('..') ? t.slice(0, -1) : t;
}

/** The item a line holds, or null for a blank or comment line. */
export function itemOf(text: string, line: number): BatchItem | null {
  const input = text.trim();
  if (input === '' || input.startsWith('#')) return null;
  return { line, input, key: normaliseInput(input) };
}

export async function* readItems(stream: Readable): AsyncGenerator<BatchItem> {
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of rl) {
      line++;
      const item = itemOf(text, line);
      if (item) yield item;
    }
  } finally {
    rl.close();
  }
}
