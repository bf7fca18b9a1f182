// Cipher suites by elimination: offer every untested suite of a version, note the one the server
// picks, take it out, offer the rest again, until the server refuses. A version costs its accepted
// suites plus one refusal per hello of at most 64 (offers.ts), and a version the server does not
// speak costs one connection (RFC 8446 §6.2 protocol_version, or a ServerHello for another one).
import { type ClientHelloOptions, cipherSuite, TLS13 } from '../tlswire/index.js';
import { candidates, chunks, helloFor, type OfferContext, versionCode } from './offers.js';
import type { PoolOutcome, ProbePool } from './pool.js';
import type { HelloOutcome, Inconclusive, KeyExchangeSeen, ScanVersion } from './types.js';

/** alert protocol_version (RFC 8446 §6.2, RFC 5246 §7.2.2). */
const PROTOCOL_VERSION = 70;

export interface Accepted {
  readonly code: number;
  readonly keyExchange: KeyExchangeSeen;
}

export interface ChainResult {
  /** In the order the server picked them. */
  readonly accepted: Accepted[];
  /** true: ended by a refusal (the set is exact); false: throttled, budget or error. */
  readonly complete: boolean;
  readonly versionRefused: boolean;
  readonly stop: Inconclusive | null;
}

export interface VersionResult {
  readonly version: ScanVersion;
  /** One list per hello chain, each in the server's picking order. */
  readonly chains: readonly Accepted[][];
  /** What each chain offered, in offer order (to tell the server's order from the client's). */
  readonly offered: readonly (readonly number[])[];
  readonly supported: boolean | null;
  readonly complete: boolean;
  readonly stops: readonly Inconclusive[];
  /** Every hello answered with a ServerHello, for certificates and key exchange. */
  readonly hellos: readonly Extract<HelloOutcome, { kind: 'hello' }>[];
}

export function stopOf(what: string, o: PoolOutcome): Inconclusive | null {
  switch (o.kind) {
    case 'budget':
      return { what, why: 'budget', detail: 'connection budget spent (--budget)' };
    case 'throttled':
      return { what, why: 'throttled', detail: `${o.why}: ${o.detail}` };
    case 'error':
      return { what, why: 'error', detail: o.detail, ...(o.code ? { code: o.code } : {}) };
    case 'hello':
    case 'refused':
      return null;
  }
}

type Hello = Extract<HelloOutcome, { kind: 'hello' }>;

/** Runs one elimination chain over `suites`, with `build` making each hello. */
export async function eliminate(
  pool: ProbePool,
  version: ScanVersion,
  suites: readonly number[],
  build: (remaining: readonly number[]) => ClientHelloOptions,
  seen: Hello[],
  head?: PoolOutcome,
  onAccepted?: (code: number) => void,
): Promise<ChainResult> {
  const want = versionCode(version);
  const remaining = [...suites];
  const accepted: Accepted[] = [];
  let pending = head;
  while (remaining.length > 0) {
    const out = pending ?? (await pool.run(build(remaining)));
    pending = undefined;
    if (out.kind === 'refused') {
      const versionRefused = out.alert?.description === PROTOCOL_VERSION;
      return { accepted, complete: true, versionRefused, stop: null };
    }
    if (out.kind !== 'hello') {
      return { accepted, complete: false, versionRefused: false, stop: stopOf(version, out) };
    }
    const h = out.hello;
    const got = h.isHelloRetryRequest || h.selectedVersion === TLS13 ? TLS13 : h.selectedVersion;
    if (got !== want) return { accepted, complete: true, versionRefused: true, stop: null };
    const at = remaining.indexOf(h.cipherSuite);
    if (at < 0) {
      // RFC 5246 §7.4.1.3: the suite MUST be one the client offered. A server that breaks this
      // cannot be scanned by elimination.
      const name = cipherSuite(h.cipherSuite)?.name ?? h.cipherSuite.toString(16);
      const detail = `the server picked ${name}, which was not offered`;
      return {
        accepted,
        complete: false,
        versionRefused: false,
        stop: { what: version, why: 'error', detail },
      };
    }
    seen.push(out);
    remaining.splice(at, 1);
    accepted.push({ code: h.cipherSuite, keyExchange: out.keyExchange });
    onAccepted?.(h.cipherSuite);
  }
  return { accepted, complete: true, versionRefused: false, stop: null };
}

/**
 * One version: the first hello alone (so a version the server does not speak costs one
 * connection), then the other chains side by side.
 */
export async function scanVersion(
  pool: ProbePool,
  version: ScanVersion,
  ctx: OfferContext,
  onHead?: (o: PoolOutcome) => void,
  onAccepted?: (code: number) => void,
): Promise<VersionResult> {
  const parts = chunks(candidates(version));
  const build = (remaining: readonly number[]): ClientHelloOptions =>
    helloFor(version, remaining, ctx);
  const hellos: Hello[] = [];
  const head = await pool.run(build(parts[0] ?? []));
  onHead?.(head);
  const refusedVersion =
    (head.kind === 'refused' && head.alert?.description === PROTOCOL_VERSION) ||
    (head.kind === 'hello' &&
      !head.hello.isHelloRetryRequest &&
      head.hello.selectedVersion !== versionCode(version) &&
      !(version === 'TLSv1.3' && head.hello.selectedVersion === TLS13));
  const stopped = head.kind === 'budget' || head.kind === 'throttled' || head.kind === 'error';
  const all = await Promise.all(
    parts.map((p, i) =>
      i === 0
        ? eliminate(pool, version, p, build, hellos, head, onAccepted)
        : refusedVersion || stopped
          ? null
          : eliminate(pool, version, p, build, hellos, undefined, onAccepted),
    ),
  ).then((r) => r.filter((c): c is ChainResult => c !== null));
  const first = all[0] as ChainResult;
  const chains = all.map((c) => c.accepted);
  const stops = all.flatMap((c) => (c.stop ? [c.stop] : []));
  const any = chains.some((c) => c.length > 0);
  const complete =
    (all.every((c) => c.complete) && all.length === parts.length) || first.versionRefused;
  return {
    version,
    chains,
    offered: parts.slice(0, all.length),
    supported: any ? true : first.versionRefused || complete ? false : null,
    complete,
    stops,
    hellos,
  };
}
