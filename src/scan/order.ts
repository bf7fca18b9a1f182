// Whether the server enforces its own cipher order (OpenSSL's SSL_OP_CIPHER_SERVER_PREFERENCE,
// Postfix tls_preempt_cipherlist), and that order. Test: offer the accepted suites reversed; a
// server that follows the client takes the first offered. The elimination chains already hold
// the server's order within each chain; when it enforces one, the chains are merged by offering
// their heads together (the pick is the next suite of the whole order).
import { cipherSuite } from '../tlswire/index.js';
import { helloFor, MAX_SUITES_PER_HELLO, type OfferContext } from './offers.js';
import type { ProbePool } from './pool.js';
import { stopOf, type VersionResult } from './eliminate.js';
import type { Inconclusive, ServerOrderResult } from './types.js';

const nameOf = (code: number): string => cipherSuite(code)?.name ?? `0x${code.toString(16)}`;

export interface OrderOutcome {
  readonly order: ServerOrderResult;
  readonly stop: Inconclusive | null;
  /** The suites in the server's order when enforced (codes), else the order found. */
  readonly codes: readonly number[];
}

export async function serverOrder(
  pool: ProbePool,
  v: VersionResult,
  ctx: OfferContext,
): Promise<OrderOutcome | null> {
  const all = v.chains.flat().map((a) => a.code);
  if (all.length < 2) return null;
  // A chain that picked against the offer order proves the server has its own: no probe needed.
  const contradicts = v.chains.some(
    (c, i) =>
      !inOfferOrder(
        c.map((a) => a.code),
        v.offered[i] ?? [],
      ),
  );
  const what = `${v.version} server order`;
  const pick = async (codes: number[]): Promise<number | Inconclusive> => {
    const out = await pool.run(helloFor(v.version, codes, ctx));
    if (out.kind === 'hello') return out.hello.cipherSuite;
    return stopOf(what, out) ?? { what, why: 'error', detail: 'refused a set it had accepted' };
  };
  const undecided = (stop: Inconclusive): OrderOutcome => ({
    order: { enforced: null, order: [] },
    stop,
    codes: all,
  });
  // The longest chain goes first in the reversed offer: an order-enforcing server's favourite
  // heads its chain, so it can only sit first in the reversal if that chain has one suite.
  const byLength = [...v.chains].sort((x, y) => y.length - x.length);
  const reversed = byLength
    .flatMap((c) => [...c].reverse().map((a) => a.code))
    .slice(0, MAX_SUITES_PER_HELLO);
  let enforced = contradicts;
  let a: number | Inconclusive = -1;
  if (!enforced) {
    a = await pick(reversed);
    if (typeof a !== 'number') return undecided(a);
    enforced = a !== reversed[0];
  }
  const longest = byLength[0]?.length ?? 0;
  if (!enforced && longest < 2 && typeof a === 'number') {
    // The first of the reversed list may also be the server's favourite: move it last and ask again.
    const b = await pick([...reversed.slice(1), a]);
    if (typeof b !== 'number') return undecided(b);
    enforced = b === a;
  }
  if (!enforced) return { order: { enforced: false, order: [] }, stop: null, codes: all };
  const merged = await mergeChains(
    v.chains.map((c) => c.map((x) => x.code)),
    pick,
  );
  return {
    order: { enforced: true, order: merged.order.map(nameOf) },
    stop: merged.stop,
    codes: merged.order,
  };
}

/** k-way merge of lists each in the server's order, one hello per step until one list is left. */
/** Whether `picked` keeps the relative order of `offered`. */
export function inOfferOrder(picked: readonly number[], offered: readonly number[]): boolean {
  const at = picked.map((c) => offered.indexOf(c));
  return at.every((x, i) => i === 0 || x > (at[i - 1] as number));
}

async function mergeChains(
  lists: number[][],
  pick: (codes: number[]) => Promise<number | Inconclusive>,
): Promise<{ order: number[]; stop: Inconclusive | null }> {
  const queues = lists.filter((l) => l.length > 0).map((l) => [...l]);
  const order: number[] = [];
  while (queues.length > 1) {
    const heads = queues.map((q) => q[0] as number);
    const got = await pick(heads);
    if (typeof got !== 'number') return { order: [...order, ...queues.flat()], stop: got };
    const q = queues.find((x) => x[0] === got);
    if (!q) return { order: [...order, ...queues.flat()], stop: null };
    order.push(got);
    q.shift();
    if (q.length === 0) queues.splice(queues.indexOf(q), 1);
  }
  return { order: [...order, ...(queues[0] ?? [])], stop: null };
}
