// A domain run (issue 12): the mail domain's policy as the DNS and the MTA-STS policy host gave
// it, and what each kind of sender would do with it. Facts and codes only: src/policy/ judges,
// src/wording/ makes the words.
import type { ProbeSpec } from './probe-spec.js';
import type { Escaped } from './text.js';
import type { VerdictStatus } from './verdict.js';

/** What the resolver's AD bit and a CD retry say about an RRset (RFC 4035 §3.2.3, §3.2.2). */
export type DnssecState = 'secure' | 'insecure' | 'bogus' | 'failed';

export const SENDER_KINDS = [
  'opportunistic',
  'strictTls',
  'verifiedTls',
  'mtaSts',
  'dane',
] as const;
export type SenderKind = (typeof SENDER_KINDS)[number];

export type SenderOutcome =
  'deliver-tls' | 'deliver-plaintext' | 'defer' | 'drop' | 'not-applicable';

/** Why a sender does what it does, as a code; src/wording/domain-senders.ts words it. */
export type SenderReason =
  | 'tls-verified'
  | 'tls-unverified'
  | 'no-tls-plaintext'
  | 'tls-failed-plaintext'
  | 'no-tls-required'
  | 'tls-failed-required'
  | 'certificate-invalid'
  | 'temporary'
  | 'not-tested'
  | 'null-mx'
  | 'no-mx'
  | 'sts-none'
  | 'sts-testing'
  | 'sts-mx-not-listed'
  | 'sts-match'
  | 'sts-certificate'
  | 'sts-no-tls'
  | 'dane-not-applicable'
  | 'dane-unusable-only'
  | 'dane-match'
  | 'dane-mismatch'
  | 'dane-no-tls'
  | 'dane-dns-failed'
  | 'walk-first'
  | 'walk-next'
  | 'walk-none';

export interface SenderJudgement {
  outcome: SenderOutcome;
  reason: SenderReason;
  /** The MX host this is about (for the domain: the one delivered to, or the last tried). */
  mx: string | null;
  /** Extra data for the words (e.g. the MX skipped before the one that worked). */
  skipped?: string[];
}

export type Senders = Record<SenderKind, SenderJudgement>;

export interface TlsaRecord {
  usage: number;
  selector: number;
  matchingType: number;
  /** Certificate association data, lowercase hex. */
  data: string;
}

export type TlsaUse = 'usable' | 'unusable-usage' | 'unusable-selector' | 'unusable-matching';

/** One TLSA record judged against a presented chain (RFC 7672 §3). */
export interface TlsaMatch {
  record: TlsaRecord;
  use: TlsaUse;
  /** The chain depth it matched (0 = the leaf), or null. */
  depth: number | null;
  /** DANE-TA: matched a CA, but the name or dates of the leaf failed (then not a match). */
  taCheck?: 'ok' | 'name-mismatch' | 'expired' | 'not-issued';
  /** DANE-TA with no match in the chain: the CA it names, when we know it (a --ca-file root). */
  namesAbsentCa?: Escaped;
}

/** A policy finding, as a code with its data (words: src/wording/domain-problems.ts). */
export type PolicyProblem =
  | { code: 'null-mx-mixed' }
  | { code: 'mx-truncated'; count: number }
  | { code: 'mx-invalid-name'; host: Escaped }
  | { code: 'mx-dns'; detail: Escaped }
  | { code: 'mx-no-address'; host: Escaped; detail: Escaped }
  | { code: 'sts-txt-several'; count: number }
  | { code: 'sts-txt-syntax'; detail: Escaped }
  | { code: 'sts-txt-dns'; detail: Escaped }
  | { code: 'sts-fetch'; reason: StsFetchFailure; detail: Escaped }
  | { code: 'sts-content-type'; got: Escaped }
  | { code: 'sts-policy-syntax'; line: number; key: Escaped | null; detail: Escaped }
  | { code: 'sts-policy-unknown-keys'; keys: Escaped[] }
  | { code: 'sts-mx-not-listed'; host: Escaped }
  | { code: 'sts-mx-certificate'; host: Escaped; problems: string[] }
  | { code: 'dane-unusable'; host: Escaped; usages: number[] }
  | { code: 'dane-mismatch'; host: Escaped }
  | { code: 'dane-ta-absent'; host: Escaped; ca: Escaped }
  | { code: 'dane-dns'; host: Escaped; what: 'tlsa' | 'address'; state: DnssecState }
  | { code: 'dane-rollover'; host: Escaped }
  | { code: 'dane-resolver-trusted'; server: string; loopback: boolean }
  | { code: 'tlsrpt-several'; count: number }
  | { code: 'tlsrpt-syntax'; detail: Escaped }
  | { code: 'tlsrpt-missing'; uses: ('MTA-STS' | 'DANE')[] };

export type StsFetchFailure =
  | 'dns'
  | 'connect'
  | 'tls'
  | 'certificate'
  | 'redirect'
  | 'status'
  | 'timeout'
  | 'too-large'
  | 'http';

export type StsMode = 'enforce' | 'testing' | 'none';

export interface StsPolicy {
  version: string;
  mode: StsMode;
  mx: string[];
  maxAge: number;
  /** Keys we do not know, kept (escaped) as RFC 8461 §3.2 extensions. */
  extensions: Record<string, Escaped>;
}

/** A domain run's request: the domain, and what every MX probe shares. */
export interface DomainSpec {
  domain: string;
  /** The probe settings every MX address is probed with (host, SNI and names come per MX). */
  probe: Omit<ProbeSpec, 'host' | 'sni' | 'verifyName' | 'address'>;
  /** Probe only the most preferred MX (`--mx-first`). */
  mxFirst: boolean;
  /** Every address of every MX, not at most two per family (`--all-addresses`). */
  allAddresses: boolean;
}

/**
 * A domain run's status: a probe's status (the worst among them), or `policy-failure` (a
 * sender would act on an MTA-STS or DANE mismatch), or `null-mx` (the domain takes no mail).
 */
export type DomainStatus = VerdictStatus | 'policy-failure' | 'null-mx';
