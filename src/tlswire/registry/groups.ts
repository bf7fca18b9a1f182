// Named groups (the IANA "TLS Supported Groups" registry: RFC 8422 §5.1.1 for the curves, RFC
// 7919 for ffdhe, RFC 8734 for the TLS 1.3 brainpool ones, and the ML-KEM / hybrid code points
// OpenSSL 3.5 and browsers send). `keyShareLength` is what a client's key_share entry holds for
// the group (RFC 8446 §4.2.8.2: X25519 is 32 bytes, NIST curves an uncompressed point), which the
// builder uses to make a share of the right size and a scanner uses to sanity-check a server's.
import { isGrease } from './grease.js';

export type GroupKind = 'ecdhe' | 'ffdhe' | 'kem' | 'hybrid' | 'gost' | 'legacy';

export interface NamedGroup {
  readonly code: number;
  readonly name: string;
  readonly kind: GroupKind;
  /** Length of a client key_share for the group, when it is fixed. */
  readonly keyShareLength?: number;
  /** Still usable in TLS 1.3 (RFC 8446 §4.2.7 dropped the binary and most prime curves). */
  readonly tls13: boolean;
}

const g = (
  code: number,
  name: string,
  kind: GroupKind,
  tls13: boolean,
  keyShareLength?: number,
): NamedGroup =>
  keyShareLength === undefined
    ? { code, name, kind, tls13 }
    : { code, name, kind, tls13, keyShareLength };

export const NAMED_GROUPS: readonly NamedGroup[] = [
  // RFC 4492 binary and small prime curves: deprecated by RFC 8422, seen only from old stacks.
  ...[
    'sect163k1',
    'sect163r1',
    'sect163r2',
    'sect193r1',
    'sect193r2',
    'sect233k1',
    'sect233r1',
    'sect239k1',
    'sect283k1',
    'sect283r1',
    'sect409k1',
    'sect409r1',
    'sect571k1',
    'sect571r1',
    'secp160k1',
    'secp160r1',
    'secp160r2',
    'secp192k1',
    'secp192r1',
    'secp224k1',
    'secp224r1',
    'secp256k1',
  ].map((name, i) => g(i + 1, name, 'legacy', false)),
  g(23, 'secp256r1', 'ecdhe', true, 65),
  g(24, 'secp384r1', 'ecdhe', true, 97),
  g(25, 'secp521r1', 'ecdhe', true, 133),
  // RFC 7027 brainpool curves for TLS 1.2; RFC 8734 gives TLS 1.3 its own code points (31..33).
  g(26, 'brainpoolP256r1', 'legacy', false, 65),
  g(27, 'brainpoolP384r1', 'legacy', false, 97),
  g(28, 'brainpoolP512r1', 'legacy', false, 129),
  g(29, 'x25519', 'ecdhe', true, 32),
  g(30, 'x448', 'ecdhe', true, 56),
  g(31, 'brainpoolP256r1tls13', 'ecdhe', true, 65),
  g(32, 'brainpoolP384r1tls13', 'ecdhe', true, 97),
  g(33, 'brainpoolP512r1tls13', 'ecdhe', true, 129),
  // RFC 9189 GOST curves, and SM2 (RFC 8998).
  ...['GC256A', 'GC256B', 'GC256C', 'GC256D', 'GC512A', 'GC512B', 'GC512C'].map((name, i) =>
    g(34 + i, name, 'gost', true),
  ),
  g(41, 'curveSM2', 'ecdhe', true, 65),
  // RFC 7919: the share is the public value left-padded to the size of the prime.
  g(256, 'ffdhe2048', 'ffdhe', true, 256),
  g(257, 'ffdhe3072', 'ffdhe', true, 384),
  g(258, 'ffdhe4096', 'ffdhe', true, 512),
  g(259, 'ffdhe6144', 'ffdhe', true, 768),
  g(260, 'ffdhe8192', 'ffdhe', true, 1024),
  // Pure ML-KEM (FIPS 203): the client share is the encapsulation key.
  g(0x0200, 'MLKEM512', 'kem', true, 800),
  g(0x0201, 'MLKEM768', 'kem', true, 1184),
  g(0x0202, 'MLKEM1024', 'kem', true, 1568),
  // Hybrids as in OpenSSL 3.5: X25519MLKEM768 puts ML-KEM first, the NIST-curve ones ECDH first.
  g(0x11eb, 'SecP256r1MLKEM768', 'hybrid', true, 65 + 1184),
  g(0x11ec, 'X25519MLKEM768', 'hybrid', true, 1184 + 32),
  g(0x11ed, 'SecP384r1MLKEM1024', 'hybrid', true, 97 + 1568),
  // Pre-standard Kyber hybrids some clients still send.
  g(0x6399, 'X25519Kyber768Draft00', 'hybrid', true, 32 + 1184),
  g(0x639a, 'SecP256r1Kyber768Draft00', 'hybrid', true, 65 + 1184),
  // RFC 8422 §5.1.1: explicit curves, deprecated.
  g(0xff01, 'arbitrary_explicit_prime_curves', 'legacy', false),
  g(0xff02, 'arbitrary_explicit_char2_curves', 'legacy', false),
];

const BY_CODE = new Map(NAMED_GROUPS.map((x) => [x.code, x]));

export function namedGroup(code: number): NamedGroup | undefined {
  return BY_CODE.get(code);
}

export function groupName(code: number): string {
  const known = BY_CODE.get(code);
  if (known) return known.name;
  if (isGrease(code)) return `GREASE(0x${code.toString(16)})`;
  return `unknown(${code})`;
}

export const GROUP = {
  secp256r1: 23,
  secp384r1: 24,
  secp521r1: 25,
  x25519: 29,
  x448: 30,
  ffdhe2048: 256,
  ffdhe3072: 257,
  X25519MLKEM768: 0x11ec,
} as const;
