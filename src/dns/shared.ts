// One resolver per server list for the whole process: a domain run and its probes ask the same
// `--resolver` and share its cache, so the probe's A/AAAA lookup repeats no query.
import { createResolver } from './resolver.js';
import type { DnsServer, Resolver } from './types.js';

const byServers = new Map<string, Resolver>();
const MAX_SHARED = 16;

export function resolverFor(servers: readonly DnsServer[]): Resolver {
  const key = servers.map((s) => `${s.host}|${s.port}`).join(',');
  let r = byServers.get(key);
  if (r === undefined) {
    if (byServers.size >= MAX_SHARED) byServers.clear();
    r = createResolver({ servers: [...servers] });
    byServers.set(key, r);
  }
  return r;
}
