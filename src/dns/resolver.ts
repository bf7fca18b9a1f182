// The resolver: one question to the configured servers in turn, `tries` rounds (resolv.conf(5)
// semantics), TCP when a UDP reply is truncated (RFC 7766 §5), aliases followed across queries,
// and a small cache. Cancellation ends the in-flight exchange at once.
import { ipFamily } from '../smtp/ip-literal.js';
import { linkSignals } from './abort.js';
import { TtlCache } from './cache.js';
import { classify } from './classify.js';
import type { Classified } from './classify.js';
import { loadResolvConf } from './config.js';
import { checkName, normalizeName } from './hosts.js';
import type { Exchange, Transport } from './transport.js';
import { LIMITS } from './types.js';
import type { DnsServer, QueryOptions, QueryResult, QueryType, Resolver } from './types.js';
import type { Question } from './wire.js';
import type * as WireModule from './wire.js';
import type * as TransportModule from './transport.js';

/**
 * The DNS message codec and its sockets, loaded with the first query: a probe of an IP
 * literal, or a run that never asks DNS, does not pay for dns-packet (~4 ms at start-up).
 */
type Codec = typeof WireModule & typeof TransportModule;
let loaded: Promise<Codec> | null = null;
const codec = (): Promise<Codec> =>
  (loaded ??= Promise.all([import('./wire.js'), import('./transport.js')]).then(([w, t]) => ({
    ...w,
    ...t,
  })));

export interface ResolverOptions {
  /** Default: the nameservers of /etc/resolv.conf, else 127.0.0.1:53. */
  servers?: DnsServer[];
  /** Wait per server and try (default: resolv.conf `options timeout:`, else 5000 ms). */
  timeoutMs?: number;
  /** Rounds over the servers (default: resolv.conf `options attempts:`, else 2). */
  tries?: number;
  /** Aborting it aborts every query of this resolver. */
  signal?: AbortSignal;
  /** Cached results (0 = no cache). Default 512. */
  cacheSize?: number;
  /** Where the defaults come from (tests point it elsewhere). */
  resolvConfPath?: string;
  /** Clock for the cache, in ms. */
  now?: () => number;
  /** Sees every exchange, e.g. for a transcript or tests. */
  onExchange?: (server: DnsServer, transport: Transport, question: Question, e: Exchange) => void;
}

/** Cached answers are kept no longer than a day whatever the TTL says (RFC 8767 §4 spirit). */
const MAX_CACHE_TTL_SECONDS = 86_400;

type Flags = { dnssecOk: boolean; checkingDisabled: boolean };

