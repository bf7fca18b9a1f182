// The group learners of the two versions that negotiate groups in the hello (group-learner.ts),
// and the TLS 1.3 server's group preference. TLS 1.3: the chain hellos list the undecided groups
// with an empty key_share, so the server must answer with a HelloRetryRequest naming the group it
// wants (RFC 8446 §4.1.4, §4.2.8). TLS 1.2: the curve is read from the ServerKeyExchange of an
// ECDHE suite (RFC 8422 §5.4); ffdhe groups stay listed for DHE (RFC 7919).
import { cipherSuite, TLS13 } from '../tlswire/index.js';
import { GroupLearner } from './group-learner.js';
import { ECDHE_GROUPS, helloFor, type OfferContext, TLS12_GROUPS, TLS13_GROUPS } from './offers.js';
import { orderEvidence } from './order-evidence.js';
import type { ProbePool } from './pool.js';

export function tls13Learner(pool: ProbePool, ctx: OfferContext): GroupLearner {
  return new GroupLearner(pool, {
    what: 'TLSv1.3 groups',
    all: TLS13_GROUPS,
    withKnown: false,
    read: (o) =>
      o.kind === 'hello' && (o.hello.selectedVersion === TLS13 || o.hello.isHelloRetryRequest)
        ? o.hello.keyShareGroup
        : null,
    needsGroup: () => true,
    settleHello: (suites, groups) => helloFor('TLSv1.3', suites, ctx, { groups, keyShares: [] }),
    over: (groups) => (groups ? { groups, keyShares: [] } : {}),
  });
}

const FFDHE = TLS12_GROUPS.filter((g) => g >= 256);

export function tls12Learner(pool: ProbePool, ctx: OfferContext): GroupLearner {
  return new GroupLearner(pool, {
    what: 'TLSv1.2 ECDHE groups',
    all: ECDHE_GROUPS,
    withKnown: true,
    read: (o) =>
      o.kind === 'hello' && o.keyExchange?.kind === 'ecdhe' ? o.keyExchange.group : null,
    needsGroup: (suite) => cipherSuite(suite)?.keyExchange === 'ECDHE',
    settleHello: (suites, groups) =>
      helloFor('TLSv1.2', suites, ctx, { groups: [...groups, ...FFDHE] }),
    over: (groups) => (groups ? { groups: [...groups, ...FFDHE] } : {}),
  });
}

/**
 * Whether the TLS 1.3 server picks groups by its own preference: the learner's hellos usually
 * tell (order-evidence.ts); else one hello offering the accepted groups newest first.
 */
export async function groupPreference(
  pool: ProbePool,
  learner: GroupLearner,
  suites: readonly number[],
  ctx: OfferContext,
): Promise<boolean | null> {
  const accepted = new Set(learner.accepted);
  if (accepted.size < 2) return null;
  const records = [...learner.records];
  let evidence = orderEvidence(records, accepted);
  if (evidence === 'unknown' && suites.length > 0) {
    const offer = [...learner.accepted].reverse();
    const out = await pool.run(helloFor('TLSv1.3', suites, ctx, { groups: offer, keyShares: [] }));
    const g = out.kind === 'hello' ? out.hello.keyShareGroup : null;
    if (g === null) return null;
    records.push({ offered: offer, pick: g });
    evidence = orderEvidence(records, accepted);
  }
  return evidence === 'unknown' ? null : evidence === 'server';
}
