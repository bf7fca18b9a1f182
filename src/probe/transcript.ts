// Records what crossed the wire, in order, with ms since the session started. Only escaped text
// gets in (the type says so), so a transcript never holds a raw control byte.
import type { TranscriptDir, TranscriptEntry } from '../model/events.js';
import type { Escaped } from '../model/text.js';

export class Transcript {
  readonly entries: TranscriptEntry[] = [];

  constructor(
    private readonly now: () => number,
    private readonly emit: (entry: TranscriptEntry) => void,
  ) {}

  add(dir: TranscriptDir, text: Escaped): void {
    const entry: TranscriptEntry = { t: Math.round(this.now() * 10) / 10, dir, text };
    this.entries.push(entry);
    this.emit(entry);
  }
}
