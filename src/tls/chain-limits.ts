// How far senders' TLS stacks will walk a presented chain. A chain that verifies in principle
// still fails at a verifier whose depth limit it exceeds, and the sender then treats the
// certificate as untrusted (issue #10: a valid 60-certificate chain got "ok" with no word).
import type { ChainLimit } from '../model/findings.js';
import type { CertificateInfo } from '../model/tls.js';

/**
 * Intermediate CA certificates each stack accepts between the leaf and the trust anchor.
 * OpenSSL's verify depth counts intermediates (the leaf and the anchor are free; openssl-verify(1)
 * "-verify_depth"): Postfix sets it to smtp_tls_scert_verifydepth = 9 by default, OpenSSL's own
 * default is 100. GnuTLS stops at 16 certificates in the whole path (its default maximum verify
 * depth), so 14 intermediates once the leaf and the anchor are counted.
 */
export const CHAIN_LIMITS: readonly ChainLimit[] = [
  { stack: 'postfix', maxIssuers: 9 },
  { stack: 'gnutls', maxIssuers: 14 },
  { stack: 'openssl', maxIssuers: 100 },
];

/** The intermediates in the presented chain: everything but the leaf and a self-signed root. */
export function intermediates(chain: readonly CertificateInfo[]): number {
  const last = chain[chain.length - 1];
  const rootSent = chain.length > 1 && last?.selfSigned === true;
  return Math.max(0, chain.length - 1 - (rootSent ? 1 : 0));
}

/** The stacks whose limit the chain exceeds (empty for every chain seen in practice). */
export function stacksThatStop(chain: readonly CertificateInfo[]): ChainLimit['stack'][] {
  const n = intermediates(chain);
  return CHAIN_LIMITS.filter((l) => n > l.maxIssuers).map((l) => l.stack);
}
