// Everything a finished probe observed, as data. Built by a pure reducer over the probe's own
// events (src/probe/facts.ts); the verdict is a pure function of it (src/policy/verdict.ts).
import type { ProbeFailure, ReplyFacts } from './failure.js';
import type { Finding } from './findings.js';
import type { QuitAfter, TlsMode, TlsVersion } from './probe-spec.js';
import type { StageId } from './stages.js';

/** Who stopped a run: the user, or a caller's deadline (a batch line's --domain-timeout). */
export type StopCause = 'user' | 'deadline';
import type { SubmissionFacts } from './submission.js';
import type { CertificateReport, TlsInfo } from './tls.js';

export interface EhloInfo {
  /** First line's text: the server's name and greeting, escaped for display. */
  greeting: string;
  /**
   * Keyword (upper-cased) → parameters, in the order advertised, escaped for display. A
   * well-formed keyword or parameter (RFC 5321 §4.1.1.1: ASCII letters, digits, "-"; params
   * %d33-126) needs no escape, so for those this map is also the decision.
   */
  extensions: Record<string, string[]>;
  /**
   * The same, unescaped: keyword (ASCII upper-cased, latin1) → parameters as received. For
   * decisions only; never shown (the reports leave it out).
   */
  rawExtensions: Record<string, string[]>;
}

export interface EhloDiff {
  appeared: string[];
  vanished: string[];
  changed: { keyword: string; before: string[]; after: string[] }[];
}

export interface StartTlsFacts {
  /** Whether EHLO offered STARTTLS; null when no EHLO reply was seen (tarpit, 421 greeting). */
  offered: boolean | null;
  reply: ReplyFacts | null;
}

export interface ProbeFacts {
  tlsMode: TlsMode;
  /** Probed as an MX host of a mail domain (ProbeSpec.asMx). */
  asMx: boolean;
  address: string | null;
  banner: { code: number; text: string } | null;
  /** True when EHLO was refused and HELO was used instead. */
  heloFallback: boolean;
  ehloBefore: EhloInfo | null;
  ehloAfter: EhloInfo | null;
  ehloDiff: EhloDiff | null;
  starttls: StartTlsFacts;
  tls: TlsInfo | null;
  certificate: CertificateReport | null;
  /** What stopped the probe, or null when it ran to its end. */
  failure: ProbeFailure | null;
  findings: Finding[];
  /** The user stopped the run (the failure, if any, is then `stopped`). */
  stoppedByUser: boolean;
  /** The stage that was running or next when the user stopped the run. */
  stoppedBefore: StageId | null;
  /** Who stopped it (with stoppedByUser: a deadline's cut is reported as a stop too). */
  stoppedBy: StopCause | null;
  /** `--quit-after`, when the run was told to stop early, and the stage it stopped after. */
  quitAfter: { flag: QuitAfter; stage: StageId } | null;
  /** The TLS versions this run was limited to (`--tls-min`/`--tls-max`), if it was. */
  versionLimit: { min?: TlsVersion; max?: TlsVersion } | null;
  /** AUTH / MAIL / RCPT / DATA, when the run was asked to submit (absent otherwise). */
  submission?: SubmissionFacts;
}
