// Replays each sender profile's ClientHello (one connection each) and says what it would get.
import { cipherSuite, groupName, TLS13, versionName } from '../tlswire/index.js';
import type { ClientHelloOptions } from '../tlswire/index.js';
import { ALL_SIGNATURE_SCHEMES } from './offers.js';
import type { ProbePool } from './pool.js';
import { SENDER_PROFILES, type SenderProfile } from './sender-profiles.js';
import type { SenderResult } from './types.js';

export function senderHello(p: SenderProfile, sni: string | null): ClientHelloOptions {
  const top = p.versions[0] ?? TLS13;
  const tls13 = top === TLS13;
  return {
    version: tls13 ? 0x0303 : top,
    ...(tls13 ? { supportedVersions: p.versions } : {}),
    cipherSuites: p.suites,
    groups: p.groups,
    ecPointFormats: true,
    keyShares: tls13 && p.keyShare !== null ? [{ group: p.keyShare }] : [],
    signatureAlgorithms: top >= 0x0303 ? ALL_SIGNATURE_SCHEMES.slice(0, 16) : [],
    ...(sni ? { sni } : {}),
  };
}

export async function replaySenders(pool: ProbePool, sni: string | null): Promise<SenderResult[]> {
  return Promise.all(
    SENDER_PROFILES.map(async (p): Promise<SenderResult> => {
      const out = await pool.run(senderHello(p, sni));
      const base = { id: p.id, protocol: null, cipher: null, group: null };
      switch (out.kind) {
        case 'hello': {
          const h = out.hello;
          const group =
            h.keyShareGroup !== null
              ? groupName(h.keyShareGroup) +
                (h.isHelloRetryRequest ? ' (after HelloRetryRequest)' : '')
              : out.keyExchange?.kind === 'ecdhe'
                ? groupName(out.keyExchange.group)
                : out.keyExchange?.kind === 'dhe'
                  ? `DH ${out.keyExchange.pBits} bits`
                  : null;
          const suite = cipherSuite(h.cipherSuite);
          return {
            ...base,
            protocol: versionName(h.isHelloRetryRequest ? TLS13 : h.selectedVersion),
            cipher: suite?.name ?? `0x${h.cipherSuite.toString(16)}`,
            group,
            failure: null,
          };
        }
        case 'refused':
          return { ...base, failure: out.alert ? `alert ${out.alert.descriptionName}` : 'closed' };
        case 'throttled':
          return { ...base, failure: 'inconclusive: throttled' };
        case 'budget':
          return { ...base, failure: 'inconclusive: budget' };
        case 'error':
          return { ...base, failure: `error: ${out.detail}` };
      }
    }),
  );
}
