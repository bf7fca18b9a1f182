// Cipher suites by elimination: offer the untested suites of a version, note the one the server
// picks, take it out, offer the rest again, until the server refuses. Hellos carry at most 64
// suites (offers.ts); a few chains run side by side, each with a window of at most 64 that is
// refilled from the version's untested suites as picks empty it, so the refusals are about the
// fewest the 64-suite cap allows: a version costs its accepted suites plus one refusal per 64
// unaccepted ones (and a version the server does not speak costs one connection: RFC 8446 §6.2
// protocol_version, or a ServerHello for another version). The same hellos teach the groups
// (group-learner.ts) and, with one accepted suite put back at the end of a later hello, whether
// the server follows the client's order (order-evidence.ts).
import { type ClientHelloOptions, cipherSuite, TLS13 } from '../tlswire/index.js';
import type { GroupLearner, GroupOffer } from './group-learner.js';
import {
  candidates,
  chainCount,
  deal,
  helloFor,
  MAX_SUITES_PER_HELLO,
  type OfferContext,
  versionCode,
} from './offers.js';
import { orderEvidence, type PickRecord } from './order-evidence.js';
import type { PoolOutcome, ProbePool } from './pool.js';
import { stopOf } from './stop.js';
import type { HelloOutcome, Inconclusive, KeyExchangeSeen, ScanVersion } from './types.js';

/** alert protocol_version (RFC 8446 §6.2, RFC 5246 §7.2.2). */
const PROTOCOL_VERSION = 70;

export interface Accepted {
  readonly code: number;
  readonly keyExchange: KeyExchangeSeen;
}

type Hello = Extract<HelloOutcome, { kind: 'hello' }>;

export interface VersionResult {
  readonly version: ScanVersion;
  /** In the order they were picked. */
  readonly accepted: readonly Accepted[];
  /** Every answered hello of the version, for the server-order decision. */
  readonly records: readonly PickRecord[];
  readonly supported: boolean | null;
  readonly complete: boolean;
  readonly stops: readonly Inconclusive[];
  /** Every hello answered with a ServerHello, for certificates and key exchange. */
  readonly hellos: readonly Hello[];
}

interface Chain {
  window: number[];
  last: number | null;
  picks: number;
}

type ChainEnd = 'done' | 'version-refused' | 'stopped';

class VersionRun {
  readonly accepted: Accepted[] = [];
  readonly records: PickRecord[] = [];
  readonly hellos: Hello[] = [];
  readonly stops: Inconclusive[] = [];
  private putBackOut = false;
  private orderSeen = false;

  constructor(
    private readonly pool: ProbePool,
    readonly version: ScanVersion,
    private readonly ctx: OfferContext,
    private readonly rest: number[],
    readonly learner: GroupLearner | null,
    private readonly onAccepted?: (code: number) => void,
  ) {}

  /** A settle hello of the group learner also picked a suite: one more record for the order. */
  note(r: PickRecord): void {
    this.records.push(r);
  }

  private refill(c: Chain): void {
    while (c.window.length < MAX_SUITES_PER_HELLO && this.rest.length > 0)
      c.window.push(this.rest.shift() as number);
  }

  /**
   * Put the chain's last pick back at the end of its next hello while the order is undecided: a
   * server that follows the client takes another suite first (it was taken over this one before,
   * so no fixed order explains both); one with its own order takes it again. Only after two
   * picks, so that the window has shown it holds more than one.
   */
  private putBackFor(c: Chain): number | null {
    if (this.orderSeen || this.putBackOut || c.last === null || c.picks < 2) return null;
    if (c.window.length === 0) return null;
    // Once the records decide it, put-backs are over: serverOrder() decides from all of them.
    const codes = new Set(this.accepted.map((a) => a.code));
    this.orderSeen = orderEvidence(this.records, codes) !== 'unknown';
    return this.orderSeen ? null : c.last;
  }

  private hello(offered: readonly number[], groups: GroupOffer): ClientHelloOptions {
    const over = this.learner ? this.learner.overFor(groups) : {};
    return helloFor(this.version, offered, this.ctx, over);
  }

