// TLS 1.3 record protection undone (RFC 8446 §5.2–§5.4), for display: the AEAD open of one
// TLSCiphertext with the per-record nonce (the IV XOR the 64-bit sequence number, left-padded),
// the record header as additional data, then the inner plaintext's real content type found
// after the zero padding. A record that does not open (a wrong key, a tampered record) is
// null: the ladder then shows it by size only.
import { createDecipheriv } from 'node:crypto';
import type { TrafficKeys } from './tls13-keys.js';

const TAG = 16;

export interface Opened {
  /** The inner content type: 22 handshake, 21 alert, 23 application data. */
  readonly contentType: number;
  readonly content: Buffer;
}

/** One direction's record protection under one key: counts its own sequence numbers. */
export class RecordOpener {
  private seq = 0n;

  constructor(private readonly keys: TrafficKeys) {}

  /** `header` is the 5-byte record header, `fragment` the encrypted_record (tag included). */
  open(header: Uint8Array, fragment: Uint8Array): Opened | null {
    if (fragment.length < TAG + 1) return null;
    const nonce = Buffer.from(this.keys.iv);
    const seq = this.seq;
    this.seq += 1n;
    for (let i = 0; i < 8; i++) {
      const byte = Number((seq >> BigInt(8 * i)) & 0xffn);
      nonce[11 - i] = (nonce[11 - i] as number) ^ byte;
    }
    try {
      // The AEAD names are node:crypto's; the types cannot tell a GCM from a ChaCha cipher here.
      const decipher = createDecipheriv(this.keys.aead, this.keys.key, nonce, {
        authTagLength: TAG,
      } as object) as ReturnType<typeof createDecipheriv> & {
        setAAD(aad: Uint8Array): void;
        setAuthTag(tag: Uint8Array): void;
      };
      decipher.setAAD(header);
      decipher.setAuthTag(fragment.subarray(fragment.length - TAG));
      const plain = Buffer.concat([
        decipher.update(fragment.subarray(0, fragment.length - TAG)),
        decipher.final(),
      ]);
      // §5.4: the content type is the last non-zero byte; zeros after it are padding.
      let end = plain.length - 1;
      while (end >= 0 && plain[end] === 0) end--;
      if (end < 0) return null;
      return { contentType: plain[end] as number, content: plain.subarray(0, end) };
    } catch {
      return null;
    }
  }
}
