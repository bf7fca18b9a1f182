// The certificate association data a TLSA record compares with (RFC 6698 §2.1.2–2.1.3):
// selector 0 the whole DER certificate, 1 its SubjectPublicKeyInfo; matching type 0 the data
// itself, 1 its SHA-256, 2 its SHA-512.
import { createHash, X509Certificate } from 'node:crypto';
import { selectorData } from './cert-info.js';
import { issuedBy, matchesName } from './chain-verify.js';
import { parseCertDate } from './cert-info.js';

export function parsePem(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

/** Lowercase hex, or null for a selector or matching type RFC 6698 does not define. */
export function associationData(
  cert: X509Certificate,
  selector: number,
  matchingType: number,
): string | null {
  if (selector !== 0 && selector !== 1) return null;
  let data: Buffer;
  try {
    data = selectorData(cert, selector);
  } catch {
    return null;
  }
  switch (matchingType) {
    case 0:
      return data.toString('hex');
    case 1:
      return createHash('sha256').update(data).digest('hex');
    case 2:
      return createHash('sha512').update(data).digest('hex');
    default:
      return null;
  }
}

/** Whether chain[0] is issued, link by link, up to chain[depth] (the presented order). */
export function chainsTo(chain: readonly X509Certificate[], depth: number): boolean {
  for (let i = 0; i < depth; i++) {
    const child = chain[i];
    const parent = chain[i + 1];
    if (!child || !parent || !issuedBy(child, parent)) return false;
  }
  return true;
}

export function nameMatches(leaf: X509Certificate, names: readonly string[]): boolean {
  return names.some((n) => matchesName(leaf, n));
}

export function expiredAt(cert: X509Certificate, now: Date): boolean {
  return (
    parseCertDate(cert.validTo).getTime() < now.getTime() ||
    parseCertDate(cert.validFrom).getTime() > now.getTime()
  );
}
