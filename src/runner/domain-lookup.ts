// The DNS half of a domain run: the MX list (RFC 5321 §5.1), each MX host's addresses and
// their DNSSEC state, its TLSA records (RFC 7672 §2.2), and the MTA-STS and TLS-RPT records and
// policy (RFC 8461, RFC 8460). Every query goes through the one resolver the run was given.
import { dnssecStatus } from '../dns/dnssec.js';
import type { DnsRecord, QueryResult, Resolver } from '../dns/types.js';
import { fetchStsPolicy } from '../fetch/mta-sts.js';
import type { DnssecState, DomainSpec, PolicyProblem, TlsaRecord } from '../model/domain.js';
import type { TlsaLookup } from '../policy/dane.js';
import type { MxHostFacts, PolicyFacts } from '../policy/domain-facts.js';
import { mxList } from '../policy/mx.js';
import { parseStsPolicy } from '../policy/mta-sts-policy.js';
import { parseStsTxt } from '../policy/mta-sts-txt.js';
import { parseTlsRpt } from '../policy/tls-rpt.js';
import { escapeText } from '../smtp/escape.js';

export interface LookupDeps {
  resolver: Resolver;
  signal?: AbortSignal;
  env?: NodeJS.ProcessEnv;
  /** The order of equal-preference MX hosts (tests fix it). */
  random?: () => number;
}

export function failureWords(r: QueryResult): string {
  switch (r.kind) {
    case 'answer':
      return 'answered';
    case 'nxdomain':
      return 'no such domain (NXDOMAIN)';
    case 'nodata':
      return 'no records of that type';
    case 'servfail':
      return 'the resolver failed (SERVFAIL)';
    case 'refused':
      return `the resolver refused the query (${r.rcode})`;
    case 'error':
      return `the resolver answered ${r.rcode}`;
    case 'timeout':
      return 'no answer from the resolver';
    case 'aborted':
      return 'cancelled';
    case 'malformed':
      return `unusable reply (${r.message})`;
  }
}

const txtOf = (r: QueryResult): string[] =>
  r.kind === 'answer'
    ? r.answers.flatMap((a: DnsRecord) => (a.type === 'TXT' ? [a.raw.toString('latin1')] : []))
    : [];

/** Worst first: one bogus RRset makes the set bogus; secure only if every answer was. */
function combine(states: DnssecState[]): DnssecState {
  for (const s of ['bogus', 'failed', 'insecure'] as const) if (states.includes(s)) return s;
  return 'secure';
}

async function addressesOf(
  host: string,
  spec: DomainSpec,
  deps: LookupDeps,
): Promise<Omit<MxHostFacts, 'preference' | 'host' | 'tlsa'>> {
  const family = spec.probe.family;
  const types =
    family === 4 ? (['A'] as const) : family === 6 ? (['AAAA'] as const) : (['A', 'AAAA'] as const);
  const verdicts = await Promise.all(
    types.map((t) => dnssecStatus(host, t, deps.resolver, { signal: deps.signal })),
  );
  const all: { address: string; family: 4 | 6 }[] = [];
  const shown: { address: string; family: 4 | 6 }[] = [];
  let cnameChain: string[] = [];
  const states: DnssecState[] = [];
  let error: string | null = null;
  for (const v of verdicts) {
    const r = v.result;
    // A family with no records does not make the host's addresses fail; failures do.
    if (v.status === 'failed' && r.kind !== 'nodata' && r.kind !== 'nxdomain')
      error = failureWords(r);
    states.push(v.status);
    if (r.kind !== 'answer') continue;
    if (r.cnameChain.length > cnameChain.length) cnameChain = r.cnameChain;
    const found: { address: string; family: 4 | 6 }[] = [];
    for (const a of r.answers) {
      if (a.type === 'A') found.push({ address: a.address, family: 4 });
      if (a.type === 'AAAA') found.push({ address: a.address, family: 6 });
    }
    all.push(...found);
    shown.push(...(spec.allAddresses ? found : found.slice(0, 2)));
  }
  if (all.length === 0 && error === null) {
    const nx = verdicts.some((v) => v.result.kind === 'nxdomain');
    error = nx ? 'no such host (NXDOMAIN)' : 'no IPv4 or IPv6 address';
  }
  // Data that is not there cannot be secure or not: the answers we got decide.
  const answered = verdicts.filter((v) => v.result.kind === 'answer').map((v) => v.status);
  const addressState = combine(answered.length > 0 ? answered : states);
  return {
    addresses: shown,
    addressCount: all.length,
    addressState,
    addressError: error,
    cnameChain,
  };
}

async function tlsaOf(
  host: string,
  cnameChain: string[],
  port: number,
  deps: LookupDeps,
): Promise<TlsaLookup> {
  const ask = async (base: string): Promise<TlsaLookup> => {
    const name = `_${port}._tcp.${base}`;
    const v = await dnssecStatus(name, 'TLSA', deps.resolver, { signal: deps.signal });
    const records: TlsaRecord[] =
      v.result.kind === 'answer'
        ? v.result.answers.flatMap((a) =>
            a.type === 'TLSA'
              ? [
                  {
                    usage: a.usage,
                    selector: a.selector,
                    matchingType: a.matchingType,
                    data: a.data,
                  },
                ]
              : [],
          )
        : [];
    return { name, state: v.status, records };
  };
  // RFC 7672 §2.2.3: behind a secure CNAME, the expanded name is the TLSA base domain first,
  // then the original MX host name.
  const expanded = cnameChain[cnameChain.length - 1];
  if (expanded !== undefined) {
    const first = await ask(expanded);
    if (first.state !== 'secure' || first.records.length > 0) return first;
  }
  return ask(host);
}

