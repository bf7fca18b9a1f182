// The TLS 1.3 key schedule's last step (RFC 8446 §7.1, §7.3): from a traffic secret to the write
// key and IV of the record protection, with HKDF-Expand-Label. OpenSSL hands out the traffic
// secrets themselves (the keylog event), so only the expansion is needed, not the whole schedule.
import { createHmac } from 'node:crypto';

export type AeadName = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';

export interface SuiteKeying {
  readonly aead: AeadName;
  readonly hash: 'sha256' | 'sha384';
  readonly keyLength: number;
}

/** The TLS 1.3 suites this tool decrypts (RFC 8446 §B.4); the CCM ones are shown by size only. */
const SUITES: Readonly<Record<number, SuiteKeying>> = {
  0x1301: { aead: 'aes-128-gcm', hash: 'sha256', keyLength: 16 },
  0x1302: { aead: 'aes-256-gcm', hash: 'sha384', keyLength: 32 },
  0x1303: { aead: 'chacha20-poly1305', hash: 'sha256', keyLength: 32 },
};

export function suiteKeying(code: number): SuiteKeying | null {
  return SUITES[code] ?? null;
}

/** RFC 5869 §2.3 HKDF-Expand: T(i) = HMAC(PRK, T(i-1) | info | i), the first `length` bytes. */
export function hkdfExpand(
  hash: SuiteKeying['hash'],
  prk: Uint8Array,
  info: Uint8Array,
  length: number,
): Buffer {
  const blocks: Buffer[] = [];
  let previous: Buffer = Buffer.alloc(0);
  let total = 0;
  for (let i = 1; total < length; i++) {
    previous = createHmac(hash, prk)
      .update(previous)
      .update(info)
      .update(Uint8Array.of(i))
      .digest();
    blocks.push(previous);
    total += previous.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

/**
 * RFC 8446 §7.1: HKDF-Expand-Label(Secret, Label, Context, Length) = HKDF-Expand(Secret,
 * HkdfLabel, Length), HkdfLabel = uint16 length, opaque label<7..255> = "tls13 " + Label,
 * opaque context<0..255>.
 */
export function hkdfExpandLabel(
  hash: SuiteKeying['hash'],
  secret: Uint8Array,
  label: string,
  context: Uint8Array,
  length: number,
): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([
    Buffer.from([length >> 8, length & 0xff, full.length]),
    full,
    Buffer.from([context.length]),
    context,
  ]);
  return hkdfExpand(hash, secret, info, length);
}

export interface TrafficKeys {
  readonly aead: AeadName;
  readonly key: Buffer;
  readonly iv: Buffer;
}

/** RFC 8446 §7.3: write_key = Expand-Label(secret, "key", "", key_length), write_iv likewise ("iv", 12). */
export function trafficKeys(keying: SuiteKeying, secret: Uint8Array): TrafficKeys {
  return {
    aead: keying.aead,
    key: hkdfExpandLabel(keying.hash, secret, 'key', new Uint8Array(0), keying.keyLength),
    iv: hkdfExpandLabel(keying.hash, secret, 'iv', new Uint8Array(0), 12),
  };
}
