// Words for the scan's weaknesses (src/scan/weaknesses.ts): what was found, why it matters (with
// the RFC or attack that says so) and how to fix it, Postfix first because it is the common MTA.
import type { Weakness, WeaknessCode } from '../scan/types.js';

export interface WeaknessWords {
  readonly summary: string;
  readonly reason: string;
  readonly fix: string;
}

const list = (w: Weakness): string => w.data.join(', ');

const PROTOCOL_FIX =
  'Postfix: smtpd_tls_protocols = >=TLSv1.2 (and smtpd_tls_mandatory_protocols); Exim: openssl_options = +no_tlsv1 +no_tlsv1_1 (OpenSSL) or tls_require_ciphers = NORMAL:-VERS-TLS1.0:-VERS-TLS1.1 (GnuTLS).';

const WORDS: Readonly<Record<WeaknessCode, (w: Weakness) => WeaknessWords>> = {
  'sslv3-enabled': () => ({
    summary: 'SSL 3.0 is enabled.',
    reason: 'RFC 7568 forbids SSL 3.0 (POODLE breaks its CBC padding); no current sender needs it.',
    fix: `Disable it: ${PROTOCOL_FIX}`,
  }),
  'tls10-enabled': () => ({
    summary: 'TLS 1.0 is enabled.',
    reason: 'RFC 8996 deprecates TLS 1.0 (SHA-1/MD5 handshake, CBC weaknesses).',
    fix: `Unless old senders must still reach you in TLS rather than in clear text: ${PROTOCOL_FIX}`,
  }),
  'tls11-enabled': () => ({
    summary: 'TLS 1.1 is enabled.',
    reason: 'RFC 8996 deprecates TLS 1.1 as well.',
    fix: PROTOCOL_FIX,
  }),
  'no-tls12-or-later': () => ({
    summary: 'Neither TLS 1.2 nor TLS 1.3 is available.',
    reason:
      'RFC 8996 and RFC 9325 §3.1.1 require TLS 1.2 at least; modern senders will not use less and fall back to clear text or refuse.',
    fix: 'Upgrade the TLS library (OpenSSL ≥ 1.1.1) and enable TLS 1.2 and 1.3.',
  }),
  'null-cipher': (w) => ({
    summary: `Suites without encryption are accepted: ${list(w)}.`,
    reason: 'NULL suites send mail in clear text inside "TLS" (RFC 9325 §4.1 forbids them).',
    fix: 'Postfix: do not use the "null" grade; add eNULL to smtpd_tls_exclude_ciphers. OpenSSL strings: !eNULL.',
  }),
  'anonymous-cipher': (w) => ({
    summary: `Anonymous (unauthenticated) suites are accepted: ${list(w)}.`,
    reason:
      'With no certificate an active attacker can sit in the middle (RFC 9325 §4.1). On port 25 Postfix allows them on purpose for opportunistic TLS (they only cost clients who ask); on submission ports they must go.',
    fix: 'Port 25: acceptable if intended (Postfix default). Otherwise smtpd_tls_exclude_ciphers = aNULL.',
  }),
  'export-cipher': (w) => ({
    summary: `Export-grade suites are accepted: ${list(w)}.`,
    reason: '40/56-bit export suites are broken in minutes (FREAK, Logjam; RFC 9325 §4.1).',
    fix: 'Exclude EXPORT (Postfix: never use the "export" grade; OpenSSL strings: !EXPORT).',
  }),
  'rc4-cipher': (w) => ({
    summary: `RC4 suites are accepted: ${list(w)}.`,
    reason: 'RFC 7465 prohibits RC4 in TLS: its keystream biases leak plaintext.',
    fix: 'Postfix: smtpd_tls_exclude_ciphers = RC4 (or use the "medium"/"high" grade on OpenSSL 1.1+).',
  }),
  '3des-cipher': (w) => ({
    summary: `3DES suites are accepted: ${list(w)}.`,
    reason:
      '64-bit blocks allow Sweet32 birthday attacks on long sessions (CVE-2016-2183, RFC 9325 §4.2).',
    fix: 'Postfix: smtpd_tls_exclude_ciphers = 3DES (keep it only if a known sender needs it).',
  }),
  'cbc-only-tls10': () => ({
    summary: 'TLS 1.0 is offered with CBC suites only.',
    reason:
      'TLS 1.0 CBC uses a predictable IV (BEAST, RFC 7457 §2.1); senders limited to TLS 1.0 get nothing better.',
    fix: 'Move those senders to TLS 1.2, then disable TLS 1.0.',
  }),
  'no-forward-secrecy': () => ({
    summary: 'No suite with forward secrecy is accepted.',
    reason:
      'With RSA key transport, whoever gets the private key later can decrypt recorded mail (RFC 9325 §6.1).',
    fix: 'Enable ECDHE suites (Postfix does by default with OpenSSL ≥ 1.0; check smtpd_tls_eecdh_grade = auto).',
  }),
  'rsa-key-exchange': (w) => ({
    summary: `Suites without forward secrecy (RSA key transport) are accepted: ${list(w)}.`,
    reason:
      'A sender that picks one can have its recorded mail decrypted by whoever gets the private key later; RFC 9325 §4.1 says not to use them.',
    fix: 'Postfix: smtpd_tls_exclude_ciphers = kRSA, once the sender table shows every sender you need negotiating ECDHE or TLS 1.3.',
  }),
  'weak-dhe': (w) => ({
    summary: `DHE uses primes below 2048 bits: ${list(w)} bits.`,
    reason: 'DH groups under 2048 bits are within reach of precomputation (Logjam; RFC 9325 §4.1).',
    fix: 'Postfix ≥ 3.7: smtpd_tls_dh1024_param_file = auto (or a 2048-bit+ file, openssl dhparam 2048); the 1024-bit DH Postfix uses for anonymous (ADH) suites goes with aNULL.',
  }),
  'no-aead': () => ({
    summary: 'No AEAD suite (AES-GCM, ChaCha20-Poly1305) is accepted.',
    reason:
      'RFC 9325 §4.2 recommends AEAD suites only; CBC with HMAC has a long list of padding-oracle attacks.',
    fix: 'Enable TLS 1.2 AES-GCM suites and TLS 1.3 (OpenSSL ≥ 1.1.1).',
  }),
  'prefers-weak': (w) => ({
    summary: `In ${w.data[0]} the server prefers a weak suite: ${w.data[1]}.`,
    reason: 'Enforcing its own order, the server hands that suite to every sender that offers it.',
    fix: 'Reorder the cipher list (Postfix: tls_high_cipherlist / smtpd_tls_ciphers) or set tls_preempt_cipherlist = no.',
  }),
};

export function weaknessWords(w: Weakness): WeaknessWords {
  return WORDS[w.code](w);
}

export const SENDER_LABELS_NOTE =
  "Each sender row replays that stack's ClientHello once: what it would negotiate, or why it fails.";
