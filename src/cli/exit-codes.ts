// Exit codes tell finding classes apart, so scripts need no parsing (issue #2).
import type { SubmissionOutcome } from '../model/submission.js';
import type { VerdictStatus } from '../model/verdict.js';
import { SCAN_EXIT_HELP } from './exit-codes-scan.js';

import type { DomainStatus } from '../model/domain.js';
import { worst } from '../policy/severity.js';

export const EXIT_USAGE = 2;

/** A domain run: a policy failure a sender would act on (MTA-STS or DANE mismatch). */
export const EXIT_POLICY = 9;

export const EXIT_CODES: Record<VerdictStatus, number> = {
  ok: 0,
  'certificate-invalid': 1,
  unreachable: 3,
  'smtp-error': 4,
  'tls-not-offered': 5,
  'starttls-rejected': 6,
  'tls-failed': 7,
  'tls-weak': 8,
  // A run that did not finish: headless, only a signal stops one (SIGINT 130, SIGTERM 143).
  incomplete: 130,
};

/**
 * A submission's refusals (issue 15), used when the TLS verdict is ok: the TLS codes above
 * keep their meaning, and a script asking "would it accept?" gets its own answer.
 */
export const SUBMISSION_EXIT_CODES: Record<SubmissionOutcome, number> = {
  accepted: 0,
  'not-sent': 0,
  'auth-failed': 10,
  'sender-rejected': 11,
  'recipient-rejected': 12,
  'message-rejected': 13,
  incomplete: 4,
};

export function exitCodeFor(verdict: VerdictStatus, submission: SubmissionOutcome | null): number {
  const tls = EXIT_CODES[verdict];
  if (tls !== 0 || submission === null) return tls;
  return SUBMISSION_EXIT_CODES[submission];
}

/**
 * `--ports`: the worst probe by the order a domain ranks its MX probes (domain-verdict.ts);
 * when every TLS verdict is ok, the first port whose submission was refused speaks.
 */
export function portsExitCode(
  probes: readonly { verdict: VerdictStatus; submission: SubmissionOutcome | null }[],
): number {
  const status = worst(probes.map((p) => p.verdict));
  if (status !== 'ok') return EXIT_CODES[status];
  for (const p of probes) {
    const code = exitCodeFor(p.verdict, p.submission);
    if (code !== 0) return code;
  }
  return 0;
}

/** A domain run: the worst class among its probes, or 8 for a policy failure; null MX is 0. */
export const DOMAIN_EXIT_CODES: Record<DomainStatus, number> = {
  ...EXIT_CODES,
  'policy-failure': EXIT_POLICY,
  'null-mx': 0,
};

export const EXIT_HELP = `Exit codes:
  0  ok                   TLS works and the certificate verifies
  1  certificate-invalid  TLS works, the certificate fails verification
  2  usage                bad arguments or input
  3  unreachable          DNS failure, connection refused or timed out
  4  smtp-error           the SMTP dialogue failed (421 banner, timeout, malformed reply)
  5  tls-not-offered      no STARTTLS in the EHLO reply
  6  starttls-rejected    STARTTLS advertised but refused (4xx/5xx)
  7  tls-failed           STARTTLS accepted, TLS handshake failed
  8  tls-weak             TLS works and verifies, but what it negotiated is weak (TLS 1.0/1.1,
                          CBC or broken ciphers, no forward secrecy, DH under 2048 bits)
  9  policy-failure       domain: an MTA-STS or DANE mismatch a sender would act on
                          (otherwise a domain exits with its worst MX probe's code;
                          a null MX, a domain that takes no mail, is 0)
  130/143  incomplete     interrupted (SIGINT/SIGTERM); the report of what was seen is printed
With --to or --auth-user (the submission, after the TLS verdict):
  10 auth-failed          AUTH refused (535/534/538), or not sent (no TLS, not offered)
  11 sender-rejected      MAIL FROM refused (530 needs AUTH/STARTTLS, 5.7.1, 4.7.1…)
  12 recipient-rejected   a RCPT TO was refused (5.1.1 unknown user, 5.7.1 relay denied…)
  13 message-rejected     DATA or the message was refused (552, 554 5.7.1, 5.7.26 DMARC…)
${SCAN_EXIT_HELP}`;
