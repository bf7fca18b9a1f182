// CPU work the TLS steps need, done while the STARTTLS round trip is in flight (the network is
// the wait; the CPU is idle). Measured at 50 ms RTT (issue #5): compiling Node's IPv6 pattern,
// which tls.connect runs on the SNI name, cost 8 ms; the TLS context 3 ms; parsing the
// --ca-file roots 1–2 ms, the system roots ~20 ms. All of it sat between the 220 to STARTTLS
// and the ClientHello, or between the handshake and the EHLO inside TLS.
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { SecureContext } from 'node:tls';
import { sniFor } from '../tls/sni.js';
import { buildTrustStore, loadSystemAnchors } from '../tls/trust-store.js';
import type { TrustStore } from '../tls/trust-store.js';
import type { ProbeOptions } from './types.js';

export interface TlsPrewarm {
  secureContext: SecureContext;
  trustStore: TrustStore;
}

/**
 * The context the handshake uses: no CA list (we verify the chain ourselves, and an empty list
 * keeps OpenSSL from appending store certificates to what the server sent).
 */
export function clientContext(options: ProbeOptions): SecureContext {
  return createSecureContext({
    ca: [],
    ...(options.minTlsVersion ? { minVersion: options.minTlsVersion } : {}),
    ...(options.maxTlsVersion ? { maxVersion: options.maxTlsVersion } : {}),
  });
}

export function prewarmTls(options: ProbeOptions): TlsPrewarm {
  const sni = sniFor(options);
  if (sni) isIP(sni); // tls.connect asks the same of its servername: compile the pattern now
  const caPems = options.caPems ?? [];
  if (caPems.length === 0) loadSystemAnchors();
  return { secureContext: clientContext(options), trustStore: buildTrustStore(caPems) };
}
