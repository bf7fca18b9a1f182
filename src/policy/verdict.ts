// The verdict classifier: which of the failure classes a sender would see (TLS not offered,
// STARTTLS refused, negotiation failed — the StrictTLS classes), or a certificate problem that
// decides whether a verifying sender (MTA-STS, DANE) delivers.
import type { CertificateReport, TlsFailure } from '../tls/types.js';
import type { TlsMode, TlsVersion } from '../session/types.js';
import { answeredWithoutTls } from '../tls/error-codes.js';
import { isLegacy, offeredVersions, versionNumber } from '../tls/versions.js';
import { fixForProblem } from './findings.js';
import type { Verdict } from './verdict-types.js';

export interface Failure {
  reason: string;
  message: string;
}

export interface SessionFacts {
  tlsMode: TlsMode;
  unreachable: Failure | null;
  /** An SMTP-level failure, and whether it happened after TLS was up. */
  smtpError: (Failure & { afterTls: boolean }) | null;
  starttlsOffered: boolean | null;
  starttlsRefusal: { code: number; text: string } | null;
  tlsFailure: TlsFailure | null;
  tlsUp: boolean;
  certificate: CertificateReport | null;
  /** Set when the session stopped before TLS was tested (`--quit-after`, `--tls none`, abort). */
  notTested: string | null;
  /** The TLS versions this run was limited to (`--tls-min`/`--tls-max`), if it was. */
  versionLimit?: { min?: TlsVersion; max?: TlsVersion } | null;
}

const drop = 'drop' as const;

export function classify(f: SessionFacts): Verdict {
  if (f.unreachable) {
    return {
      status: 'unreachable',
      reasons: [f.unreachable.reason],
      strictTls: drop,
      summary: `The server could not be reached: ${f.unreachable.message}.`,
      fix: 'Check the host name, that the port is open to the internet and that the MTA is listening on it.',
    };
  }
  if (f.smtpError && !f.smtpError.afterTls) return smtpError(f.smtpError);
  if (f.starttlsOffered === false) {
    return {
      status: 'tls-not-offered',
      reasons: ['starttls-not-advertised'],
      strictTls: drop,
      summary:
        'The server does not offer STARTTLS, so mail to it travels in clear text and a StrictTLS sender drops it.',
      fix: 'Enable STARTTLS with a certificate (Postfix: smtpd_tls_security_level = may, smtpd_tls_chain_files = key.pem, fullchain.pem).',
    };
  }
  if (f.starttlsRefusal) {
    const { code, text } = f.starttlsRefusal;
    const temp = code >= 400 && code < 500;
    return {
      status: 'starttls-rejected',
      reasons: [`starttls-${code}`],
      strictTls: drop,
      summary:
        `The server advertises STARTTLS but refused it with ${code} ${text.split('\n')[0] ?? ''}`.trim() +
        '.',
      fix: temp
        ? 'The TLS layer is failing on the server (often an unreadable key or certificate file, or a missing TLS library): check the MTA log at the time of this test.'
        : 'Do not advertise STARTTLS unless it works; fix the TLS configuration so the command is accepted.',
    };
  }
  if (f.tlsFailure)
    return tlsFailed(f.tlsFailure, f.versionLimit ?? null, f.tlsMode === 'implicit');
  if (f.tlsUp && f.certificate && f.certificate.problems.length > 0) {
    const cert = f.certificate;
    return {
      status: 'certificate-invalid',
      reasons: [...cert.problems, ...(f.smtpError ? [f.smtpError.reason] : [])],
      // A StrictTLS sender requires encryption, not a valid certificate: it still delivers.
      strictTls: f.smtpError ? drop : 'deliver',
      summary:
        `TLS works but the certificate fails verification (${cert.problems.join(', ')}): senders that verify (MTA-STS enforce, DANE) will not deliver. ${cert.explanations[0] ?? ''}`.trim(),
      fix: cert.problems.map((p) => fixForProblem(p, cert.verifyName)).join(' '),
    };
  }
  if (f.smtpError) return smtpError(f.smtpError);
  if (f.notTested) {
    const offered = f.starttlsOffered === true || f.tlsMode === 'implicit';
    // "deliver" is a claim that TLS works; untested, it is not shown. A StrictTLS sender
    // delivers only once its handshake succeeds, so a script reading strictTls must not be told
    // "deliver" by a run that stopped before the handshake (a broken key file looks fine up to
    // the 220 to STARTTLS).
    return {
      status: 'ok',
      reasons: ['tls-not-tested'],
      strictTls: drop,
      summary: offered
        ? `TLS was not tested (${f.notTested}): ${f.tlsMode === 'implicit' ? 'the port expects TLS' : 'STARTTLS is advertised'}, but whether a StrictTLS sender delivers depends on the handshake, which this run did not try.`
        : `TLS was not tested (${f.notTested}).`,
      fix: 'Nothing to fix from what was tested; run the full session to test TLS.',
    };
  }
  return {
    status: 'ok',
    reasons: [],
    strictTls: 'deliver',
    summary:
      'TLS works and the certificate verifies for this name: StrictTLS, MTA-STS and DANE-checking senders deliver.',
    fix: 'Nothing to fix. Keep certificate renewal automatic and monitor expiry.',
  };
}

