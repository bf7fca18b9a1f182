// A FIFO of bytes for the stream parsers: appends without copying the whole backlog each time and
// hands out views of its front. The parsers keep it short (at most one record or one handshake
// message), so its memory is bounded by their caps, not by how much a peer sends.

export class ByteQueue {
  private buf = new Uint8Array(0);
  private start = 0;
  private end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.end + bytes.length > this.buf.length) {
      const live = this.length;
      const capacity = Math.max(
        live + bytes.length,
        Math.min(this.buf.length * 2, live * 2 + bytes.length),
      );
      const next = new Uint8Array(capacity);
      next.set(this.buf.subarray(this.start, this.end));
      this.buf = next;
      this.start = 0;
      this.end = live;
    }
    this.buf.set(bytes, this.end);
    this.end += bytes.length;
  }

  /** The byte at `i` from the front; the caller checks `i < length`. */
  at(i: number): number {
    return this.buf[this.start + i] as number;
  }

  /** A copy of the first `n` bytes, removed from the queue (a copy, so later appends can't alias it). */
  take(n: number): Uint8Array {
    const out = this.buf.slice(this.start, this.start + n);
    this.start += n;
    if (this.start === this.end) {
      this.start = 0;
      this.end = 0;
      // Let a large backlog's buffer go once it is drained.
      if (this.buf.length > 65536) this.buf = new Uint8Array(0);
    }
    return out;
  }

  clear(): void {
    this.buf = new Uint8Array(0);
    this.start = 0;
    this.end = 0;
  }
}
