// Signature schemes (RFC 8446 §4.2.3 and the IANA "TLS SignatureScheme" registry). TLS 1.2 sent
// the same two bytes as a (hash, signature) pair (RFC 5246 §7.4.1.4.1); the RFC 8446 names for the
// old pairs are kept, and any other pair is named from its parts so nothing shows as a bare number.
import { isGrease } from './grease.js';

export type SignatureFamily =
  'rsa_pkcs1' | 'rsa_pss' | 'ecdsa' | 'eddsa' | 'dsa' | 'mldsa' | 'other';

export interface SignatureScheme {
  readonly code: number;
  readonly name: string;
  readonly family: SignatureFamily;
  /** SHA-1/MD5/SHA-224 based, or DSA: refused for TLS 1.3 handshakes (RFC 8446 §4.2.3). */
  readonly legacy: boolean;
}

const s = (
  code: number,
  name: string,
  family: SignatureFamily,
  legacy = false,
): SignatureScheme => ({
  code,
  name,
  family,
  legacy,
});

export const SIGNATURE_SCHEMES: readonly SignatureScheme[] = [
  s(0x0101, 'rsa_pkcs1_md5', 'rsa_pkcs1', true),
  s(0x0102, 'dsa_md5', 'dsa', true),
  s(0x0103, 'ecdsa_md5', 'ecdsa', true),
  s(0x0201, 'rsa_pkcs1_sha1', 'rsa_pkcs1', true),
  s(0x0202, 'dsa_sha1', 'dsa', true),
  s(0x0203, 'ecdsa_sha1', 'ecdsa', true),
  s(0x0301, 'rsa_pkcs1_sha224', 'rsa_pkcs1', true),
  s(0x0302, 'dsa_sha224', 'dsa', true),
  s(0x0303, 'ecdsa_sha224', 'ecdsa', true),
  s(0x0401, 'rsa_pkcs1_sha256', 'rsa_pkcs1'),
  s(0x0402, 'dsa_sha256', 'dsa', true),
  s(0x0403, 'ecdsa_secp256r1_sha256', 'ecdsa'),
  s(0x0420, 'rsa_pkcs1_sha256_legacy', 'rsa_pkcs1', true),
  s(0x0501, 'rsa_pkcs1_sha384', 'rsa_pkcs1'),
  s(0x0502, 'dsa_sha384', 'dsa', true),
  s(0x0503, 'ecdsa_secp384r1_sha384', 'ecdsa'),
  s(0x0520, 'rsa_pkcs1_sha384_legacy', 'rsa_pkcs1', true),
  s(0x0601, 'rsa_pkcs1_sha512', 'rsa_pkcs1'),
  s(0x0602, 'dsa_sha512', 'dsa', true),
  s(0x0603, 'ecdsa_secp521r1_sha512', 'ecdsa'),
  s(0x0620, 'rsa_pkcs1_sha512_legacy', 'rsa_pkcs1', true),
  s(0x0708, 'sm2sig_sm3', 'other'),
  s(0x0709, 'gostr34102012_256a', 'other'),
  s(0x070a, 'gostr34102012_256b', 'other'),
  s(0x070b, 'gostr34102012_256c', 'other'),
  s(0x070c, 'gostr34102012_256d', 'other'),
  s(0x070d, 'gostr34102012_512a', 'other'),
  s(0x070e, 'gostr34102012_512b', 'other'),
  s(0x070f, 'gostr34102012_512c', 'other'),
  s(0x0804, 'rsa_pss_rsae_sha256', 'rsa_pss'),
  s(0x0805, 'rsa_pss_rsae_sha384', 'rsa_pss'),
  s(0x0806, 'rsa_pss_rsae_sha512', 'rsa_pss'),
  s(0x0807, 'ed25519', 'eddsa'),
  s(0x0808, 'ed448', 'eddsa'),
  s(0x0809, 'rsa_pss_pss_sha256', 'rsa_pss'),
  s(0x080a, 'rsa_pss_pss_sha384', 'rsa_pss'),
  s(0x080b, 'rsa_pss_pss_sha512', 'rsa_pss'),
  s(0x081a, 'ecdsa_brainpoolP256r1tls13_sha256', 'ecdsa'),
  s(0x081b, 'ecdsa_brainpoolP384r1tls13_sha384', 'ecdsa'),
  s(0x081c, 'ecdsa_brainpoolP512r1tls13_sha512', 'ecdsa'),
  s(0x0904, 'mldsa44', 'mldsa'),
  s(0x0905, 'mldsa65', 'mldsa'),
  s(0x0906, 'mldsa87', 'mldsa'),
];

const BY_CODE = new Map(SIGNATURE_SCHEMES.map((x) => [x.code, x]));

export function signatureScheme(code: number): SignatureScheme | undefined {
  return BY_CODE.get(code);
}

/** RFC 5246 §7.4.1.4.1 HashAlgorithm and SignatureAlgorithm, to name pairs not in the table. */
const HASHES: Readonly<Record<number, string>> = {
  0: 'none',
  1: 'md5',
  2: 'sha1',
  3: 'sha224',
  4: 'sha256',
  5: 'sha384',
  6: 'sha512',
  8: 'intrinsic',
};
const SIGNATURES: Readonly<Record<number, string>> = {
  0: 'anonymous',
  1: 'rsa',
  2: 'dsa',
  3: 'ecdsa',
};

export function signatureSchemeName(code: number): string {
  const known = BY_CODE.get(code);
  if (known) return known.name;
  if (isGrease(code)) return `GREASE(0x${code.toString(16)})`;
  const hash = HASHES[code >> 8];
  const sig = SIGNATURES[code & 0xff];
  if (hash && sig) return `${sig}_${hash}`;
  return `unknown(0x${code.toString(16).padStart(4, '0')})`;
}

export const SIG = {
  rsa_pkcs1_sha256: 0x0401,
  ecdsa_secp256r1_sha256: 0x0403,
  rsa_pss_rsae_sha256: 0x0804,
  ed25519: 0x0807,
} as const;
