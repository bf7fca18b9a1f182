// A domain run judged: per MX host, whether MTA-STS lists it and whether DANE applies and
// matches each probed chain; then what each kind of sender would do, walking the MX list; then
// the run's status. Pure: from the policy facts and the finished probes.
import type { DomainStatus, PolicyProblem, SenderKind, Senders, StsMode } from '../model/domain.js';
import type { JudgedProbe } from '../model/events.js';
import type { StopCause } from '../model/facts.js';
import { escapeText } from '../smtp/escape.js';
import { worst } from './severity.js';
import { daneApplies, matchChain, publishAdvice } from './dane.js';
import type { ChainMatch, DaneApplies, PublishAdvice } from './dane.js';
import type { MxHostFacts, PolicyFacts } from './domain-facts.js';
import { stsMxListed } from './mta-sts-match.js';
import { normalizeHost } from './mx.js';
import { allSenders, domainJudgement, mxJudgement, nullMxSenders, tlsState } from './senders.js';
import type { MxView, StsView } from './senders.js';

export interface AddressJudged {
  address: string;
  probeId: string;
  dane: ChainMatch | null;
}

export interface MxJudged {
  facts: MxHostFacts;
  stsListed: boolean | null;
  dane: DaneApplies;
  /** The names a DANE-TA leaf must carry (RFC 7672 §3.2.2). */
  refNames: string[];
  addresses: AddressJudged[];
  /** null where DANE does not apply; else whether every chain probed with TLS matched. */
  daneMatched: boolean | null;
  publish: PublishAdvice | null;
  senders: Senders;
}

export interface DomainJudgement {
  mx: MxJudged[];
  sts: { view: StsView; mode: StsMode | null; mxMatch: boolean | null; problems: PolicyProblem[] };
  dane: { secure: boolean | null; matched: boolean | null; problems: PolicyProblem[] };
  tlsRptProblems: PolicyProblem[];
  senders: Senders;
  status: DomainStatus;
  reasons: string[];
  /** The run was stopped before it finished (Ctrl-C, or a batch line's --domain-timeout). */
  stopped: StopCause | null;
}

export interface JudgeOptions {
  port: number;
  /** --ca-file PEMs: to name a DANE-TA record's CA the server did not send. */
  caPems: string[];
  /** The resolver whose AD bit is trusted, and whether it is on loopback. */
  resolver: { server: string; loopback: boolean };
  now: Date;
  /** Who stopped the run, if it was stopped before it finished. */
  stopped?: StopCause | null;
}

