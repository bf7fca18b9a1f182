// The builder's counterpart of ByteReader: appends big-endian integers and length-prefixed
// vectors (RFC 8446 §3) to a growing buffer, checking each value fits its field.

export class ByteWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  private push(b: Uint8Array): this {
    this.chunks.push(b);
    this.size += b.length;
    return this;
  }

  private uint(v: number, bytes: number, what: string): this {
    const max = 2 ** (8 * bytes) - 1;
    if (!Number.isInteger(v) || v < 0 || v > max) {
      throw new RangeError(`${what}: ${v} does not fit in ${bytes} byte(s)`);
    }
    const out = new Uint8Array(bytes);
    for (let i = bytes - 1, x = v; i >= 0; i--, x = Math.floor(x / 256)) out[i] = x % 256;
    return this.push(out);
  }

  u8(v: number, what = 'uint8'): this {
    return this.uint(v, 1, what);
  }

  u16(v: number, what = 'uint16'): this {
    return this.uint(v, 2, what);
  }

  u24(v: number, what = 'uint24'): this {
    return this.uint(v, 3, what);
  }

  u32(v: number, what = 'uint32'): this {
    return this.uint(v, 4, what);
  }

  bytes(b: Uint8Array): this {
    return this.push(b);
  }

  /** A vector with a `prefix`-byte length in front of it. */
  vector(prefix: 1 | 2 | 3, body: Uint8Array, what = 'vector'): this {
    this.uint(body.length, prefix, `${what} length`);
    return this.push(body);
  }

  /** A vector whose body is written by `fill` into a nested writer. */
  nested(prefix: 1 | 2 | 3, fill: (w: ByteWriter) => void, what = 'vector'): this {
    const inner = new ByteWriter();
    fill(inner);
    return this.vector(prefix, inner.finish(), what);
  }

  u16List(prefix: 1 | 2, values: readonly number[], what = 'list'): this {
    return this.nested(prefix, (w) => values.forEach((v) => w.u16(v, what)), what);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}
