// CPU work the TLS steps need, done while the STARTTLS round trip (or, for implicit TLS, the TCP
// connect) is in flight: the network is the wait, the CPU is idle. Measured at 50 ms RTT (issue #5): compiling Node's IPv6 pattern,
// which tls.connect runs on the SNI name, cost 8 ms; the TLS context 3 ms; parsing the
// --ca-file roots 1–2 ms, the system roots ~20 ms. All of it sat between the 220 to STARTTLS
// and the ClientHello, or between the handshake and the EHLO inside TLS.
import { isIP } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { SecureContext } from 'node:tls';
import { sniFor } from '../tls/sni.js';
import { isLegacy, offeredVersions } from '../tls/versions.js';
import { buildTrustStore, loadSystemAnchors } from '../tls/trust-store.js';
import type { TrustStore } from '../tls/trust-store.js';
import type { ProbeOptions } from '../model/probe-spec.js';
import { preloadLadder } from './handshake-xray.js';

export interface TlsPrewarm {
  secureContext: SecureContext;
  trustStore: TrustStore;
}

/**
 * The context the handshake uses: no CA list (we verify the chain ourselves, and an empty list
 * keeps OpenSSL from appending store certificates to what the server sent).
 *
 * By default the client offers what a current sender's OpenSSL offers, since the verdict says
 * what such a sender would do. Asked for TLS 1.0 or 1.1 (`--tls-min`/`--tls-max`), it must
 * really offer them. Two defaults stand in the way, and each failed on our side before a
 * ClientHello left: Node's lowest version is TLS 1.2 ("no protocols available" under
 * `--tls-max 1.1`), and OpenSSL 3's security level 1 forbids the SHA-1 signatures TLS < 1.2
 * needs. So the lowest version follows a legacy highest one down, at security level 0.
 */
export function clientContext(options: ProbeOptions): SecureContext {
  const { minTlsVersion: min, maxTlsVersion: max } = options;
  const limited = min !== undefined || max !== undefined;
  const range = offeredVersions(min, max);
  return createSecureContext({
    ca: [],
    ...(limited ? { minVersion: range.min, maxVersion: range.max } : {}),
    ...(isLegacy(range.min) ? { ciphers: 'DEFAULT:@SECLEVEL=0' } : {}),
  });
}

export function prewarmTls(options: ProbeOptions): TlsPrewarm {
  const sni = sniFor(options);
  // tls.connect asks the same of its servername: compile the pattern now, twice over (the
  // second call is V8's compile to machine code, another 0.9 ms the handshake would pay).
  if (sni) for (let i = 0; i < 2; i++) isIP(sni);
  const caPems = options.caPems ?? [];
  if (caPems.length === 0 && !options.caOnly) loadSystemAnchors();
  return {
    secureContext: clientContext(options),
    trustStore: buildTrustStore(caPems, { caOnly: options.caOnly === true }),
  };
}

/**
 * A wait still running after this long is on a link slow enough to hide the work (~4 ms) in
 * what is left of it. Shorter waits (a LAN) are never lengthened; only a wait of 10–14 ms can
 * be, by at most the work.
 */
const PREWARM_AFTER_MS = 10;

/**
 * Await `wait`, preparing the TLS steps meanwhile if it lasts. On a LAN the answer comes first
 * and the work is left to the engine (Probe), just before the TLS step's clock starts: done inside a
 * short wait it would outlast it and count as the server's time (loopback STARTTLS 5 ms, not
 * 0.7; implicit-TLS connect 6.4 ms, not 2.1).
 */
export async function warmWhile<T>(
  ctx: { prewarm: TlsPrewarm | null; options: ProbeOptions },
  wait: Promise<T>,
): Promise<T> {
  const timer = setTimeout(() => {
    ctx.prewarm ??= prewarmTls(ctx.options);
    void preloadLadder(); // the handshake X-ray's code, needed after the handshake
  }, PREWARM_AFTER_MS);
  try {
    return await wait;
  } finally {
    clearTimeout(timer);
  }
}
