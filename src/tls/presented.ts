// The certificates a server presented, parsed once. A probe meets the same DER twice: in the
// decrypted Certificate message (the handshake ladder) and in the chain node:tls reports (the
// certificate stage); parsing costs ~1 ms a certificate when the code is cold, so the few last
// parsed are kept. Never throws: bytes that are not a certificate end the chain.
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';

/** Most certificates taken from one chain (a hostile server may send hundreds). */
export const MAX_PRESENTED = 64;

/** Enough for one chain and its ladder; a batch moves on to other servers' chains. */
const KEEP = 16;
const recent = new Map<string, X509Certificate>();

/** The certificate in `der`, or null when it is none. */
export function parseCertificate(der: Uint8Array): X509Certificate | null {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');
  const known = recent.get(key);
  if (known) return known;
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(der);
  } catch {
    return null;
  }
  recent.set(key, cert);
  if (recent.size > KEEP) recent.delete(recent.keys().next().value as string);
  return cert;
}

/** DER certificates in order, up to the first that does not parse. */
export function parseChain(ders: readonly Uint8Array[], max = MAX_PRESENTED): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const der of ders.slice(0, max)) {
    const cert = parseCertificate(der);
    if (!cert) break;
    out.push(cert);
  }
  return out;
}

/** The chain node:tls reports (getPeerCertificate(true)), leaf first, loops cut. */
export function presentedChain(
  peer: DetailedPeerCertificate | null,
  max = MAX_PRESENTED,
): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  let cur: DetailedPeerCertificate | undefined = peer ?? undefined;
  while (cur && cur.raw && out.length < max && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    const cert = parseCertificate(cur.raw);
    if (!cert) break;
    out.push(cert);
    cur = cur.issuerCertificate;
  }
  return out;
}
