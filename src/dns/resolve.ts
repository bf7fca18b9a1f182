// Resolve a target host to the address we connect to (A/AAAA; `-4`/`-6` force a family).
import { resolveAddresses } from './addresses.js';
import type { HostsTable } from './hosts.js';
import type { Resolver } from './types.js';

export type ResolveResult =
  | { ok: true; address: string; family: 4 | 6 }
  | { ok: false; reason: 'dns-failed' | 'dns-timeout'; message: string };

/** Stand-ins for tests: a resolver pointed at a test server, a hosts table. */
export interface ResolveDeps {
  resolver?: Resolver;
  hosts?: HostsTable;
}

/**
 * The lookup runs on our own resolver, so the deadline (and `signal`) end it for real: its
 * sockets and timers are gone when this returns. getaddrinfo could only be abandoned.
 */
export async function resolveTarget(
  host: string,
  family: 4 | 6 | undefined,
  timeoutMs: number,
  signal?: AbortSignal,
  deps: ResolveDeps = {},
): Promise<ResolveResult> {
  const r = await resolveAddresses(host, family, { timeoutMs, signal, ...deps });
  if (r.ok) {
    const first = r.addresses[0];
    if (first !== undefined) return { ok: true, address: first.address, family: first.family };
    return { ok: false, reason: 'dns-failed', message: `cannot resolve ${host}: no address` };
  }
  switch (r.reason) {
    case 'timeout':
      return { ok: false, reason: 'dns-timeout', message: r.message };
    case 'nxdomain':
    case 'no-address':
    case 'servfail':
    case 'refused':
    case 'error':
    case 'malformed':
    case 'aborted':
      return { ok: false, reason: 'dns-failed', message: r.message };
  }
}
