// Things worth telling about a server's behaviour that do not by themselves decide the verdict,
// as codes with data. The words for each are made in one place (src/wording/findings.ts).
import type { Escaped } from './text.js';

export type Finding =
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
  | { code: 'size-changed'; before: string[]; after: string[] }
  /** A reply whose lines carried different codes; the final line decided (RFC 5321 §4.2.1). */
  | { code: 'inconsistent-reply-codes'; after: Escaped; final: number }
  /** Lines ended with a bare LF, not CRLF (RFC 5321 §2.3.8); told once per session. */
  | { code: 'bare-lf'; after: Escaped }
  /** A second 220 greeting before the client spoke (RFC 5321 §4.3.1: the server greets once). */
  | { code: 'multiple-greetings'; count: number }
  /** The TLS key exchange used a finite-field DH group under 2048 bits (Logjam; RFC 9325 §4.5). */
  | { code: 'weak-dhe'; bits: number }
  /** TLS 1.0 or 1.1 was negotiated (RFC 8996 deprecates them). */
  | { code: 'legacy-protocol'; protocol: string }
  /** The negotiated suite's bulk cipher is broken or outdated (RFC 9325 §4.1–4.2). */
  | {
      code: 'weak-cipher';
      cipher: string;
      why: 'null' | 'rc4' | '3des' | 'des' | 'export' | 'cbc-sha1' | 'cbc';
    }
  /** The key exchange is not ephemeral: recorded traffic can be decrypted with the key later. */
  | { code: 'no-forward-secrecy'; cipher: string; keyExchange: string }
  /** The presented chain is longer than some senders' verifiers walk. */
  | { code: 'chain-too-long'; certificates: number; failing: ChainLimit['stack'][] };

/** How many CA certificates above the leaf a sender's TLS stack will verify through. */
export interface ChainLimit {
  stack: 'postfix' | 'gnutls' | 'openssl';
  /** CA certificates above the leaf that still verify. */
  maxIssuers: number;
}

export type FindingCode = Finding['code'];

/** Findings about what TLS negotiated: a session with any of them is not "ok" (issue #11). */
export const WEAK_TLS_FINDINGS: readonly FindingCode[] = [
  'legacy-protocol',
  'weak-cipher',
  'no-forward-secrecy',
  'weak-dhe',
];

/** The findings that come from comparing the two EHLO replies (the report's `ehlo.diff.warnings`). */
export const EHLO_DIFF_FINDINGS: readonly FindingCode[] = [
  'auth-before-tls',
  'starttls-inside-tls',
  'size-changed',
];
