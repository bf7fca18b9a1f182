// Key-exchange groups learnt from the cipher-suite elimination's own hellos, so that they cost
// almost no connection of their own. Every chain hello lists the groups not yet decided; the
// answer names the group the server took — TLS 1.3 in a HelloRetryRequest asked for by an empty
// key_share (RFC 8446 §4.1.4, §4.2.8), TLS 1.2 in the ServerKeyExchange (RFC 8422 §5.4) — and
// that group is accepted and left out of the next hello. A "settle" hello (suites known to be
// accepted, the undecided groups alone) decides what the chain hellos cannot: it names one more
// group, or its refusal shows that none of the undecided ones is accepted.
//
// Two ways to list them. `withKnown: false` (TLS 1.3, one chain): only the undecided groups, so
// each chain hello can teach one; a refusal may then be the groups' doing, and is settled before
// it counts. `withKnown: true` (TLS 1.2, several chains): the accepted ones after them, so no
// refusal is ever the groups' doing; a pick among the accepted ones prompts a settle.
import type { ClientHelloOptions } from '../tlswire/index.js';
import { stopOf } from './stop.js';
import type { PickRecord } from './order-evidence.js';
import type { PoolOutcome, ProbePool } from './pool.js';
import type { Inconclusive } from './types.js';

export interface GroupLearnerOptions {
  readonly what: string;
  /** Every group to decide, most likely first. */
  readonly all: readonly number[];
  readonly withKnown: boolean;
  /** The group an answer shows, or null. */
  readonly read: (o: PoolOutcome) => number | null;
  /** Whether an accepted suite needs a group, so that it can carry a settle hello. */
  readonly needsGroup: (suite: number) => boolean;
  /** A hello offering `suites` (accepted ones) and only `groups`. */
  readonly settleHello: (
    suites: readonly number[],
    groups: readonly number[],
  ) => ClientHelloOptions;
  /** Overrides of a chain hello that lists `groups`; null: the version's usual extensions. */
  readonly over: (groups: readonly number[] | null) => Partial<ClientHelloOptions>;
}

/**
 * What one chain hello listed: `list` in offer order, of which the first `open` were undecided
 * when it was sent; null when it listed every group as usual.
 */
export type GroupOffer = { readonly list: readonly number[]; readonly open: number } | null;

export class GroupLearner {
  readonly accepted: number[] = [];
  readonly dead = new Set<number>();
  readonly records: PickRecord[] = [];
  stop: Inconclusive | null = null;
  helloRetry = false;
  private readonly suites: number[] = [];
  private inflight: Promise<void> | null = null;
  private suitePick: ((r: PickRecord) => void) | null = null;

  constructor(
    private readonly pool: ProbePool,
    readonly o: GroupLearnerOptions,
  ) {}

  /** Settle hellos offer accepted suites newest first: their picks tell the suite order too. */
  onSuitePick(f: (r: PickRecord) => void): void {
    this.suitePick = f;
  }

  undecided(): number[] {
    return this.o.all.filter((g) => !this.accepted.includes(g) && !this.dead.has(g));
  }

  /** The groups the next chain hello lists (null: all of them, as usual). */
  offer(): GroupOffer {
    const open = this.undecided();
    if (open.length === 0 || this.stop) return null;
    if (!this.o.withKnown) return { list: open, open: open.length };
    return { list: [...open, ...this.accepted], open: open.length };
  }

  overFor(offer: GroupOffer): Partial<ClientHelloOptions> {
    return this.o.over(offer ? offer.list : null);
  }

  /**
   * An answered chain hello: the suite it took, and the group if the answer shows one. `known`:
   * the group was accepted before, though undecided ones were listed (withKnown) — the chain
   * then calls settle(), since a server choosing by its own order may never take those there.
   */
  observe(offer: GroupOffer, out: PoolOutcome, suite: number): 'new' | 'known' | 'none' {
    if (out.kind !== 'hello') return 'none';
    this.helloRetry ||= out.hello.isHelloRetryRequest;
    if (this.o.needsGroup(suite) && !this.suites.includes(suite)) this.suites.push(suite);
    const g = this.o.read(out);
    if (g === null) return 'none';
    if (offer === null) {
      // The usual hello (one key share): the group is accepted, but the share steered the choice,
      // so it says nothing of the server's preference.
      if (this.accepted.includes(g) || this.dead.has(g)) return 'none';
      this.accepted.push(g);
      return 'new';
    }
    const at = offer.list.indexOf(g);
    if (at < 0) return 'none';
    this.records.push({ offered: offer.list, pick: g });
    if (at >= offer.open) {
      // Taken from the accepted tail over the undecided ones listed first.
      const open = this.undecided();
      return offer.list.slice(0, offer.open).some((x) => open.includes(x)) ? 'known' : 'none';
    }
    // Undecided when sent; another chain's answer may have accepted it since.
    if (!this.accepted.includes(g)) this.accepted.push(g);
    return 'new';
  }

  /**
   * A chain hello listing `offer` was refused: whether that may be the groups' doing (then the
   * chain asks again with every group). Listing all groups, or an accepted one, it is not.
   */
  async refusedByGroups(offer: GroupOffer): Promise<boolean> {
    for (let i = 0; i <= this.o.all.length; i++) {
      if (offer === null || offer.list.length === this.o.all.length) return false;
      if (offer.list.some((g) => this.accepted.includes(g))) return false;
      if (offer.list.every((g) => this.dead.has(g)) || this.stop || this.suites.length === 0)
        return true;
      await this.settle();
    }
    return true;
  }

  /** One settle hello at a time; callers that arrive meanwhile wait for it and look again. */
  settle(): Promise<void> {
    this.inflight ??= this.settleOnce().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private async settleOnce(): Promise<void> {
    const open = this.undecided();
    if (open.length === 0 || this.stop || this.suites.length === 0) return;
    const suites = [...this.suites].reverse().slice(0, 8);
    const out = await this.pool.run(this.o.settleHello(suites, open));
    if (out.kind === 'refused') {
      for (const g of open) this.dead.add(g);
      return;
    }
    if (out.kind !== 'hello') {
      this.stop = stopOf(this.o.what, out);
      return;
    }
    this.helloRetry ||= out.hello.isHelloRetryRequest;
    if (suites.includes(out.hello.cipherSuite))
      this.suitePick?.({ offered: suites, pick: out.hello.cipherSuite });
    const g = this.o.read(out);
    if (g === null || !open.includes(g)) {
      const detail = g === null ? 'no group in the answer' : `picked group ${g}, not offered`;
      this.stop = { what: this.o.what, why: 'error', detail };
      return;
    }
    this.records.push({ offered: open, pick: g });
    if (!this.accepted.includes(g)) this.accepted.push(g);
  }

  /** Once the chains are done: settle what is left, one group per hello. */
  async finish(): Promise<void> {
    for (let i = 0; i <= this.o.all.length; i++) {
      if (this.undecided().length === 0 || this.stop || this.suites.length === 0) return;
      await this.settle();
    }
  }
}
