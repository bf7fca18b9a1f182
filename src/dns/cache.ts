// A small TTL cache with least-recently-used eviction: batch runs ask the same names (the MX
// hosts of many domains) again and again; RFC 1035 §7.4 and RFC 2308 bound how long we may keep.

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class TtlCache<V> {
  // A Map iterates in insertion order: re-inserting on each hit makes the first key the LRU.
  private readonly entries = new Map<string, Entry<V>>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlSeconds: number): void {
    if (this.maxEntries <= 0 || !(ttlSeconds > 0)) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    // Bounded: one insertion evicts at most one entry.
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
