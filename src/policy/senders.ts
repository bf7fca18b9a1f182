// What each kind of sender would do with one MX address, one MX host and the whole domain,
// walking the MX list in preference order. Pure: from the probe's facts and the policy facts.
//   opportunistic  STARTTLS when offered, certificate not checked, plaintext otherwise
//   strictTls      TLS required, certificate not checked
//   verifiedTls    TLS required, chain and MX name verified
//   mtaSts         RFC 8461 §5: enforce → only listed MX with a valid certificate
//   dane           RFC 7672 §2.2: secure usable TLSA → a matching chain required
import type {
  SenderJudgement,
  SenderKind,
  SenderOutcome,
  SenderReason,
  Senders,
  StsMode,
} from '../model/domain.js';
import { SENDER_KINDS } from '../model/domain.js';
import type { ProbeFacts } from '../model/facts.js';
import type { ChainMatch, DaneApplies } from './dane.js';
import { untested } from './verdict.js';

/** What a sender met on one connection, as far as TLS goes. */
export type TlsState =
  'temporary' | 'no-tls' | 'tls-broken' | 'tls-unverified' | 'tls-verified' | 'untested';

export function tlsState(f: ProbeFacts): TlsState {
  const failure = f.failure && f.failure.kind !== 'stopped' ? f.failure : null;
  if (failure && !failure.afterTls) {
    switch (failure.kind) {
      case 'not-offered':
        return 'no-tls';
      case 'tls':
        return 'tls-broken';
      case 'rejected':
        return failure.stage === 'starttls' ? 'tls-broken' : 'temporary';
      default:
        // Unreachable, a 421 greeting, a timeout, a reset: try later or elsewhere (RFC 5321 §4.5.4.1).
        return 'temporary';
    }
  }
  // A dialogue that broke inside TLS delivered nothing: the sender retries.
  if (failure) return 'temporary';
  if (untested(f) || !f.tls) return 'untested';
  const c = f.certificate;
  return c && c.trusted && c.hostnameMatch && c.problems.length === 0
    ? 'tls-verified'
    : 'tls-unverified';
}

export type StsView = { kind: 'none' } | { kind: 'policy'; mode: StsMode };

export interface AddressView {
  state: TlsState;
  /** The chain judged against the MX host's TLSA records (when DANE applies). */
  dane: ChainMatch | null;
}

export interface MxView {
  host: string;
  /** Listed in the MTA-STS policy's mx patterns (null without a policy). */
  stsListed: boolean | null;
  dane: DaneApplies;
  addresses: AddressView[];
}

const j = (outcome: SenderOutcome, reason: SenderReason, mx: string | null): SenderJudgement => ({
  outcome,
  reason,
  mx,
});

function opportunistic(s: TlsState, mx: string): SenderJudgement {
  switch (s) {
    case 'temporary':
      return j('defer', 'temporary', mx);
    case 'no-tls':
      return j('deliver-plaintext', 'no-tls-plaintext', mx);
    case 'tls-broken':
      return j('deliver-plaintext', 'tls-failed-plaintext', mx);
    case 'tls-unverified':
      return j('deliver-tls', 'tls-unverified', mx);
    case 'tls-verified':
      return j('deliver-tls', 'tls-verified', mx);
    case 'untested':
      return j('not-applicable', 'not-tested', mx);
  }
}

