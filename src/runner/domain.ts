// A domain run: resolve the policy (MX, addresses, TLSA, MTA-STS, TLS-RPT), then probe every
// MX address through the Runner (bounded concurrency, one connection per address at a time),
// then judge. No connection is made for a null MX.
import { isIP } from 'node:net';
import { resolverFor } from '../dns/shared.js';
import { systemResolver } from '../dns/addresses.js';
import type { Resolver } from '../dns/types.js';
import type { DomainSpec } from '../model/domain.js';
import type { JudgedProbe } from '../model/events.js';
import type { StopCause } from '../model/facts.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import type { PolicyFacts } from '../policy/domain-facts.js';
import { judgeDomain } from '../policy/domain-verdict.js';
import type { DomainJudgement } from '../policy/domain-verdict.js';
import { lookupPolicy } from './domain-lookup.js';
import { Runner } from './runner.js';
import type { ProbeFactory } from './runner.js';

export interface DomainResult {
  spec: DomainSpec;
  startedAt: string;
  policy: PolicyFacts;
  probes: JudgedProbe[];
  judgement: DomainJudgement;
  /** The resolver asked, as "IP:port", and whether it is on loopback. */
  resolver: { server: string; loopback: boolean };
}

export interface DomainRunOptions {
  factory: ProbeFactory;
  signal?: AbortSignal;
  /** Who stopped the run when `signal` aborts (a batch tells its deadline from Ctrl-C). */
  stopCause?: () => StopCause;
  env?: NodeJS.ProcessEnv;
  concurrency?: number;
  random?: () => number;
  /** The resolver to ask (a batch shares one); default: the run's --resolver, or the system's. */
  resolver?: Resolver;
}

function isLoopback(host: string): boolean {
  return host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
}

/** The resolver asked, as a report names it ("IP:port"), and whether all of it is on loopback. */
export function resolverInfoOf(resolver: Resolver): DomainResult['resolver'] {
  const first = resolver.servers[0] ?? { host: '127.0.0.1', port: 53 };
  const server = first.host.includes(':')
    ? `[${first.host}]:${first.port}`
    : `${first.host}:${first.port}`;
  return { server, loopback: resolver.servers.every((s) => isLoopback(s.host)) };
}

export function probeSpecs(spec: DomainSpec, policy: PolicyFacts): ProbeSpec[] {
  return policy.mx.flatMap((m) =>
    m.addresses.map((a): ProbeSpec => ({
      ...spec.probe,
      guided: false,
      asMx: true,
      host: m.host,
      address: a.address,
      // The MX host name is what a sender sends and verifies (RFC 7672 §3.2.2, RFC 8461 §4.2).
      sni: m.host,
      verifyName: m.host,
    })),
  );
}

export async function runDomain(spec: DomainSpec, o: DomainRunOptions): Promise<DomainResult> {
  const startedAt = new Date().toISOString();
  const resolver: Resolver = o.resolver
    ? o.resolver
    : spec.probe.resolver
      ? resolverFor(spec.probe.resolver)
      : systemResolver();
  const resolverInfo = resolverInfoOf(resolver);
  const policy = await lookupPolicy(spec, {
    resolver,
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.env ? { env: o.env } : {}),
    ...(o.random ? { random: o.random } : {}),
  });
  const specs = policy.mxKind === 'null-mx' || o.signal?.aborted ? [] : probeSpecs(spec, policy);
  const runner = new Runner({
    factory: o.factory,
    concurrency: o.concurrency ?? 4,
    // At most one connection per address and port at a time, whatever the MX name.
    politenessKey: (s) => `${s.address ?? s.host}|${s.port}`,
  });
  const onAbort = (): void => void runner.abort(o.stopCause?.() ?? 'user');
  o.signal?.addEventListener('abort', onAbort, { once: true });
  for (const s of specs) runner.add(s);
  const probes = await runner.all();
  o.signal?.removeEventListener('abort', onAbort);
  const judgement = judgeDomain(policy, probes, {
    port: spec.probe.port,
    caPems: spec.probe.caPems ?? [],
    resolver: resolverInfo,
    now: new Date(),
    stopped: o.signal?.aborted ? (o.stopCause?.() ?? 'user') : null,
  });
  return { spec, startedAt, policy, probes, judgement, resolver: resolverInfo };
}
