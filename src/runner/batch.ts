// The batch scheduler: items stream in, at most `concurrency` are checked at once, each line is
// handed to `emit` as soon as its item is done (in completion order, not input order). Once the
// signal aborts (Ctrl-C), no new item starts and the ones cut short are not emitted: every line
// written is a whole, true report, and --resume does the rest again.
import type { BatchItem } from './batch-input.js';

export interface BatchProgress {
  started: number;
  done: number;
  skipped: number;
  inFlight: number;
}

export interface BatchOptions<R> {
  items: AsyncIterable<BatchItem>;
  concurrency: number;
  signal: AbortSignal;
  /** False: the item is not this run's (another shard's, or done already). */
  accept?: (item: BatchItem) => boolean;
  run: (item: BatchItem, signal: AbortSignal) => Promise<R>;
  /** Writes the line; a promise holds the slot until the output has room (backpressure). */
  emit: (item: BatchItem, result: R, ms: number) => void | Promise<void>;
  onProgress?: (p: BatchProgress) => void;
}

export async function runBatch<R>(o: BatchOptions<R>): Promise<BatchProgress> {
  const p: BatchProgress = { started: 0, done: 0, skipped: 0, inFlight: 0 };
  const inFlight = new Set<Promise<void>>();
  const concurrency = Math.max(1, o.concurrency);
  const one = async (item: BatchItem): Promise<void> => {
    const t0 = performance.now();
    const result = await o.run(item, o.signal);
    if (o.signal.aborted) return;
    await o.emit(item, result, Math.round(performance.now() - t0));
    p.done++;
  };
  for await (const item of o.items) {
    if (o.signal.aborted) break;
    if (o.accept && !o.accept(item)) {
      p.skipped++;
      continue;
    }
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
    if (o.signal.aborted) break;
    p.started++;
    const task: Promise<void> = one(item).finally(() => {
      inFlight.delete(task);
      p.inFlight = inFlight.size;
      o.onProgress?.(p);
    });
    inFlight.add(task);
    p.inFlight = inFlight.size;
  }
  await Promise.all(inFlight);
  p.inFlight = 0;
  return p;
}