function smtpError(e: Failure & { afterTls: boolean }): Verdict {
  return {
    status: 'smtp-error',
    reasons: [e.reason],
    strictTls: drop,
    summary: `The SMTP session failed${e.afterTls ? ' after TLS was set up' : ''}: ${e.message}.`,
    fix: 'Check the MTA log for this connection: the server refused or broke the SMTP dialogue (rate limits, blocklists, overload or a broken proxy).',
  };
}

/** "TLS 1.0–1.1" for the versions a limited run offered. */
function offeredRange(limit: { min?: TlsVersion; max?: TlsVersion }): string {
  const { min, max } = offeredVersions(limit.min, limit.max);
  const [lo, hi] = [versionNumber(min), versionNumber(max)];
  return lo === hi ? `TLS ${lo}` : `TLS ${lo}–${hi}`;
}

function tlsFailed(
  t: TlsFailure,
  limit: { min?: TlsVersion; max?: TlsVersion } | null,
  implicit: boolean,
): Verdict {
  // Implicit TLS (RFC 8314 §3.3) has no STARTTLS to accept: the handshake is the first thing.
  const lead = implicit ? 'On this implicit-TLS port' : 'STARTTLS was accepted but';
  if (t.reason === 'protocol-mismatch' && limit && (limit.min || limit.max)) {
    const range = offeredRange(limit);
    // Only TLS 1.0/1.1 offered and refused: the server is right (RFC 8996 deprecates them).
    const legacyOnly = isLegacy(limit.max);
    return {
      status: 'tls-failed',
      reasons: [t.reason],
      strictTls: drop,
      summary: `${lead} the server refused ${range}, the only ${range.includes('–') ? 'versions' : 'version'} this run offered: ${t.message}.`,
      fix: legacyOnly
        ? 'Nothing to fix for current senders: refusing TLS 1.0 and 1.1 is right (RFC 8996). Run without --tls-max to test TLS 1.2 and 1.3.'
        : `Senders limited to ${range} cannot deliver: enable it on the server (Postfix: smtpd_tls_protocols = >=TLSv1.2, with OpenSSL 1.1.1 or later for TLS 1.3).`,
    };
  }
  const fixes: Record<TlsFailure['reason'], string> = {
    'protocol-mismatch':
      'Enable TLS 1.2 and TLS 1.3 on the server (Postfix: smtpd_tls_protocols = >=TLSv1.2).',
    'no-shared-cipher':
      'Enable modern cipher suites (ECDHE with AES-GCM or ChaCha20) and check the key matches the certificate.',
    'handshake-timeout':
      'Look for a middlebox or firewall that stalls TLS, or an overloaded TLS proxy in front of the MTA.',
    'connection-reset':
      'Check the MTA log: the server dropped the connection during the handshake (crash, missing key file, or a filtering middlebox).',
    other:
      'Check the MTA log for TLS errors at the time of this test; make sure the port speaks TLS after STARTTLS.',
  };
  const plaintextPort = implicit && answeredWithoutTls(t);
  return {
    status: 'tls-failed',
    reasons: [t.reason],
    strictTls: drop,
    summary: `${lead} the TLS handshake failed: ${t.message}${plaintextPort ? '; the port seems to speak plaintext SMTP' : ''}.`,
    fix: plaintextPort
      ? 'If this port is for STARTTLS (25, 587), test it with --tls starttls; if it is meant for implicit TLS (465), configure the MTA for it (Postfix: smtpd_tls_wrappermode = yes).'
      : fixes[t.reason],
  };
}

/**
 * What a StrictTLS sender would do, in words for people (`--plain`, the TUI). A run that never
 * tried TLS reports "drop" in JSON (only a working handshake earns "deliver"); people are told
 * that it was not shown rather than that the sender drops.
 */
export function strictTlsWords(v: Verdict): string {
  if (v.reasons.includes('tls-not-tested')) return 'not shown: TLS was not tested';
  return v.strictTls === 'deliver' ? 'would DELIVER' : 'would DROP';
}
