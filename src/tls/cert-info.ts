// One X.509 certificate described for people (subject, SANs, validity, key, signature…).
// Every string that came from the certificate is escaped: a hostile CN cannot reach a terminal.
import { createHash } from 'node:crypto';
import type { X509Certificate } from 'node:crypto';
import { escapeText } from '../smtp/escape.js';
import { signatureAlgorithmName, signatureAlgorithmOid } from './der.js';
import type { CertificateInfo } from '../model/tls.js';

const DAY_MS = 86_400_000;

/** X509Certificate's validFrom/validTo look like "Jan  1 00:00:00 2030 GMT". */
export function parseCertDate(text: string): Date {
  return new Date(Date.parse(text.replace(/\s+/g, ' ')));
}

export function oneLineName(dn: string): string {
  // Node prints a distinguished name one attribute per line; show it the way openssl does.
  return dn
    .split('\n')
    .filter((part) => part.length > 0)
    .join(', ');
}

export function describeKey(cert: X509Certificate): CertificateInfo['key'] {
  const key = cert.publicKey;
  const details = key.asymmetricKeyDetails ?? {};
  const type = key.asymmetricKeyType ?? 'unknown';
  const curve = details.namedCurve ?? null;
  let bits: number | null = details.modulusLength ?? null;
  if (bits === null && type === 'ed25519') bits = 256;
  if (bits === null && curve) {
    const m = /(\d{3})/.exec(curve);
    bits = m && m[1] ? Number(m[1]) : null;
  }
  return { type, bits, curve };
}

export function isSelfSigned(cert: X509Certificate): boolean {
  if (cert.subject !== cert.issuer) return false;
  try {
    return cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/** The DER a TLSA selector names: 0 the certificate, 1 its SubjectPublicKeyInfo (RFC 6698 §2.1.2). */
export function selectorData(cert: X509Certificate, selector: 0 | 1): Buffer {
  return selector === 0 ? cert.raw : cert.publicKey.export({ type: 'spki', format: 'der' });
}

type Digests = Pick<CertificateInfo, 'certSha256' | 'certSha512' | 'spkiSha256' | 'spkiSha512'>;

function daneDigests(cert: X509Certificate): Digests {
  const h = (alg: string, data: Buffer): string => createHash(alg).update(data).digest('hex');
  let spki: Buffer;
  try {
    spki = selectorData(cert, 1);
  } catch {
    // A key type OpenSSL cannot export (an unknown algorithm): no key digest to match.
    spki = Buffer.alloc(0);
  }
  return {
    certSha256: h('sha256', cert.raw),
    certSha512: h('sha512', cert.raw),
    spkiSha256: spki.length ? h('sha256', spki) : '',
    spkiSha512: spki.length ? h('sha512', spki) : '',
  };
}

export function describeCertificate(cert: X509Certificate, now: Date): CertificateInfo {
  const validTo = parseCertDate(cert.validTo);
  const validFrom = parseCertDate(cert.validFrom);
  const sans: string[] = (cert.subjectAltName ?? '')
    .split(', ')
    .filter((s) => s.length > 0)
    .map((s) => escapeText(s));
  return {
    subject: escapeText(oneLineName(cert.subject)),
    issuer: escapeText(oneLineName(cert.issuer)),
    subjectAltNames: sans,
    serial: cert.serialNumber,
    validFrom: Number.isNaN(validFrom.getTime())
      ? escapeText(cert.validFrom)
      : validFrom.toISOString(),
    validTo: Number.isNaN(validTo.getTime()) ? escapeText(cert.validTo) : validTo.toISOString(),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY_MS),
    key: describeKey(cert),
    signatureAlgorithm: signatureAlgorithmName(signatureAlgorithmOid(cert.raw)),
    fingerprint256: cert.fingerprint256,
    ...daneDigests(cert),
    selfSigned: isSelfSigned(cert),
    isCA: cert.ca,
    pem: cert.toString(),
    problems: [],
  };
}

/** "364 days left", "expires today", "expired 12 days ago": what people read next to a date. */
export function daysLeftWords(daysLeft: number): string {
  if (daysLeft > 0) return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
  if (daysLeft === 0) return 'expires today';
  return `expired ${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
}
