// The verdict: which of the failure classes a sender would see (TLS not offered, STARTTLS
// refused, negotiation failed — the StrictTLS classes), or a certificate problem that decides
// whether a verifying sender (MTA-STS, DANE) delivers. A pure function of the facts: no words
// here (src/wording/verdict.ts makes them), and table-tested without sockets.
import type { ProbeResult, JudgedProbe } from '../model/events.js';
import type { ProbeFacts } from '../model/facts.js';
import type { ProbeFailure } from '../model/failure.js';
import type { Verdict, VerdictStatus } from '../model/verdict.js';
import { WEAK_TLS_FINDINGS } from '../model/findings.js';

const drop = 'drop' as const;

/** Why TLS was not tested, when it was not: `--tls none`, the user, or `--quit-after`. */
export type Untested =
  { cause: 'tls-none' } | { cause: 'stopped' } | { cause: 'quit-after'; flag: string };

export function untested(f: ProbeFacts): Untested | null {
  if (f.tls || (f.failure && f.failure.kind === 'tls')) return null;
  if (f.tlsMode === 'none') return { cause: 'tls-none' };
  if (f.stoppedByUser) return { cause: 'stopped' };
  if (f.quitAfter) return { cause: 'quit-after', flag: f.quitAfter.flag };
  return null;
}

/** The reason code a failure is reported under (the JSON contract's `verdict.reasons`). */
export function reasonCode(f: ProbeFailure): string {
  switch (f.kind) {
    case 'dns-failed':
    case 'dns-timeout':
    case 'connect-timeout':
    case 'network-unreachable':
    case 'connect-failed':
      return f.kind;
    case 'refused':
      return 'connection-refused';
    case 'timeout':
      return `${f.stage}-timeout`;
    case 'closed':
      return 'connection-closed';
    case 'reset':
      return 'connection-reset';
    case 'malformed':
      return 'malformed-reply';
    case 'too-large':
      return 'reply-too-large';
    case 'rejected':
      if (f.stage === 'banner') return `banner-${f.reply?.code ?? 0}`;
      if (f.stage === 'starttls') return `starttls-${f.reply?.code ?? 0}`;
      return `${f.stage}-rejected`;
    case 'not-offered':
      return 'starttls-not-advertised';
    case 'tls':
      return f.tls?.reason ?? 'other';
    case 'stopped':
      return 'stopped';
    default: {
      const never: never = f.kind;
      return String(never);
    }
  }
}

/** The status a failure gives the probe. */
export function failureStatus(f: ProbeFailure): VerdictStatus {
  switch (f.kind) {
    case 'dns-failed':
    case 'dns-timeout':
    case 'refused':
    case 'connect-timeout':
    case 'network-unreachable':
    case 'connect-failed':
      return 'unreachable';
    case 'not-offered':
      return 'tls-not-offered';
    case 'rejected':
      return f.stage === 'starttls' ? 'starttls-rejected' : 'smtp-error';
    case 'tls':
      return 'tls-failed';
    case 'timeout':
    case 'closed':
    case 'reset':
    case 'malformed':
    case 'too-large':
    case 'stopped':
      return 'smtp-error';
    default: {
      const never: never = f.kind;
      return String(never) as VerdictStatus;
    }
  }
}

/** Stopped by the user before the session's work was done (stopping during QUIT is not). */
export function interrupted(f: ProbeFacts): boolean {
  return f.stoppedByUser && f.stoppedBefore !== null && f.stoppedBefore !== 'quit';
}

/** The weak-TLS finding codes of a run, once each, in the order found. */
export function weakTls(f: ProbeFacts): string[] {
  const codes = f.findings.map((x) => x.code).filter((c) => WEAK_TLS_FINDINGS.includes(c));
  return [...new Set(codes)];
}

export function classify(f: ProbeFacts): Verdict {
  // A run that did not finish never says ok (issue #11), and what its last stage saw when we
  // cut it short was our doing, not the server's.
  if (interrupted(f)) return { status: 'incomplete', reasons: ['interrupted'], strictTls: drop };
  const failure = f.failure && f.failure.kind !== 'stopped' ? f.failure : null;
  if (failure && !failure.afterTls) {
    return { status: failureStatus(failure), reasons: [reasonCode(failure)], strictTls: drop };
  }
  const cert = f.certificate;
  const certProblems = f.tls && cert ? cert.problems : [];
  // The dialogue broke inside TLS: no sender gets a message through, whatever the certificate
  // (which a verifying sender would also refuse: its problems follow the failure's reason).
  if (failure)
    return {
      status: failureStatus(failure),
      reasons: [reasonCode(failure), ...certProblems],
      strictTls: drop,
    };
  if (certProblems.length > 0) {
    // A StrictTLS sender requires encryption, not a valid certificate: it delivers.
    return { status: 'certificate-invalid', reasons: [...certProblems], strictTls: 'deliver' };
  }
  // TLS works and verifies, but what it negotiated is worth fixing: not "ok" (RFC 8996, 9325).
  const weak = weakTls(f);
  if (f.tls && weak.length > 0) return { status: 'tls-weak', reasons: weak, strictTls: 'deliver' };
  // "deliver" is a claim that TLS works; untested, it is not made. A StrictTLS sender delivers
  // only once its handshake succeeds (a broken key file looks fine up to the 220 to STARTTLS).
  if (untested(f)) return { status: 'ok', reasons: ['tls-not-tested'], strictTls: drop };
  return { status: 'ok', reasons: [], strictTls: 'deliver' };
}

/** A finished probe with its verdict. */
export function judge(result: ProbeResult): JudgedProbe {
  return { ...result, verdict: classify(result.facts) };
}
