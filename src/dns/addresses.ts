// Host name to addresses for the probe, in the order the C library would look (nsswitch.conf
// "files dns"): IP literals, /etc/hosts, then A/AAAA queries (RFC 1035, RFC 3596) through our
// resolver, which, unlike getaddrinfo, can be cancelled and so never outlives its step.
import { ipFamily } from '../smtp/ip-literal.js';
import { withDeadline } from './abort.js';
import { checkName, isLocalhostName, loadHosts, normalizeName } from './hosts.js';
import type { HostsEntry, HostsTable } from './hosts.js';
import { createResolver } from './resolver.js';
import type { QueryResult, Resolver } from './types.js';

export type AddressFailure =
  | 'nxdomain'
  | 'no-address'
  | 'timeout'
  | 'servfail'
  | 'refused'
  | 'error'
  | 'malformed'
  | 'aborted';

export type AddressResult =
  | { ok: true; addresses: HostsEntry[]; source: 'literal' | 'hosts' | 'dns' }
  | { ok: false; reason: AddressFailure; message: string };

export interface AddressOptions {
  /** The whole lookup, every query and retry included, ends by then. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Default: one shared resolver configured from /etc/resolv.conf. */
  resolver?: Resolver;
  /** Default: /etc/hosts, read on each call (it is small and may change). */
  hosts?: HostsTable;
}

let shared: Resolver | undefined;

/** The process's resolver, created on first use from /etc/resolv.conf. */
export function systemResolver(): Resolver {
  shared ??= createResolver();
  return shared;
}

/** RFC 6761 §6.3: with no hosts entry at all, localhost names are still the loopback. */
const LOOPBACK: readonly HostsEntry[] = [
  { address: '127.0.0.1', family: 4 },
  { address: '::1', family: 6 },
];

function noAddress(host: string, family: 4 | 6 | undefined): AddressResult {
  const what = family === undefined ? 'no IPv4 or IPv6 address' : `no IPv${family} address`;
  return { ok: false, reason: 'no-address', message: `${host} has ${what}` };
}

export async function resolveAddresses(
  host: string,
  family: 4 | 6 | undefined,
  options: AddressOptions,
): Promise<AddressResult> {
  const literal = ipFamily(host);
  if (literal !== 0) {
    if (family !== undefined && family !== literal) {
      return { ok: false, reason: 'no-address', message: `${host} is not an IPv${family} address` };
    }
    return {
      ok: true,
      addresses: [{ address: host, family: literal === 6 ? 6 : 4 }],
      source: 'literal',
    };
  }
  const wanted = (e: HostsEntry): boolean => family === undefined || e.family === family;
  const listed = (options.hosts ?? loadHosts()).get(normalizeName(host));
  const fromHosts = (listed ?? []).filter(wanted);
  if (fromHosts.length > 0) return { ok: true, addresses: fromHosts, source: 'hosts' };
  if (isLocalhostName(host)) {
    // Never sent to DNS (RFC 6761 §6.3); what /etc/hosts says about it is the whole truth.
    const loopback = listed === undefined ? LOOPBACK.filter(wanted) : [];
    if (loopback.length > 0) return { ok: true, addresses: loopback, source: 'hosts' };
    return noAddress(host, family);
  }
  const badName = checkName(host);
  if (badName !== undefined) {
    return { ok: false, reason: 'malformed', message: `cannot resolve ${host}: ${badName}` };
  }
  return fromDns(host, family, options);
}

async function fromDns(
  host: string,
  family: 4 | 6 | undefined,
  options: AddressOptions,
): Promise<AddressResult> {
  const resolver = options.resolver ?? systemResolver();
  const deadline = withDeadline(options.timeoutMs, options.signal);
  try {
    const types =
      family === 4
        ? (['A'] as const)
        : family === 6
          ? (['AAAA'] as const)
          : (['A', 'AAAA'] as const);
    // Both families at once: the deadline covers the pair, not each.
    const results = await Promise.all(
      types.map((t) => resolver.query(host, t, { signal: deadline.signal })),
    );
    // IPv4 first when both exist: no RFC 6724 sorting here, and IPv4 is what most paths reach.
    const addresses: HostsEntry[] = [];
    for (const r of results) {
      if (r.kind !== 'answer') continue;
      for (const rec of r.answers) {
        if (rec.type === 'A') addresses.push({ address: rec.address, family: 4 });
        if (rec.type === 'AAAA') addresses.push({ address: rec.address, family: 6 });
      }
    }
    if (addresses.length > 0) return { ok: true, addresses, source: 'dns' };
    return failure(host, family, results, options, deadline.expired());
  } finally {
    deadline.dispose();
  }
}

function failure(
  host: string,
  family: 4 | 6 | undefined,
  results: QueryResult[],
  options: AddressOptions,
  expired: boolean,
): AddressResult {
  const cannot = (reason: AddressFailure, words: string): AddressResult => ({
    ok: false,
    reason,
    message: `cannot resolve ${host}: ${words}`,
  });
  const timedOut = (): AddressResult =>
    cannot('timeout', `no answer from the resolver within ${Math.round(options.timeoutMs)} ms`);
  if (results.some((r) => r.kind === 'nxdomain')) return cannot('nxdomain', 'no such host');
  if (results.every((r) => r.kind === 'nodata' || r.kind === 'answer'))
    return noAddress(host, family);
  // The first failure that is not "no data" speaks for the pair.
  for (const r of results) {
    switch (r.kind) {
      case 'answer':
      case 'nodata':
      case 'nxdomain':
        continue;
      case 'aborted':
        // Our deadline fired, or someone else's signal (the caller's, the resolver's) did.
        return expired ? timedOut() : cannot('aborted', 'cancelled');
      case 'timeout':
        return timedOut();
      case 'servfail':
        return cannot('servfail', 'the resolver failed (SERVFAIL)');
      case 'refused':
        return cannot('refused', `the resolver refused the query (${r.rcode})`);
      case 'error':
        return cannot('error', `the resolver answered ${r.rcode}`);
      case 'malformed':
        return cannot('malformed', `unusable reply (${r.message})`);
    }
  }
  return timedOut();
}
