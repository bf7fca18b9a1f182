// A bounds-checked cursor over a byte array, shaped after the presentation language of RFC 8446
// §3 (uint8/16/24/32 and vectors with a length prefix of 1, 2 or 3 bytes). Every read checks the
// remaining length first, so a lying length field ends in a WireFailure, never an out-of-range read.
import { WireFailure, type WireErrorKind } from './errors.js';

export class ByteReader {
  private pos = 0;

  /** `base` is the offset of `bytes` inside the outer message, so errors point at the real byte. */
  constructor(
    private readonly bytes: Uint8Array,
    private readonly base = 0,
  ) {}

  get offset(): number {
    return this.base + this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  fail(kind: WireErrorKind, detail: string): never {
    throw new WireFailure({ kind, detail, offset: this.offset });
  }

  private need(n: number, what: string): void {
    if (n > this.remaining) {
      this.fail('truncated', `${what}: needs ${n} bytes, ${this.remaining} left`);
    }
  }

  u8(what = 'uint8'): number {
    this.need(1, what);
    return this.bytes[this.pos++] as number;
  }

  u16(what = 'uint16'): number {
    this.need(2, what);
    const v = ((this.bytes[this.pos] as number) << 8) | (this.bytes[this.pos + 1] as number);
    this.pos += 2;
    return v;
  }

  u24(what = 'uint24'): number {
    this.need(3, what);
    const b = this.bytes;
    const p = this.pos;
    this.pos += 3;
    return ((b[p] as number) << 16) | ((b[p + 1] as number) << 8) | (b[p + 2] as number);
  }

  u32(what = 'uint32'): number {
    this.need(4, what);
    return this.u16(what) * 0x10000 + this.u16(what);
  }

  /** `n` raw bytes (a view, not a copy: the callers keep what they return for the caller). */
  bytesOf(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The rest of the input. */
  rest(): Uint8Array {
    return this.bytesOf(this.remaining);
  }

  /** A vector `<floor..2^(8*prefix)-1>`: reads the length prefix then that many bytes. */
  vector(prefix: 1 | 2 | 3, what: string, min = 0): Uint8Array {
    const len = prefix === 1 ? this.u8(what) : prefix === 2 ? this.u16(what) : this.u24(what);
    if (len < min) this.fail('bad-length', `${what}: length ${len} is below the minimum ${min}`);
    return this.bytesOf(len, what);
  }

  /** A sub-reader over a length-prefixed vector, for structures nested inside it. */
  sub(prefix: 1 | 2 | 3, what: string, min = 0): ByteReader {
    const start = this.offset + prefix;
    return new ByteReader(this.vector(prefix, what, min), start);
  }

  /** A list of uint16 values in a vector with the given prefix (cipher suites, groups, schemes). */
  u16List(prefix: 1 | 2, what: string, min = 0): number[] {
    const body = this.sub(prefix, what, min);
    if (body.remaining % 2 !== 0) this.fail('bad-length', `${what}: odd length ${body.remaining}`);
    const out: number[] = [];
    while (body.remaining > 0) out.push(body.u16(what));
    return out;
  }

  /** A list of uint8 values in a vector with a one-byte prefix. */
  u8List(what: string, min = 0): number[] {
    return Array.from(this.vector(1, what, min));
  }

  /** Asserts the structure used all of its container (RFC 8446 §4: no trailing data). */
  end(what: string): void {
    if (this.remaining !== 0) {
      this.fail('trailing-bytes', `${what}: ${this.remaining} bytes left over`);
    }
  }
}