async function mxFacts(
  spec: DomainSpec,
  deps: LookupDeps,
): Promise<Pick<PolicyFacts, 'mxKind' | 'mxState' | 'mx' | 'mxProblems' | 'mxPermanent'>> {
  const domain = spec.domain;
  const v = await dnssecStatus(domain, 'MX', deps.resolver, { signal: deps.signal });
  const r = v.result;
  if (r.kind !== 'answer' && r.kind !== 'nodata') {
    const detail = escapeText(
      r.kind === 'nxdomain'
        ? `${domain}: no such domain (NXDOMAIN)`
        : `MX lookup for ${domain}: ${failureWords(r)}`,
    );
    return {
      mxKind: 'failed',
      // RFC 5321 §5.1: no such domain is an error to report; a temporary failure is retried.
      mxPermanent: r.kind === 'nxdomain',
      mxState: v.status,
      mx: [],
      mxProblems: [{ code: 'mx-dns', detail }],
    };
  }
  if (v.status === 'bogus') {
    // RFC 7672 §2.2.1 (and any validating resolver): a bogus MX RRset is a lookup failure;
    // mail waits. The unvalidated data (asked with CD) is not used.
    const detail = escapeText(`the MX records of ${domain} fail DNSSEC validation (bogus)`);
    return {
      mxKind: 'failed',
      mxPermanent: false,
      mxState: v.status,
      mx: [],
      mxProblems: [{ code: 'mx-dns', detail }],
    };
  }
  const records = r.kind === 'answer' ? r.answers.flatMap((a) => (a.type === 'MX' ? [a] : [])) : [];
  const list = mxList(domain, records, deps.random);
  if (list.kind === 'null-mx')
    return {
      mxKind: 'null-mx',
      mxPermanent: true,
      mxState: v.status,
      mx: [],
      mxProblems: list.problems,
    };
  const hosts = spec.mxFirst ? list.hosts.slice(0, 1) : list.hosts;
  const port = spec.probe.port;
  const mx = await Promise.all(
    hosts.map(async (h): Promise<MxHostFacts> => {
      const a = await addressesOf(h.host, spec, deps);
      // RFC 7672 §2.2.2: TLSA only for hosts whose addresses are secure.
      const tlsa =
        a.addressState === 'secure' && a.addresses.length > 0
          ? await tlsaOf(h.host, a.cnameChain, port, deps)
          : null;
      return { ...h, ...a, tlsa };
    }),
  );
  const problems = [...list.problems];
  for (const m of mx)
    if (m.addresses.length === 0)
      problems.push({
        code: 'mx-no-address',
        host: escapeText(m.host),
        detail: escapeText(m.addressError ?? '?'),
      });
  if (list.kind === 'implicit' && mx.every((m) => m.addresses.length === 0)) {
    const detail = escapeText(`${domain} has no MX records and no address of its own`);
    const permanent = mx.every((m) => /NXDOMAIN|no IPv4|no IPv6/.test(m.addressError ?? ''));
    return {
      mxKind: 'failed',
      mxPermanent: permanent,
      mxState: v.status,
      mx,
      mxProblems: [{ code: 'mx-dns', detail }],
    };
  }
  return { mxKind: list.kind, mxPermanent: false, mxState: v.status, mx, mxProblems: problems };
}

async function stsFacts(spec: DomainSpec, deps: LookupDeps): Promise<PolicyFacts['sts']> {
  const r = await deps.resolver.query(`_mta-sts.${spec.domain}`, 'TXT', { signal: deps.signal });
  const problems: PolicyProblem[] = [];
  if (r.kind !== 'answer' && r.kind !== 'nodata' && r.kind !== 'nxdomain')
    problems.push({ code: 'sts-txt-dns', detail: escapeText(failureWords(r)) });
  const txt = parseStsTxt(txtOf(r));
  problems.push(...txt.problems);
  if (txt.record === null) return { txt, fetch: null, parsed: null, problems };
  const fetch = await fetchStsPolicy(spec.domain, {
    resolver: deps.resolver,
    caPems: spec.probe.caPems ?? [],
    timeoutMs: spec.probe.timeoutMs,
    ...(deps.signal ? { signal: deps.signal } : {}),
    ...(deps.env ? { env: deps.env } : {}),
  });
  if (!fetch.ok) {
    problems.push({ code: 'sts-fetch', reason: fetch.reason, detail: escapeText(fetch.detail) });
    return { txt, fetch, parsed: null, problems };
  }
  // RFC 8461 §3.2: the policy is served as text/plain (parameters such as charset allowed).
  const mediaType = (fetch.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'text/plain')
    problems.push({ code: 'sts-content-type', got: escapeText(fetch.contentType ?? '(none)') });
  const parsed = parseStsPolicy(fetch.body.toString('latin1'));
  problems.push(...parsed.problems);
  return { txt, fetch, parsed, problems };
}

export async function lookupPolicy(spec: DomainSpec, deps: LookupDeps): Promise<PolicyFacts> {
  const [mx, sts, rpt] = await Promise.all([
    mxFacts(spec, deps),
    stsFacts(spec, deps),
    deps.resolver.query(`_smtp._tls.${spec.domain}`, 'TXT', { signal: deps.signal }),
  ]);
  return { domain: spec.domain, ...mx, sts, tlsRpt: parseTlsRpt(txtOf(rpt)) };
}
