// Whether the server enforces its own cipher order (OpenSSL's SSL_OP_CIPHER_SERVER_PREFERENCE,
// Postfix tls_preempt_cipherlist), and that order. The elimination's hellos usually decide it
// already (order-evidence.ts); if not, offer the accepted suites newest pick first: a server that
// follows the client takes the first, which it passed over before. When it enforces an order,
// the records give most of it and a few hellos the rest (ownOrder).
import { cipherSuite } from '../tlswire/index.js';
import { helloFor, MAX_SUITES_PER_HELLO, type OfferContext } from './offers.js';
import { orderEvidence, ownOrder, type PickRecord } from './order-evidence.js';
import type { ProbePool } from './pool.js';
import type { VersionResult } from './eliminate.js';
import { stopOf } from './stop.js';
import type { Inconclusive, ServerOrderResult } from './types.js';

const nameOf = (code: number): string => cipherSuite(code)?.name ?? `0x${code.toString(16)}`;

export interface OrderOutcome {
  readonly order: ServerOrderResult;
  readonly stop: Inconclusive | null;
  /** The suites in the server's order when enforced (codes), else in picking order. */
  readonly codes: readonly number[];
}

export async function serverOrder(
  pool: ProbePool,
  v: VersionResult,
  ctx: OfferContext,
): Promise<OrderOutcome | null> {
  const all = v.accepted.map((a) => a.code);
  if (all.length < 2) return null;
  const what = `${v.version} server order`;
  let stop: Inconclusive | null = null;
  const ask = async (offer: number[]): Promise<number | null> => {
    const out = await pool.run(helloFor(v.version, offer, ctx));
    if (out.kind === 'hello') return out.hello.cipherSuite;
    stop = stopOf(what, out) ?? { what, why: 'error', detail: 'refused a set it had accepted' };
    return null;
  };
  const records: PickRecord[] = [...v.records];
  const accepted = new Set(all);
  let evidence = orderEvidence(records, accepted);
  // Newest pick first; if that one is also the server's favourite, move it last and ask again.
  let offer = [...all].reverse().slice(0, MAX_SUITES_PER_HELLO);
  for (let i = 0; evidence === 'unknown' && i < 2; i++) {
    const pick = await ask(offer);
    if (pick === null) return { order: { enforced: null, order: [] }, stop, codes: all };
    records.push({ offered: offer, pick });
    evidence = orderEvidence(records, accepted);
    offer = [...offer.filter((c) => c !== pick), pick];
  }
  if (evidence !== 'server')
    return {
      order: { enforced: evidence === 'client' ? false : null, order: [] },
      stop: null,
      codes: all,
    };
  const own = await ownOrder(all, records, ask, MAX_SUITES_PER_HELLO);
  return {
    order: { enforced: true, order: own.order.map(nameOf) },
    stop: own.complete ? null : stop,
    codes: own.order,
  };
}
