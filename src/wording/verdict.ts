// The verdict in words: one sentence of what happened and what it means for senders, and what
// the server's admin should do. Made from the verdict's codes and the facts; nothing here
// decides anything (src/policy/verdict.ts does).
import type { JudgedProbe } from '../model/events.js';
import type { ProbeFacts } from '../model/facts.js';
import type { ProbeFailure } from '../model/failure.js';
import type { TlsVersion } from '../model/probe-spec.js';
import type { TlsFailure } from '../model/tls.js';
import type { Verdict, VerdictReport } from '../model/verdict.js';
import { untested } from '../policy/verdict.js';
import { answeredWithoutTls, messageTooLarge } from '../tls/error-codes.js';
import { isLegacy, offeredVersions, versionNumber } from '../tls/versions.js';
import { certificateExplanations, fixForProblem } from './certificate.js';
import { failureWords, replyLine } from './failure.js';
import { findingFix, findingWords } from './findings.js';
import { WEAK_TLS_FINDINGS } from '../model/findings.js';

type Words = { summary: string; fix: string };

const SMTP_FIX =
  'Check the MTA log for this connection: the server refused or broke the SMTP dialogue (rate limits, blocklists, overload or a broken proxy).';

export function verdictWords(v: Verdict, f: ProbeFacts): Words {
  const failure = f.failure && f.failure.kind !== 'stopped' ? f.failure : null;
  switch (v.status) {
    case 'unreachable':
      return {
        summary: `The server could not be reached: ${failure ? failureWords(failure) : '?'}.`,
        fix: 'Check the host name, that the port is open to the internet and that the MTA is listening on it.',
      };
    case 'smtp-error':
      if (!failure) return { summary: 'The SMTP session failed.', fix: SMTP_FIX };
      if (silentGreeting(failure, f)) {
        // An implicit-TLS port waits for a ClientHello and says nothing: exactly this.
        return {
          summary: `The server sent no greeting: ${failureWords(failure)}. That is also what an implicit-TLS port (465, RFC 8314) looks like to a client that waits for a plaintext greeting.`,
          fix: `First try --tls implicit: if the handshake works, this port speaks TLS from the start. Otherwise the server is stalling clients: ${SMTP_FIX.charAt(0).toLowerCase()}${SMTP_FIX.slice(1)}`,
        };
      }
      return smtpError(failure, f.tls && f.certificate ? f.certificate.problems : []);
    case 'tls-not-offered':
      return {
        summary: f.heloFallback
          ? 'The server refused EHLO and only HELO worked; HELO has no extensions, so there is no STARTTLS: mail to it travels in clear text and a StrictTLS sender drops it.'
          : 'The server does not offer STARTTLS, so mail to it travels in clear text and a StrictTLS sender drops it.',
        fix: f.heloFallback
          ? 'Make the server accept EHLO (RFC 5321 §4.1.1.1) and offer STARTTLS with a certificate.'
          : 'Enable STARTTLS with a certificate (Postfix: smtpd_tls_security_level = may, smtpd_tls_chain_files = key.pem, fullchain.pem).',
      };
    case 'starttls-rejected': {
      const reply = failure?.reply;
      const temp = reply !== undefined && reply.code >= 400 && reply.code < 500;
      return {
        summary: `The server advertises STARTTLS but refused it with ${reply ? replyLine(reply) : '?'}.`,
        fix: temp
          ? 'The TLS layer is failing on the server (often an unreadable key or certificate file, or a missing TLS library): check the MTA log at the time of this test.'
          : 'Do not advertise STARTTLS unless it works; fix the TLS configuration so the command is accepted.',
      };
    }
    case 'tls-failed':
      return tlsFailed(failure?.tls ?? null, f.versionLimit, f.tlsMode === 'implicit');
    case 'certificate-invalid': {
      const cert = f.certificate;
      const problems = cert?.problems ?? [];
      const first = cert ? (certificateExplanations(cert)[0] ?? '') : '';
      return {
        summary:
          `TLS works but the certificate fails verification (${problems.join(', ')}): senders that verify it against public CAs (MTA-STS enforce, verified TLS) will not deliver; a DANE sender goes by the TLSA records instead. ${first}`.trim(),
        fix: problems.map((p) => fixForProblem(p, cert?.verifyName ?? '', serverName(f))).join(' '),
      };
    }
    case 'ok':
      return okWords(f);
    case 'tls-weak': {
      const weak = f.findings.filter((x) => WEAK_TLS_FINDINGS.includes(x.code));
      const fixes = [...new Set(weak.map(findingFix).filter((x): x is string => x !== null))];
      const what = f.tls
        ? `${f.tls.protocol} with ${f.tls.cipher.standardName || f.tls.cipher.name}`
        : 'TLS';
      return {
        summary: `TLS works and the certificate verifies, but the session negotiated ${what}: ${weak.map(findingWords).join(' ')} StrictTLS senders still deliver; senders that require current TLS (RFC 8996, RFC 9325) may not.`,
        fix: fixes.join(' '),
      };
    }
    case 'incomplete':
      return {
        summary:
          f.stoppedBy === 'deadline'
            ? `The run was cut by --domain-timeout${f.stoppedBefore ? ` at ${f.stoppedBefore}` : ''} before it finished: nothing is judged from a run that did not finish.`
            : `The run was stopped${f.stoppedBefore ? ` at ${f.stoppedBefore}` : ''} before it finished: nothing is judged from a run that did not finish.`,
        fix:
          f.stoppedBy === 'deadline'
            ? 'Nothing to fix from a cut run; give it more time (--domain-timeout, or --timeout below it so a silent server is judged within it).'
            : 'Nothing to fix from an interrupted run; run it again to the end.',
      };
    default: {
      const never: never = v.status;
      return { summary: String(never), fix: '' };
    }
  }
}

