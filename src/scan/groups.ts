// Key-exchange groups by elimination. TLS 1.3: list the untested groups in supported_groups with
// an empty key_share, so the server must answer with a HelloRetryRequest naming the group it
// wants (RFC 8446 §4.1.4, §4.2.8) — the group is learnt without a key exchange; remove it and
// repeat until the server refuses. TLS 1.2: offer only ECDHE suites and read the curve from the
// ServerKeyExchange (RFC 8422 §5.4). Each costs the accepted groups plus one connection.
import { type ClientHelloOptions, groupName, TLS13 } from '../tlswire/index.js';
import { ECDHE_GROUPS, helloFor, type OfferContext, TLS13_GROUPS } from './offers.js';
import type { ProbePool } from './pool.js';
import { stopOf } from './eliminate.js';
import type { Inconclusive } from './types.js';

export interface GroupScan {
  readonly accepted: number[];
  readonly stop: Inconclusive | null;
  /** TLS 1.3: the server answered an empty key_share with a HelloRetryRequest. */
  readonly hrr: boolean;
}

async function eliminateGroups(
  pool: ProbePool,
  what: string,
  all: readonly number[],
  build: (groups: readonly number[]) => ClientHelloOptions,
  groupOf: (o: Awaited<ReturnType<ProbePool['run']>>) => number | null,
): Promise<GroupScan> {
  const remaining = [...all];
  const accepted: number[] = [];
  let hrr = false;
  while (remaining.length > 0) {
    const out = await pool.run(build(remaining));
    if (out.kind === 'refused') break;
    if (out.kind !== 'hello') return { accepted, stop: stopOf(what, out), hrr };
    hrr ||= out.hello.isHelloRetryRequest;
    const g = groupOf(out);
    const at = g === null ? -1 : remaining.indexOf(g);
    if (g === null || at < 0) {
      const detail = g === null ? 'no group in the answer' : `picked ${groupName(g)}, not offered`;
      return { accepted, stop: { what, why: 'error', detail }, hrr };
    }
    accepted.push(g);
    remaining.splice(at, 1);
  }
  return { accepted, stop: null, hrr };
}

export function scanTls13Groups(
  pool: ProbePool,
  suites: readonly number[],
  ctx: OfferContext,
): Promise<GroupScan> {
  return eliminateGroups(
    pool,
    'TLSv1.3 groups',
    TLS13_GROUPS,
    (groups) => helloFor('TLSv1.3', suites, ctx, { groups, keyShares: [] }),
    (o) =>
      o.kind === 'hello' && (o.hello.selectedVersion === TLS13 || o.hello.isHelloRetryRequest)
        ? o.hello.keyShareGroup
        : null,
  );
}

export function scanEcdheGroups(
  pool: ProbePool,
  ecdheSuites: readonly number[],
  ctx: OfferContext,
): Promise<GroupScan> {
  return eliminateGroups(
    pool,
    'TLSv1.2 ECDHE groups',
    ECDHE_GROUPS,
    (groups) => helloFor('TLSv1.2', ecdheSuites.slice(0, 64), ctx, { groups }),
    (o) => (o.kind === 'hello' && o.keyExchange?.kind === 'ecdhe' ? o.keyExchange.group : null),
  );
}

/** Whether the TLS 1.3 server picks by its own preference: offer the accepted groups reversed. */
export async function groupPreference(
  pool: ProbePool,
  accepted: readonly number[],
  suites: readonly number[],
  ctx: OfferContext,
): Promise<boolean | null> {
  if (accepted.length < 2) return null;
  const reversed = [...accepted].reverse();
  const out = await pool.run(helloFor('TLSv1.3', suites, ctx, { groups: reversed, keyShares: [] }));
  if (out.kind !== 'hello' || out.hello.keyShareGroup === null) return null;
  return out.hello.keyShareGroup !== reversed[0];
}