  async chain(c: Chain, onFirst?: (o: PoolOutcome) => void): Promise<ChainEnd> {
    const want = versionCode(this.version);
    let usual = false;
    let first = onFirst;
    // Each round picks a suite, empties the window or ends; a put-back round that picks its
    // suite again is followed by one that does not put back. Bounded all the same.
    for (let round = 0; round < 4 * MAX_SUITES_PER_HELLO * 8; round++) {
      if (c.window.length === 0) this.refill(c);
      if (c.window.length === 0) return 'done';
      const back = first ? null : this.putBackFor(c);
      const groups = usual || !this.learner || first ? null : this.learner.offer();
      const offered = back === null ? [...c.window] : [...c.window, back];
      if (back !== null) this.putBackOut = true;
      const out = await this.pool.run(this.hello(offered, groups));
      if (back !== null) this.putBackOut = false;
      first?.(out);
      first = undefined;
      if (out.kind === 'refused') {
        if (out.alert?.description === PROTOCOL_VERSION) return 'version-refused';
        if (!usual && this.learner && (await this.learner.refusedByGroups(groups))) {
          usual = true;
          continue;
        }
        usual = false;
        c.window = [];
        continue;
      }
      if (out.kind !== 'hello') {
        const stop = stopOf(this.version, out);
        if (stop) this.stops.push(stop);
        return 'stopped';
      }
      usual = false;
      const h = out.hello;
      const got = h.isHelloRetryRequest || h.selectedVersion === TLS13 ? TLS13 : h.selectedVersion;
      if (got !== want) return 'version-refused';
      const code = h.cipherSuite;
      this.records.push({ offered, pick: code });
      if (this.learner) {
        if (this.learner.observe(groups, out, code) === 'known') await this.learner.settle();
      }
      if (code === back) {
        c.picks = 0;
        continue;
      }
      const at = c.window.indexOf(code);
      if (at < 0) {
        // RFC 5246 §7.4.1.3: the suite MUST be one the client offered. A server that breaks this
        // cannot be scanned by elimination.
        const name = cipherSuite(code)?.name ?? code.toString(16);
        this.stops.push({
          what: this.version,
          why: 'error',
          detail: `the server picked ${name}, which was not offered`,
        });
        return 'stopped';
      }
      c.window.splice(at, 1);
      this.refill(c);
      this.hellos.push(out);
      this.accepted.push({ code, keyExchange: out.keyExchange });
      c.last = code;
      c.picks += 1;
      this.onAccepted?.(code);
    }
    return 'stopped';
  }
}

/**
 * One version: the first hello alone (so a version the server does not speak costs one
 * connection), then the other chains side by side; the group learner finishes after them.
 */
export async function scanVersion(
  pool: ProbePool,
  version: ScanVersion,
  ctx: OfferContext,
  learner: GroupLearner | null,
  onHead?: (o: PoolOutcome) => void,
  onAccepted?: (code: number) => void,
): Promise<VersionResult> {
  const all = candidates(version);
  const { windows, rest } = deal(all, chainCount(all.length));
  const run = new VersionRun(pool, version, ctx, [...rest], learner, onAccepted);
  learner?.onSuitePick((r) => run.note(r));
  const chains: Chain[] = windows.map((window) => ({ window, last: null, picks: 0 }));
  let headSeen!: (o: PoolOutcome | null) => void;
  const headP = new Promise<PoolOutcome | null>((resolve) => (headSeen = resolve));
  const end0 = run.chain(chains[0] as Chain, headSeen).finally(() => headSeen(null));
  const head = await headP;
  if (head) onHead?.(head);
  const others =
    head !== null &&
    !versionRefusedBy(version, head) &&
    (head.kind === 'hello' || head.kind === 'refused');
  const ends = await Promise.all([
    end0,
    ...chains.slice(1).map((c) => (others ? run.chain(c) : Promise.resolve<ChainEnd>('done'))),
  ]);
  if (ends[0] !== 'version-refused' && ends.every((e) => e !== 'stopped')) await learner?.finish();
  const refused = ends[0] === 'version-refused' && run.accepted.length === 0;
  const complete =
    refused || (ends.every((e) => e !== 'stopped') && run.stops.length === 0 && others);
  return {
    version,
    accepted: run.accepted,
    records: run.records,
    supported: run.accepted.length > 0 ? true : complete ? false : null,
    complete,
    stops: run.stops,
    hellos: run.hellos,
  };
}

/** The first answer says the server does not speak this version at all. */
function versionRefusedBy(version: ScanVersion, o: PoolOutcome): boolean {
  if (o.kind === 'refused') return o.alert?.description === PROTOCOL_VERSION;
  if (o.kind !== 'hello') return false;
  const h = o.hello;
  return (
    !h.isHelloRetryRequest &&
    h.selectedVersion !== versionCode(version) &&
    !(version === 'TLSv1.3' && h.selectedVersion === TLS13)
  );
}