export function createResolver(options: ResolverOptions = {}): Resolver {
  const needConf =
    options.servers === undefined || options.timeoutMs === undefined || options.tries === undefined;
  const conf = needConf ? loadResolvConf(options.resolvConfPath) : undefined;
  const servers = [...(options.servers ?? conf?.servers ?? [])].slice(0, 8);
  if (servers.length === 0) servers.push({ host: '127.0.0.1', port: 53 });
  for (const s of servers) {
    // A server given by name would need a lookup to find the resolver (getaddrinfo, the very
    // thing we replace): refused here, as a programming error; users go through parseResolverSpec.
    if (
      ipFamily(s.host.replace(/%.*$/, '')) === 0 ||
      !Number.isInteger(s.port) ||
      s.port < 1 ||
      s.port > 65535
    ) {
      throw new TypeError(
        `DNS server ${JSON.stringify(s.host).slice(0, 80)}:${s.port} is not an IP address and port`,
      );
    }
  }
  const timeoutMs = Math.max(1, options.timeoutMs ?? conf?.timeoutMs ?? 5000);
  const tries = Math.min(Math.max(1, Math.floor(options.tries ?? conf?.tries ?? 2)), 10);
  const cache = new TtlCache<QueryResult>(options.cacheSize ?? 512, options.now);

  /** One question, every server, every try: the first definite answer wins. */
  async function ask(
    q: Question,
    flags: Flags,
    signal: AbortSignal,
    chain: string[],
    origin: string,
  ): Promise<Classified> {
    let last: QueryResult | undefined;
    // A server that answered (even SERVFAIL) or refused the connection is not asked again.
    const done = new Set<number>();
    for (let round = 0; round < tries; round++) {
      for (const [i, server] of servers.entries()) {
        if (done.has(i)) continue;
        if (signal.aborted) return { kind: 'result', result: { kind: 'aborted' }, ttl: undefined };
        // A fresh id for every datagram (RFC 5452 §9.2).
        const { buildQuery, tcpExchange, udpExchange } = await codec();
        const query = buildQuery(q.name, q.type, flags);
        let e = await udpExchange(server, query, timeoutMs, signal);
        options.onExchange?.(server, 'udp', q, e);
        if (e.kind === 'truncated') {
          e = await tcpExchange(server, query, timeoutMs, signal);
          options.onExchange?.(server, 'tcp', q, e);
        }
        switch (e.kind) {
          case 'aborted':
            return { kind: 'result', result: { kind: 'aborted' }, ttl: undefined };
          case 'timeout':
            break;
          case 'truncated': // not returned by TCP; kept for the exhaustive switch
          case 'unreachable':
            done.add(i);
            break;
          case 'malformed':
            done.add(i);
            last = { kind: 'malformed', message: e.message };
            break;
          case 'reply': {
            const c = classify(e.packet, q, chain, origin);
            if (c.kind === 'follow') return c;
            switch (c.result.kind) {
              case 'servfail':
              case 'refused':
              case 'error':
              case 'malformed':
                // RFC 1035 §7.2 / resolv.conf(5): another server may do better.
                done.add(i);
                last = c.result;
                break;
              default:
                return c;
            }
            break;
          }
        }
      }
    }
    return { kind: 'result', result: last ?? { kind: 'timeout' }, ttl: undefined };
  }

  /** Asks, then asks again for the target while replies end in an unanswered alias. */
  async function resolve(
    name: string,
    type: QueryType,
    flags: Flags,
    signal: AbortSignal,
  ): Promise<Extract<Classified, { kind: 'result' }>> {
    const origin = normalizeName(name);
    let q: Question = { name: origin, type };
    let chain: string[] = [];
    let ad = true;
    // Bounded: every follow-up adds a hop to a chain that classify() caps at maxCnameChain.
    for (let step = 0; step <= LIMITS.maxCnameChain; step++) {
      const c = await ask(q, flags, signal, chain, origin);
      if (c.kind === 'result') return step === 0 ? c : { ...c, result: andAd(c.result, ad) };
      ad &&= c.ad;
      chain = c.chain;
      q = { name: c.target, type };
    }
    const message = `CNAME chain longer than ${LIMITS.maxCnameChain} from ${origin}`;
    return { kind: 'result', result: { kind: 'malformed', message }, ttl: undefined };
  }

  return {
    servers,
    async query(name: string, type: QueryType, qopts: QueryOptions = {}): Promise<QueryResult> {
      const bad = checkName(name);
      if (bad !== undefined)
        return { kind: 'malformed', message: `cannot ask for ${name}: ${bad}` };
      const flags: Flags = {
        dnssecOk: qopts.dnssecOk === true,
        checkingDisabled: qopts.checkingDisabled === true,
      };
      const key = `${normalizeName(name)}|${type}|${flags.dnssecOk ? 'do' : ''}|${flags.checkingDisabled ? 'cd' : ''}`;
      const cached = cache.get(key);
      if (cached !== undefined) return cached;
      const linked = linkSignals(options.signal, qopts.signal);
      try {
        const c = await resolve(name, type, flags, linked.signal);
        if (c.ttl !== undefined) cache.set(key, c.result, Math.min(c.ttl, MAX_CACHE_TTL_SECONDS));
        return c.result;
      } finally {
        linked.dispose();
      }
    },
  };
}

/** Data reached through several replies is authenticated only if every reply was. */
function andAd(r: QueryResult, ad: boolean): QueryResult {
  switch (r.kind) {
    case 'answer':
    case 'nxdomain':
    case 'nodata':
      return { ...r, ad: r.ad && ad };
    default:
      return r;
  }
}
