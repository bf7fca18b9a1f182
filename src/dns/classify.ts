// What a decoded reply means: the RCODE (RFC 1035 §4.1.1, extended by RFC 6891 §6.1.3), the
// CNAME chain (RFC 1034 §3.6.2, RFC 2181 §10.1), and NXDOMAIN versus NODATA (RFC 2308 §2).
import type { DecodedPacket } from 'dns-packet';
import { normalizeName } from './hosts.js';
import { convertAll } from './records.js';
import { LIMITS } from './types.js';
import type { DnsRecord, QueryResult } from './types.js';
import type { Question } from './wire.js';

/**
 * `follow`: the reply ended in an alias whose target it says nothing about (an authoritative
 * server outside the target's zone answers so); the resolver asks again for the target.
 */
export type Classified =
  | { kind: 'result'; result: QueryResult; ttl: number | undefined }
  | { kind: 'follow'; target: string; chain: string[]; ad: boolean };

const RCODE_NAMES: Record<number, string> = {
  0: 'NOERROR',
  1: 'FORMERR',
  2: 'SERVFAIL',
  3: 'NXDOMAIN',
  4: 'NOTIMP',
  5: 'REFUSED',
  16: 'BADVERS',
};

export function rcodeOf(p: DecodedPacket): number {
  const opt = p.additionals?.find((a) => a.type === 'OPT');
  const extended = opt !== undefined && opt.type === 'OPT' ? opt.extendedRcode & 0xff : 0;
  return (extended << 4) | ((p.flags ?? 0) & 0xf);
}

export function rcodeName(rcode: number): string {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}

const AD = 0x20;

function result(r: QueryResult, ttl?: number): Classified {
  return { kind: 'result', result: r, ttl };
}

/** RFC 2308 §5: a negative answer lives min(SOA TTL, SOA MINIMUM); without a SOA, not at all. */
function negativeTtl(authority: DnsRecord[]): number | undefined {
  const soa = authority.find((r) => r.type === 'SOA');
  return soa?.type === 'SOA' ? Math.min(soa.ttl, soa.minimum) : undefined;
}

/**
 * Reads one reply to `q`. In a follow-up query, `chain` carries the hops already taken and
 * `origin` the name first asked, so loops and the length cap span the whole chain.
 */
export function classify(
  p: DecodedPacket,
  q: Question,
  chain: readonly string[] = [],
  origin: string = q.name,
): Classified {
  const rcode = rcodeOf(p);
  const ad = ((p.flags ?? 0) & AD) !== 0;
  switch (rcode) {
    case 0: // NOERROR
    case 3: // NXDOMAIN: with aliases it is about the last name of the chain (RFC 6604 §2)
      break;
    case 2:
      return result({ kind: 'servfail' });
    case 5:
      return result({ kind: 'refused', rcode: rcodeName(rcode) });
    default:
      return result({ kind: 'error', rcode: rcodeName(rcode) });
  }
  const answers = convertAll(p.answers, () => true);
  const authority = convertAll(p.authorities, (t) => t === 'NS' || t === 'SOA');
  if ('bad' in answers) return result({ kind: 'malformed', message: answers.bad });
  if ('bad' in authority) return result({ kind: 'malformed', message: authority.bad });

  const hops = [...chain];
  let current = hops.at(-1) ?? q.name;
  if (q.type !== 'CNAME') {
    // Bounded: every hop either ends the loop or grows `hops`, which is capped.
    for (;;) {
      const here = current;
      const alias = answers.records.find(
        (r) => r.type === 'CNAME' && normalizeName(r.name) === here,
      );
      if (alias?.type !== 'CNAME') break;
      const target = normalizeName(alias.target);
      if (target === origin || hops.includes(target)) {
        return result({ kind: 'malformed', message: `CNAME loop at ${target}` });
      }
      if (hops.length >= LIMITS.maxCnameChain) {
        return result({
          kind: 'malformed',
          message: `CNAME chain longer than ${LIMITS.maxCnameChain} from ${origin}`,
        });
      }
      hops.push(target);
      current = target;
    }
  }
  const end = current;
  const found = answers.records.filter((r) => r.type === q.type && normalizeName(r.name) === end);
  const ttls = [...found, ...answers.records.filter((r) => r.type === 'CNAME')].map((r) => r.ttl);

  if (rcode === 3) return result({ kind: 'nxdomain', ad }, negativeTtl(authority.records));
  if (found.length > 0) {
    return result(
      {
        kind: 'answer',
        rcode: rcodeName(rcode),
        ad,
        answers: found,
        cnameChain: hops,
        authority: authority.records,
      },
      Math.min(...ttls),
    );
  }
  // An alias with nothing about its target and no SOA saying "no such data": ask for the target.
  const hasSoa = authority.records.some((r) => r.type === 'SOA');
  if (hops.length > chain.length && !hasSoa) {
    return { kind: 'follow', target: end, chain: hops, ad };
  }
  return result({ kind: 'nodata', ad }, negativeTtl(authority.records));
}
