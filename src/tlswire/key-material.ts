// Randomness and key_share public values for the ClientHello builder. This is the one file of the
// codec that imports node:crypto: a scanner's hello has to carry key shares a real server accepts
// (RFC 8446 §4.2.8.2 requires servers to validate them), so X25519/X448 keys and NIST/brainpool
// points are made for real. The private halves are thrown away: the scanner only needs to see the
// ServerHello, never to finish the handshake.
import { createECDH, generateKeyPairSync, randomBytes as cryptoRandom } from 'node:crypto';
import { namedGroup } from './registry/groups.js';

export function randomBytes(n: number): Uint8Array {
  return new Uint8Array(cryptoRandom(n));
}

/** OpenSSL curve names for the groups whose share is an uncompressed point (RFC 8446 §4.2.8.2). */
const EC_CURVES: Readonly<Record<number, string>> = {
  23: 'prime256v1',
  24: 'secp384r1',
  25: 'secp521r1',
  26: 'brainpoolP256r1',
  27: 'brainpoolP384r1',
  28: 'brainpoolP512r1',
  31: 'brainpoolP256r1',
  32: 'brainpoolP384r1',
  33: 'brainpoolP512r1',
  41: 'SM2',
};

function ecPoint(curve: string): Uint8Array {
  const ecdh = createECDH(curve);
  return new Uint8Array(ecdh.generateKeys());
}

function montgomery(kind: 'x25519' | 'x448'): Uint8Array {
  const { publicKey } =
    kind === 'x25519' ? generateKeyPairSync('x25519') : generateKeyPairSync('x448');
  const jwk = publicKey.export({ format: 'jwk' });
  return new Uint8Array(Buffer.from(jwk.x ?? '', 'base64url'));
}

/**
 * A structurally valid ML-KEM encapsulation key (FIPS 203 §7.2): k·256 coefficients below
 * q = 3329 packed 12 bits each, then a 32-byte seed. It passes the modulus check servers run, so
 * a server can encapsulate to it; nobody holds the decapsulation key, which a scanner never needs.
 */
export function mlKemEncapsulationKey(k: 2 | 3 | 4): Uint8Array {
  const coefficients = k * 256;
  const out = new Uint8Array(coefficients * 1.5 + 32);
  const noise = randomBytes(coefficients * 2);
  for (let i = 0; i < coefficients; i += 2) {
    const a = (((noise[2 * i] as number) << 8) | (noise[2 * i + 1] as number)) % 3329;
    const b = (((noise[2 * i + 2] as number) << 8) | (noise[2 * i + 3] as number)) % 3329;
    const at = (i / 2) * 3;
    out[at] = a & 0xff;
    out[at + 1] = (a >> 8) | ((b & 0x0f) << 4);
    out[at + 2] = b >> 4;
  }
  out.set(randomBytes(32), coefficients * 1.5);
  return out;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * A client key_share public value for `group`. Finite-field groups (RFC 7919) get a random value
 * below the prime (their primes start with 64 one bits) left-padded to the prime's size. Throws
 * RangeError for a group whose share length is not known: pass publicKey for those.
 */
export function makeKeyShare(group: number): Uint8Array {
  switch (group) {
    case 29:
      return montgomery('x25519');
    case 30:
      return montgomery('x448');
    case 0x0200:
      return mlKemEncapsulationKey(2);
    case 0x0201:
      return mlKemEncapsulationKey(3);
    case 0x0202:
      return mlKemEncapsulationKey(4);
    // Hybrid layouts as deployed by OpenSSL 3.5: ML-KEM first for X25519MLKEM768, ECDH first else.
    case 0x11ec:
      return concat(mlKemEncapsulationKey(3), montgomery('x25519'));
    case 0x11eb:
      return concat(ecPoint('prime256v1'), mlKemEncapsulationKey(3));
    case 0x11ed:
      return concat(ecPoint('secp384r1'), mlKemEncapsulationKey(4));
    case 0x6399:
      return concat(montgomery('x25519'), mlKemEncapsulationKey(3));
    case 0x639a:
      return concat(ecPoint('prime256v1'), mlKemEncapsulationKey(3));
  }
  const curve = EC_CURVES[group];
  if (curve) return ecPoint(curve);
  const info = namedGroup(group);
  if (info?.kind === 'ffdhe' && info.keyShareLength) {
    const y = randomBytes(info.keyShareLength);
    y[0] = ((y[0] as number) & 0x7f) | 0x01;
    return y;
  }
  throw new RangeError(`no key share generator for group ${group}; pass publicKey`);
}