/** One sender, one address of one MX. */
export function addressJudgement(
  kind: SenderKind,
  mx: MxView,
  a: AddressView,
  sts: StsView,
): SenderJudgement {
  const s = a.state;
  const host = mx.host;
  if (s === 'untested') return j('not-applicable', 'not-tested', host);
  switch (kind) {
    case 'opportunistic':
      return opportunistic(s, host);
    case 'strictTls':
      if (s === 'no-tls') return j('drop', 'no-tls-required', host);
      if (s === 'tls-broken') return j('drop', 'tls-failed-required', host);
      return opportunistic(s, host);
    case 'verifiedTls':
      if (s === 'no-tls') return j('defer', 'no-tls-required', host);
      if (s === 'tls-broken') return j('defer', 'tls-failed-required', host);
      if (s === 'tls-unverified') return j('defer', 'certificate-invalid', host);
      return opportunistic(s, host);
    case 'mtaSts': {
      if (sts.kind === 'none' || sts.mode === 'none')
        return { ...opportunistic(s, host), reason: 'sts-none' };
      if (sts.mode === 'testing') return { ...opportunistic(s, host), reason: 'sts-testing' };
      // RFC 8461 §4.1: an MX the policy does not list is not used at all.
      if (mx.stsListed !== true) return j('defer', 'sts-mx-not-listed', host);
      if (s === 'temporary') return j('defer', 'temporary', host);
      if (s === 'no-tls' || s === 'tls-broken') return j('defer', 'sts-no-tls', host);
      if (s === 'tls-unverified') return j('defer', 'sts-certificate', host);
      return j('deliver-tls', 'sts-match', host);
    }
    case 'dane': {
      const d = mx.dane;
      if (d.kind === 'dns-failed') return j('defer', 'dane-dns-failed', host);
      if (d.kind === 'not-applicable')
        return { ...opportunistic(s, host), reason: 'dane-not-applicable' };
      if (s === 'temporary') return j('defer', 'temporary', host);
      if (s === 'no-tls' || s === 'tls-broken') return j('defer', 'dane-no-tls', host);
      if (d.kind === 'unusable-only') return j('deliver-tls', 'dane-unusable-only', host);
      return a.dane?.matched
        ? j('deliver-tls', 'dane-match', host)
        : j('defer', 'dane-mismatch', host);
    }
  }
}

const delivers = (o: SenderOutcome): boolean => o === 'deliver-tls' || o === 'deliver-plaintext';

/** Tried in order: the first that delivers wins; else a deferral beats a drop (mail waits). */
function firstDelivering(list: SenderJudgement[]): SenderJudgement | null {
  const hit = list.find((x) => delivers(x.outcome));
  if (hit) return hit;
  return (
    list.find((x) => x.outcome === 'defer') ??
    list.find((x) => x.outcome === 'drop') ??
    list[0] ??
    null
  );
}

export function mxJudgement(kind: SenderKind, mx: MxView, sts: StsView): SenderJudgement {
  const list = mx.addresses.map((a) => addressJudgement(kind, mx, a, sts));
  // No address probed (none found): nothing to connect to, so mail waits.
  return firstDelivering(list) ?? j('defer', 'temporary', mx.host);
}

/** The domain as a sender walks its MX list (RFC 5321 §5.1), most preferred first. */
export function domainJudgement(kind: SenderKind, mxs: MxView[], sts: StsView): SenderJudgement {
  if (mxs.length === 0) return j('defer', 'no-mx', null);
  const perMx = mxs.map((m) => mxJudgement(kind, m, sts));
  const idx = perMx.findIndex((x) => delivers(x.outcome));
  if (idx >= 0) {
    const hit = perMx[idx] as SenderJudgement;
    return idx === 0 ? hit : { ...hit, skipped: mxs.slice(0, idx).map((m) => m.host) };
  }
  if (perMx.every((x) => x.outcome === 'not-applicable')) return perMx[0] as SenderJudgement;
  return firstDelivering(perMx.filter((x) => x.outcome !== 'not-applicable')) as SenderJudgement;
}

export function allSenders(f: (kind: SenderKind) => SenderJudgement): Senders {
  return Object.fromEntries(SENDER_KINDS.map((k) => [k, f(k)])) as Senders;
}

/** Every sender, for a null MX (RFC 7505 §4.1: mail is not deliverable at all). */
export function nullMxSenders(): Senders {
  return allSenders(() => j('drop', 'null-mx', null));
}

/** A single-host run: the senders one probe can judge (MTA-STS and DANE need the domain). */
export function hostSenders(
  f: ProbeFacts,
  host: string,
): Pick<Senders, 'opportunistic' | 'strictTls' | 'verifiedTls'> {
  const mx: MxView = {
    host,
    stsListed: null,
    dane: { kind: 'not-applicable', why: 'no-tlsa' },
    addresses: [],
  };
  const a: AddressView = { state: tlsState(f), dane: null };
  return {
    opportunistic: addressJudgement('opportunistic', mx, a, { kind: 'none' }),
    strictTls: addressJudgement('strictTls', mx, a, { kind: 'none' }),
    verifiedTls: addressJudgement('verifiedTls', mx, a, { kind: 'none' }),
  };
}
