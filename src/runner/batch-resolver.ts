// One resolver for the whole batch: a larger answer cache than a single run's (every domain asks
// for the same big providers' MX hosts) and in-flight sharing, so a thousand domains asking for
// one name at once cause one query. A caller's signal ends only its own wait; the shared query
// runs on under the batch's signal.
import { createResolver } from '../dns/resolver.js';
import type { DnsServer, QueryOptions, QueryResult, QueryType, Resolver } from '../dns/types.js';

/** Default answers kept (each a few hundred bytes): the README's figure. */
export const DNS_CACHE_ENTRIES = 50_000;

function raceAbort(p: Promise<QueryResult>, signal: AbortSignal): Promise<QueryResult> {
  if (signal.aborted) return Promise.resolve({ kind: 'aborted' });
  return new Promise((resolve) => {
    const onAbort = (): void => resolve({ kind: 'aborted' });
    signal.addEventListener('abort', onAbort, { once: true });
    void p.then((r) => {
      signal.removeEventListener('abort', onAbort);
      resolve(r);
    });
  });
}

export function sharedInFlight(inner: Resolver): Resolver & { queries: () => number } {
  const inflight = new Map<string, Promise<QueryResult>>();
  let asked = 0;
  return {
    servers: inner.servers,
    queries: () => asked,
    query(name: string, type: QueryType, o: QueryOptions = {}): Promise<QueryResult> {
      const flags = {
        dnssecOk: o.dnssecOk === true,
        checkingDisabled: o.checkingDisabled === true,
      };
      const key = `${name.toLowerCase()}|${type}|${flags.dnssecOk ? 'do' : ''}|${flags.checkingDisabled ? 'cd' : ''}`;
      let p = inflight.get(key);
      if (p === undefined) {
        asked++;
        p = inner.query(name, type, flags).finally(() => inflight.delete(key));
        inflight.set(key, p);
      }
      return o.signal ? raceAbort(p, o.signal) : p;
    },
  };
}

export function batchResolver(
  servers: DnsServer[] | undefined,
  signal: AbortSignal,
  cacheSize = DNS_CACHE_ENTRIES,
): Resolver & { queries: () => number } {
  return sharedInFlight(createResolver({ ...(servers ? { servers } : {}), signal, cacheSize }));
}
