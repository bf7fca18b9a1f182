// Shared set-up for the resolver tests: a loopback DNS server and a resolver pointed at it only
// (never the system's configured resolver: this sandbox allows loopback traffic alone).
import { afterEach } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import type { ResolverOptions } from '../../src/dns/resolver.js';
import type { Resolver } from '../../src/dns/types.js';
import { startDnsServer } from '../support/dns-server.js';
import type { DnsServerOptions, TestDnsServer } from '../support/dns-server.js';

const open: TestDnsServer[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

export async function lab(
  zone: DnsServerOptions,
  resolverOptions: Omit<ResolverOptions, 'servers'> = {},
): Promise<{ server: TestDnsServer; resolver: Resolver }> {
  const server = await startDnsServer(zone);
  open.push(server);
  const resolver = createResolver({
    servers: [server.address],
    timeoutMs: 500,
    tries: 2,
    cacheSize: 0,
    ...resolverOptions,
  });
  return { server, resolver };
}

/** Sockets and timers of this process, by kind (the test server's own included). */
export async function handles(): Promise<Record<string, number>> {
  await settle();
  const out: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) out[r] = (out[r] ?? 0) + 1;
  return out;
}

/** Lets close callbacks run so finished handles leave the list. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/**
 * Kinds of handle more numerous than before (fewer is fine: a timer of vitest's may end).
 * The test server's side of a TCP connection closes when our FIN reaches it, a moment after
 * ours: up to 200 ms are allowed for that.
 */
export async function grownHandles(before: Record<string, number>): Promise<string[]> {
  let grown: string[] = [];
  for (let i = 0; i < 20; i++) {
    const now = await handles();
    grown = Object.entries(now)
      .filter(([kind, n]) => n > (before[kind] ?? 0))
      .map(([kind, n]) => `${kind}: ${before[kind] ?? 0} -> ${n}`);
    if (grown.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return grown;
}
