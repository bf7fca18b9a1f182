// Exit codes tell finding classes apart, so scripts need no parsing (issue #2).
import type { VerdictStatus } from '../model/verdict.js';

import type { DomainStatus } from '../model/domain.js';

export const EXIT_USAGE = 2;

/** A domain run: a policy failure a sender would act on (MTA-STS or DANE mismatch). */
export const EXIT_POLICY = 8;

export const EXIT_CODES: Record<VerdictStatus, number> = {
  ok: 0,
  'certificate-invalid': 1,
  unreachable: 3,
  'smtp-error': 4,
  'tls-not-offered': 5,
  'starttls-rejected': 6,
  'tls-failed': 7,
};

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
  8  policy-failure       domain: an MTA-STS or DANE mismatch a sender would act on
                          (otherwise a domain exits with its worst MX probe's code;
                          a null MX, a domain that takes no mail, is 0)
  130/143                 interrupted (SIGINT/SIGTERM); the report of what was seen is printed`;