export function judgeDomain(
  facts: PolicyFacts,
  probes: JudgedProbe[],
  o: JudgeOptions,
): DomainJudgement {
  const policy = facts.sts.parsed?.policy ?? null;
  const view: StsView = policy ? { kind: 'policy', mode: policy.mode } : { kind: 'none' };
  const stsProblems = [...facts.sts.problems];
  const daneProblems: PolicyProblem[] = [];
  const mx: MxJudged[] = facts.mx.map((m) => {
    const host = normalizeHost(m.host);
    const applies = daneApplies(m.addressState, m.tlsa);
    const expanded = m.cnameChain[m.cnameChain.length - 1];
    const refNames = expanded && expanded !== host ? [host, expanded] : [host];
    const mine = probes.filter((p) => normalizeHost(p.target.host) === host);
    const addresses: AddressJudged[] = mine.map((p) => {
      const chain = p.facts.certificate?.chain ?? [];
      const dane =
        applies.kind === 'applies' && chain.length > 0
          ? matchChain(m.tlsa?.records ?? [], chain, refNames, o.now, o.caPems)
          : null;
      return { address: p.target.address ?? '', probeId: p.probeId, dane };
    });
    const withTls = addresses.filter((a) => a.dane !== null);
    const daneMatched =
      applies.kind === 'applies' && withTls.length > 0
        ? withTls.every((a) => a.dane?.matched != null)
        : null;
    const firstChain = mine.find((p) => (p.facts.certificate?.chain.length ?? 0) > 0)?.facts
      .certificate?.chain;
    const publish = firstChain
      ? publishAdvice(host, o.port, firstChain, withTls[0]?.dane ?? null)
      : null;
    const stsListed = policy ? stsMxListed(policy.mx, host) : null;
    const mxView: MxView = {
      host,
      stsListed,
      dane: applies,
      addresses: mine.map((p, i) => ({
        state: tlsState(p.facts),
        dane: addresses[i]?.dane ?? null,
      })),
    };
    const senders = allSenders((k: SenderKind) => mxJudgement(k, mxView, view));
    // Findings a person should read, per host.
    const h = escapeText(host);
    if (policy && policy.mode !== 'none' && stsListed === false)
      stsProblems.push({ code: 'sts-mx-not-listed', host: h });
    if (policy && policy.mode !== 'none' && stsListed) {
      const bad = mine.find((p) => tlsState(p.facts) === 'tls-unverified');
      if (bad) {
        const problems = bad.facts.certificate?.problems ?? [];
        stsProblems.push({ code: 'sts-mx-certificate', host: h, problems: [...problems] });
      }
    }
    if (applies.kind === 'unusable-only')
      daneProblems.push({ code: 'dane-unusable', host: h, usages: applies.usages });
    if (applies.kind === 'dns-failed')
      daneProblems.push({ code: 'dane-dns', host: h, what: applies.what, state: applies.state });
    if (daneMatched === false) {
      daneProblems.push({ code: 'dane-mismatch', host: h });
      for (const a of withTls)
        for (const r of a.dane?.records ?? [])
          if (r.namesAbsentCa)
            daneProblems.push({ code: 'dane-ta-absent', host: h, ca: r.namesAbsentCa });
    }
    if (daneMatched === true && publish?.rolloverReady === false)
      daneProblems.push({ code: 'dane-rollover', host: h });
    return {
      facts: m,
      stsListed,
      dane: applies,
      refNames,
      addresses,
      daneMatched,
      publish,
      senders,
    };
  });

  const applying = mx.filter((m) => m.dane.kind === 'applies' || m.dane.kind === 'unusable-only');
  const anyTlsa = mx.some(
    (m) => (m.facts.tlsa?.records.length ?? 0) > 0 || m.dane.kind === 'dns-failed',
  );
  if (anyTlsa) {
    daneProblems.unshift({
      code: 'dane-resolver-trusted',
      server: o.resolver.server,
      loopback: o.resolver.loopback,
    });
  }
  const secure = anyTlsa ? applying.length === mx.length : null;
  const judgedDane = mx.filter((m) => m.daneMatched !== null);
  const matched = judgedDane.length > 0 ? judgedDane.every((m) => m.daneMatched === true) : null;

  const tlsRptProblems = [...facts.tlsRpt.problems];
  const uses: ('MTA-STS' | 'DANE')[] = [];
  if (facts.sts.txt.record) uses.push('MTA-STS');
  if (applying.length > 0) uses.push('DANE');
  if (uses.length > 0 && facts.tlsRpt.record === null && tlsRptProblems.length === 0)
    tlsRptProblems.push({ code: 'tlsrpt-missing', uses });

  const mxViews: MxView[] = mx.map((m, i) => ({
    host: normalizeHost(m.facts.host),
    stsListed: m.stsListed,
    dane: m.dane,
    addresses: probes
      .filter((p) => normalizeHost(p.target.host) === normalizeHost(m.facts.host))
      .map((p, k) => ({ state: tlsState(p.facts), dane: mx[i]?.addresses[k]?.dane ?? null })),
  }));
  const senders =
    facts.mxKind === 'null-mx'
      ? nullMxSenders()
      : facts.mxKind === 'failed'
        ? allSenders(() => ({
            outcome: facts.mxPermanent ? 'drop' : 'defer',
            reason: 'no-mx',
            mx: null,
          }))
        : allSenders((k) => domainJudgement(k, mxViews, view));

  const mxMatch = policy && mx.length > 0 ? mx.every((m) => m.stsListed === true) : null;
  const reasons: string[] = [];
  let status: DomainStatus;
  if (facts.mxKind === 'null-mx') {
    status = 'null-mx';
    reasons.push('null-mx');
  } else if (facts.mxKind === 'failed') {
    status = 'unreachable';
    // The lookups answered, but with no MX and no address of the domain's own (RFC 5321 §5.1:
    // no mail host), or the MX lookup itself failed (NXDOMAIN, SERVFAIL, bogus, timeout).
    reasons.push(facts.mx.length > 0 ? 'no-mail-host' : 'mx-lookup-failed');
  } else {
    const enforce = policy?.mode === 'enforce';
    if (
      enforce &&
      stsProblems.some((p) => p.code === 'sts-mx-not-listed' || p.code === 'sts-mx-certificate')
    )
      reasons.push('mta-sts-mismatch');
    if (mx.some((m) => m.daneMatched === false)) reasons.push('dane-mismatch');
    if (mx.some((m) => m.dane.kind === 'dns-failed')) reasons.push('dane-dns-failed');
    const probeWorst =
      probes.length > 0 ? worst(probes.map((p) => p.verdict.status)) : 'unreachable';
    status = reasons.length > 0 ? 'policy-failure' : probeWorst;
    if (status !== 'policy-failure' && probes.length === 0) reasons.push('no-address');
  }
  // What a cut run saw (a cancelled lookup, probes stopped midway) is our doing, not the
  // domain's: it is never judged, as for a single host (issue #11).
  const stopped = o.stopped ?? null;
  if (stopped) {
    status = 'incomplete';
    reasons.splice(0, reasons.length, 'interrupted');
  }
  return {
    mx,
    sts: { view, mode: policy?.mode ?? null, mxMatch, problems: stsProblems },
    dane: { secure, matched, problems: daneProblems },
    tlsRptProblems,
    senders,
    status,
    reasons,
    stopped,
  };
}
