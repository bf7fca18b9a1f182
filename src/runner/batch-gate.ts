// Politeness for the whole batch: at most `limit` connections at once, at most one at a time
// per address and port (mail servers count connections per client: Postfix anvil, postscreen),
// and, with an interval, that long between the end of one connection to an address and the
// start of the next.
interface Waiting {
  key: string;
  start: () => void;
}

export class AddressGate {
  private readonly busy = new Set<string>();
  private readonly lastEnd = new Map<string, number>();
  private readonly queue: Waiting[] = [];
  private running = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly limit: number,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs `task` when its key is free; the key is held until the task settles. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        key,
        start: () => {
          // Released before the caller hears: whoever awaits the task sees the next one started.
          task()
            .finally(() => this.release(key))
            .then(resolve, reject);
        },
      });
      this.pump();
    });
  }

  private release(key: string): void {
    this.running--;
    this.busy.delete(key);
    if (this.intervalMs > 0) {
      this.lastEnd.set(key, this.now());
      // Bounded: forget addresses whose interval is over once the map grows.
      if (this.lastEnd.size > 10_000) {
        const cutoff = this.now() - this.intervalMs;
        for (const [k, t] of this.lastEnd) if (t <= cutoff) this.lastEnd.delete(k);
      }
    }
    this.pump();
  }

  private pump(): void {
    let wakeAt = Infinity;
    const now = this.now();
    for (let i = 0; i < this.queue.length && this.running < this.limit;) {
      const w = this.queue[i] as Waiting;
      const readyAt = (this.lastEnd.get(w.key) ?? -Infinity) + this.intervalMs;
      if (this.busy.has(w.key) || readyAt > now) {
        if (!this.busy.has(w.key)) wakeAt = Math.min(wakeAt, readyAt);
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.running++;
      this.busy.add(w.key);
      w.start();
    }
    if (wakeAt !== Infinity && this.timer === null) {
      this.timer = setTimeout(
        () => {
          this.timer = null;
          this.pump();
        },
        Math.max(1, wakeAt - now),
      );
    }
  }

  get pending(): number {
    return this.queue.length;
  }
}
