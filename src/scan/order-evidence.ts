// What the answered hellos already tell about a server's choice: whether it takes the client's
// first acceptable offer (OpenSSL's default) or its own favourite (SSL_OP_CIPHER_SERVER_PREFERENCE,
// Postfix tls_preempt_cipherlist), and as much of its own order as they show. The same reasoning
// serves cipher suites and groups. Pure: records in, a decision out.

/** One answered hello: what was offered, in offer order, and what the server took. */
export interface PickRecord {
  readonly offered: readonly number[];
  readonly pick: number;
}

export type OrderEvidence = 'client' | 'server' | 'unknown';

/** "a was taken while b was on offer", as one number (codes are 16 bits). */
const beat = (a: number, b: number): number => a * 0x10000 + b;

/**
 * `server`: some pick was not the first acceptable offer, so the client's order was not followed.
 * `client`: two picks contradict every fixed order (a was taken over b, and later b over a).
 * Otherwise the hellos cannot tell; a server breaking both models is left `unknown`.
 */
export function orderEvidence(
  records: readonly PickRecord[],
  accepted: ReadonlySet<number>,
): OrderEvidence {
  let notClient = false;
  const beats = new Set<number>();
  let cycle = false;
  for (const r of records) {
    const first = r.offered.find((c) => accepted.has(c));
    if (first !== undefined && first !== r.pick) notClient = true;
    for (const c of r.offered) {
      if (c === r.pick || !accepted.has(c)) continue;
      if (beats.has(beat(c, r.pick))) cycle = true;
      beats.add(beat(r.pick, c));
    }
  }
  if (notClient && cycle) return 'unknown';
  if (notClient) return 'server';
  return cycle ? 'client' : 'unknown';
}

/** Every "a was taken while b was on offer" the records show. */
function beatsOf(records: readonly PickRecord[]): Set<number> {
  const out = new Set<number>();
  for (const r of records) for (const c of r.offered) if (c !== r.pick) out.add(beat(r.pick, c));
  return out;
}

/**
 * The server's own order of `accepted`, asking only where the records leave a choice open: the
 * next suite is the one no other remaining suite is known to beat; where several are, hellos
 * offering them (at most `maxOffer` at a time, the winner carried on) say which. For chains that
 * each kept the server's order this is a k-way merge, one hello per step. `ask` returns the
 * pick, or null when the hello failed.
 */
export async function ownOrder(
  accepted: readonly number[],
  records: readonly PickRecord[],
  ask: (offer: number[]) => Promise<number | null>,
  maxOffer: number,
): Promise<{ order: number[]; complete: boolean }> {
  const beats = beatsOf(records);
  const remaining = [...accepted];
  const order: number[] = [];
  while (remaining.length > 0) {
    const top = remaining.filter((a) => !remaining.some((b) => b !== a && beats.has(beat(b, a))));
    const open = top.length > 0 ? top : remaining;
    let winner = open.length === 1 ? open[0] : undefined;
    for (let i = 0; open.length > 1 && i < open.length;) {
      const room = winner === undefined ? maxOffer : maxOffer - 1;
      const offer = [...(winner === undefined ? [] : [winner]), ...open.slice(i, i + room)];
      i += room;
      const got = await ask(offer);
      if (got === null || !offer.includes(got))
        return { order: [...order, ...remaining], complete: false };
      for (const c of offer) if (c !== got) beats.add(beat(got, c));
      winner = got;
    }
    if (winner === undefined) break;
    order.push(winner);
    remaining.splice(remaining.indexOf(winner), 1);
  }
  return { order, complete: true };
}
