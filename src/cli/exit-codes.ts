// Exit codes tell finding classes apart, so scripts need no parsing (issue #2).
import type { VerdictStatus } from '../model/verdict.js';
import { SCAN_EXIT_HELP } from './exit-codes-scan.js';

export const EXIT_USAGE = 2;

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
  130/143  incomplete     interrupted (SIGINT/SIGTERM); the report of what was seen is printed
${SCAN_EXIT_HELP}`;