/** The name the server gives itself: the first word of its EHLO greeting, or of its banner. */
function serverName(f: ProbeFacts): string | null {
  const text = f.ehloAfter?.greeting ?? f.ehloBefore?.greeting ?? f.banner?.text ?? '';
  const word = /^[A-Za-z0-9.-]+\.[A-Za-z0-9-]+/.exec(text.trim())?.[0];
  return word ?? null;
}

function okWords(f: ProbeFacts): Words {
  const why = untested(f);
  if (why) {
    const cause =
      why.cause === 'tls-none'
        ? '--tls none'
        : why.cause === 'stopped'
          ? 'stopped by the user'
          : `--quit-after ${why.flag}`;
    const offered = f.starttls.offered === true || f.tlsMode === 'implicit';
    return {
      summary: offered
        ? `TLS was not tested (${cause}): ${f.tlsMode === 'implicit' ? 'the port expects TLS' : 'STARTTLS is advertised'}, but whether a StrictTLS sender delivers depends on the handshake, which this run did not try.`
        : `TLS was not tested (${cause}).`,
      fix: 'Nothing to fix from what was tested; run the full session to test TLS.',
    };
  }
  // Only what was checked: this run saw one host, not the domain's MTA-STS policy or TLSA records.
  const advice = [...new Set(f.findings.map(findingFix).filter((x): x is string => x !== null))];
  return {
    summary: `TLS works and the certificate verifies for this name: StrictTLS and verifying senders deliver. ${f.asMx ? "MTA-STS and DANE are judged with the domain's policy." : 'MTA-STS and DANE were not checked: give the domain.'}${advice.length ? ` Worth fixing: ${f.findings.length} note(s).` : ''}`,
    fix: advice.length
      ? advice.join(' ')
      : 'Nothing to fix. Keep certificate renewal automatic and monitor expiry.',
  };
}

/** No byte of a greeting at all, on a STARTTLS or plaintext run (a drip is something else). */
function silentGreeting(failure: ProbeFailure, f: ProbeFacts): boolean {
  return (
    failure.stage === 'banner' &&
    failure.kind === 'timeout' &&
    (failure.partialBytes ?? 0) === 0 &&
    f.tlsMode !== 'implicit'
  );
}

