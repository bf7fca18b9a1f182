// Things worth telling about a server's behaviour that do not by themselves decide the verdict,
// as codes with data. The words for each are made in one place (src/wording/findings.ts).
import type { Escaped } from './text.js';

export type Finding =
  /** Replies before the client spoke (RFC 5321 §4.3.1: the server greets once, then waits). */
  | { code: 'early-talker' }
  /** Replies nobody asked for, found before sending `before` (pipelining abuse, desync). */
  | { code: 'unsolicited-replies'; count: number; before: Escaped }
  /** Bytes after the 220 to STARTTLS, discarded (RFC 3207 §4.2, CVE-2011-0411). */
  | { code: 'injected-after-starttls'; count: number }
  /** EHLO refused, HELO accepted: no extensions, so no STARTTLS (RFC 5321 §4.1.1.1). */
  | { code: 'helo-fallback'; reply: Escaped }
  /** AUTH advertised before TLS (RFC 3207 §6). */
  | { code: 'auth-before-tls'; mechanisms: string[] }
  /** STARTTLS advertised again inside TLS (RFC 3207 §4.2 forbids it). */
  | { code: 'starttls-inside-tls' }
  /** AUTH sent over plaintext because --allow-plaintext-auth said so (RFC 3207 §6, RFC 8314 §5). */
  | { code: 'plaintext-auth-sent'; mechanism: string }
  /** SIZE changed between the EHLO before TLS and the one inside it. */
  | { code: 'size-changed'; before: string[]; after: string[] };

export type FindingCode = Finding['code'];

/** The findings that come from comparing the two EHLO replies (the report's `ehlo.diff.warnings`). */
export const EHLO_DIFF_FINDINGS: readonly FindingCode[] = [
  'auth-before-tls',
  'starttls-inside-tls',
  'size-changed',
];
