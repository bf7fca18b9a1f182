// The server's certificate per key type. With TLS ≤ 1.2 the Certificate message is in the clear
// (RFC 5246 §7.4.2), so the elimination's own hellos already hold one chain per authentication
// kind (an RSA suite gets the RSA certificate, an ECDSA suite the ECDSA one): no extra
// connection. A TLS 1.3-only server encrypts it (RFC 8446 §4.4.2), so there the chain comes from
// a full node:tls handshake per key type, steered by signature_algorithms (§4.2.3).
import type { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { performHandshake } from '../tls/handshake.js';
import { verifyChain } from '../tls/chain-verify.js';
import { parseChain, presentedChain } from '../tls/presented.js';
import { buildTrustStore } from '../tls/trust-store.js';
import { cipherSuite } from '../tlswire/index.js';
import { openPreface, type PrefaceSpec } from './smtp-preface.js';
import type { HelloOutcome, ScanCertificate } from './types.js';

type Hello = Extract<HelloOutcome, { kind: 'hello' }>;

function keyTypeOf(leaf: X509Certificate): ScanCertificate['keyType'] {
  const t = leaf.publicKey.asymmetricKeyType;
  if (t === 'rsa' || t === 'rsa-pss') return 'RSA';
  if (t === 'ec' || t === 'ed25519' || t === 'ed448') return 'ECDSA';
  if (t === 'dsa') return 'DSA';
  return 'other';
}

export interface CertContext {
  readonly verifyName: string;
  readonly caPems: readonly string[];
  readonly caOnly?: boolean;
}

/** One certificate per key type from the clear-text hellos, first seen first. */
export function certificatesFromHellos(
  hellos: readonly Hello[],
  ctx: CertContext,
): ScanCertificate[] {
  const store = buildTrustStore([...ctx.caPems], { caOnly: ctx.caOnly === true });
  const out = new Map<string, ScanCertificate>();
  for (const h of hellos) {
    if (!h.certificates || h.certificates.length === 0) continue;
    const chain = parseChain(h.certificates);
    const leaf = chain[0];
    if (!leaf) continue;
    const keyType = keyTypeOf(leaf);
    if (out.has(keyType)) continue;
    out.set(keyType, {
      keyType,
      via: 'raw-tls12',
      suite: cipherSuite(h.hello.cipherSuite)?.name ?? String(h.hello.cipherSuite),
      report: verifyChain(chain, store, ctx.verifyName, new Date()),
    });
  }
  return [...out.values()];
}

const SIGALGS: Readonly<Record<'RSA' | 'ECDSA', string>> = {
  RSA: 'rsa_pss_rsae_sha256:rsa_pss_rsae_sha384:rsa_pss_rsae_sha512:rsa_pkcs1_sha256:rsa_pkcs1_sha384',
  ECDSA: 'ecdsa_secp256r1_sha256:ecdsa_secp384r1_sha384:ecdsa_secp521r1_sha512:ed25519:ed448',
};

/** A full TLS 1.3 handshake asking for one key type; null when the server has none of it. */
export async function certificateByHandshake(
  spec: PrefaceSpec & { readonly sni: string | null },
  keyType: 'RSA' | 'ECDSA',
  ctx: CertContext,
): Promise<ScanCertificate | null> {
  const pre = await openPreface(spec);
  if (!pre.ok) return null;
  const result = await performHandshake({
    socket: pre.socket,
    sni: spec.sni,
    timeoutMs: spec.timeoutMs,
    secureContext: createSecureContext({ sigalgs: SIGALGS[keyType], minVersion: 'TLSv1.3' }),
    ...(spec.signal ? { signal: spec.signal } : {}),
  });
  if (!result.ok) return null;
  const chain = presentedChain(result.socket.getPeerCertificate(true));
  result.socket.destroy();
  const leaf = chain[0];
  if (!leaf || keyTypeOf(leaf) !== keyType) return null;
  return {
    keyType,
    via: 'handshake',
    suite: result.info.cipher.standardName || result.info.cipher.name,
    report: verifyChain(
      chain,
      buildTrustStore([...ctx.caPems], { caOnly: ctx.caOnly === true }),
      ctx.verifyName,
      new Date(),
    ),
  };
}