function smtpError(failure: ProbeFailure, certProblems: readonly string[] = []): Words {
  if (failure.stage === 'starttls') {
    return {
      summary: `The server advertises STARTTLS but did not answer it: ${failureWords(failure)}. No TLS handshake was attempted.`,
      fix: 'Check the MTA log at the time of this test: a STARTTLS that is never answered points at a TLS layer that hangs on the server (an unreadable key, a stuck TLS proxy) or a middlebox that swallows the command.',
    };
  }
  const cert = certProblems.length
    ? ` The certificate also fails verification (${certProblems.join(', ')}): verifying senders would refuse it even once the session works.`
    : '';
  return {
    summary: `The SMTP session failed${failure.afterTls ? ' after TLS was set up' : ''}: ${failureWords(failure)}. No sender gets a message through.${cert}`,
    fix: certProblems.length
      ? `${SMTP_FIX} Then fix the certificate (${certProblems.join(', ')}).`
      : SMTP_FIX,
  };
}

/** "TLS 1.0–1.1" for the versions a limited run offered. */
function offeredRange(limit: { min?: TlsVersion; max?: TlsVersion }): string {
  const { min, max } = offeredVersions(limit.min, limit.max);
  const [lo, hi] = [versionNumber(min), versionNumber(max)];
  return lo === hi ? `TLS ${lo}` : `TLS ${lo}–${hi}`;
}

const TLS_FIXES: Record<TlsFailure['reason'], string> = {
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

function tlsFailed(
  t: TlsFailure | null,
  limit: { min?: TlsVersion; max?: TlsVersion } | null,
  implicit: boolean,
): Words {
  // Implicit TLS (RFC 8314 §3.3) has no STARTTLS to accept: the handshake is the first thing.
  const lead = implicit ? 'On this implicit-TLS port' : 'STARTTLS was accepted but';
  const message = t?.message ?? 'the handshake failed';
  if (t?.reason === 'protocol-mismatch' && limit && (limit.min || limit.max)) {
    const range = offeredRange(limit);
    return {
      summary: `${lead} the server refused ${range}, the only ${range.includes('–') ? 'versions' : 'version'} this run offered: ${message}.`,
      // Only TLS 1.0/1.1 offered and refused: the server is right (RFC 8996 deprecates them).
      fix: isLegacy(limit.max)
        ? 'Nothing to fix for current senders: refusing TLS 1.0 and 1.1 is right (RFC 8996). Run without --tls-max to test TLS 1.2 and 1.3.'
        : `Senders limited to ${range} cannot deliver: enable it on the server (Postfix: smtpd_tls_protocols = >=TLSv1.2, with OpenSSL 1.1.1 or later for TLS 1.3).`,
    };
  }
  if (t !== null && messageTooLarge(t)) {
    return {
      summary: `${lead} the TLS handshake failed: ${message}.`,
      fix: 'Send a smaller certificate chain: the leaf and the intermediates up to a root, nothing more (and no huge subjectAltName lists). OpenSSL, which most MTAs use, refuses a certificate message over 100 KiB.',
    };
  }
  const plaintextPort = implicit && t !== null && answeredWithoutTls(t);
  return {
    summary: `${lead} the TLS handshake failed: ${message}${plaintextPort ? '; the port seems to speak plaintext SMTP' : ''}.`,
    fix: plaintextPort
      ? 'If this port is for STARTTLS (25, 587), test it with --tls starttls; if it is meant for implicit TLS (465), configure the MTA for it (Postfix: smtpd_tls_wrappermode = yes).'
      : TLS_FIXES[t?.reason ?? 'other'],
  };
}

/** The verdict as reports and screens show it. */
export function describeVerdict(p: JudgedProbe): VerdictReport {
  return { ...p.verdict, ...verdictWords(p.verdict, p.facts) };
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
