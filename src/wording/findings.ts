// Words for findings (src/model/findings.ts): what the server did and why it matters, with the
// RFC that says so. The reports' `notes` and `ehlo.diff.warnings`, the TUI and --plain use these.
import type { Finding } from '../model/findings.js';
import { EHLO_DIFF_FINDINGS } from '../model/findings.js';

export function findingWords(f: Finding): string {
  switch (f.code) {
    case 'multiple-greetings':
      return `More than one greeting: the server sent ${f.count} greetings before the client spoke (RFC 5321 §4.3.1: one, then it waits; smtpscope never sends before the banner).`;
    case 'unsolicited-replies':
      return `The server sent ${f.count} reply(ies) nobody asked for before "${f.before}": a server answers only what it was asked (RFC 5321 §4.2), and a client that took them as answers would be desynchronised — an injection attempt or a broken proxy. smtpscope discarded them.`;
    case 'injected-after-starttls':
      return 'The server sent data after its 220 reply to STARTTLS; smtpscope discarded it (RFC 3207 §4.2). A client that kept it would be open to command injection (CVE-2011-0411).';
    case 'helo-fallback':
      return `EHLO was refused (${f.reply}); HELO worked, so no extensions (and no STARTTLS) are available.`;
    case 'auth-before-tls':
      return `AUTH (${f.mechanisms.join(' ')}) is offered before TLS: passwords could cross the network in clear (RFC 3207 §6; offer AUTH only after STARTTLS, e.g. Postfix smtpd_tls_auth_only = yes).`;
    case 'plaintext-auth-sent':
      return `WARNING: AUTH ${f.mechanism} was sent WITHOUT TLS (--allow-plaintext-auth): anyone on the path could read or replay the credentials; change the password if this crossed a network you do not control.`;
    case 'starttls-inside-tls':
      return 'STARTTLS is still advertised inside TLS, which RFC 3207 §4.2 forbids.';
    case 'size-changed':
      return `SIZE changed from ${f.before.join(' ') || '(none)'} to ${f.after.join(' ') || '(none)'} after TLS.`;
    case 'inconsistent-reply-codes':
      return `The reply to ${f.after} changed its code between lines; its final line (${f.final}) decided, as RFC 5321 §4.2.1 says, but every line must carry the same code.`;
    case 'bare-lf':
      return `Lines end with a bare LF instead of CRLF (first seen after ${f.after}; RFC 5321 §2.3.8): strict clients and proxies may reject or misread them.`;
    case 'weak-dhe':
      return `The key exchange used a ${f.bits}-bit Diffie-Hellman group: under 2048 bits it is breakable (Logjam; RFC 9325 §4.5). Use ECDHE, or a DH group of 2048 bits or more (Postfix: smtpd_tls_dh1024_param_file with a 2048-bit group).`;
    case 'legacy-protocol':
      return `${f.protocol === 'TLSv1' ? 'TLS 1.0' : f.protocol === 'TLSv1.1' ? 'TLS 1.1' : f.protocol} was negotiated: deprecated since RFC 8996 (2021), refused by current senders' defaults.`;
    case 'weak-cipher':
      return `The cipher suite ${f.cipher} ${WEAK_CIPHER[f.why]}.`;
    case 'no-forward-secrecy':
      return `The cipher suite ${f.cipher} uses a static ${f.keyExchange} key exchange: no forward secrecy, so anyone who later gets the server's private key can decrypt recorded mail (RFC 9325 §4.1).`;
    case 'chain-too-long':
      return `The server sent ${f.certificates} certificates: ${f.failing.map(stackWords).join(', ')} verify through fewer CAs than that, so senders on ${f.failing.length > 1 ? 'them' : 'it'} that check certificates will not deliver. Send the leaf and the intermediates that lead to a root (usually one or two).`;
    default: {
      const never: never = f;
      return String(never);
    }
  }
}

const WEAK_CIPHER: Record<Extract<Finding, { code: 'weak-cipher' }>['why'], string> = {
  null: 'encrypts nothing (NULL)',
  rc4: 'uses RC4, which is broken and forbidden by RFC 7465',
  '3des': 'uses 3DES, a 64-bit block cipher open to Sweet32 (CVE-2016-2183)',
  des: 'uses single DES, which is broken',
  export: 'is an export-grade suite (40/56-bit keys), broken since the 1990s (FREAK, Logjam)',
  'cbc-sha1':
    'is CBC with HMAC-SHA1 (no AEAD): RFC 9325 §4.2 recommends AES-GCM or ChaCha20-Poly1305',
  cbc: 'is CBC mode (no AEAD): RFC 9325 §4.2 recommends AES-GCM or ChaCha20-Poly1305',
};

/** What the server's admin should do about a finding, when there is something to do. */
export function findingFix(f: Finding): string | null {
  switch (f.code) {
    case 'legacy-protocol':
      return 'Turn TLS 1.0 and 1.1 off and offer TLS 1.2 and 1.3 (Postfix: smtpd_tls_protocols = >=TLSv1.2).';
    case 'weak-cipher':
    case 'no-forward-secrecy':
      return 'Prefer ECDHE suites with AES-GCM or ChaCha20-Poly1305 (Postfix: tls_preempt_cipherlist = yes, smtpd_tls_mandatory_ciphers = high, smtpd_tls_exclude_ciphers = aNULL, RC4, 3DES, kRSA).';
    case 'weak-dhe':
      return 'Use ECDHE, or a DH group of at least 2048 bits (RFC 7919 ffdhe2048).';
    case 'chain-too-long':
      return 'Send only the leaf and its intermediates (Postfix: smtpd_tls_chain_files).';
    case 'auth-before-tls':
      return 'Offer AUTH only after STARTTLS (Postfix: smtpd_tls_auth_only = yes).';
    case 'starttls-inside-tls':
      return 'Stop advertising STARTTLS inside TLS (RFC 3207 §4.2).';
    case 'bare-lf':
    case 'inconsistent-reply-codes':
      return 'Check what sits in front of the MTA (a proxy or filter rewriting replies): RFC 5321 replies end in CRLF and carry one code.';
    case 'multiple-greetings':
    case 'unsolicited-replies':
    case 'injected-after-starttls':
      return 'Find what injects replies (a proxy, a filter or a compromised host in front of the MTA).';
    case 'helo-fallback':
    case 'size-changed':
    case 'plaintext-auth-sent':
      return null;
    default: {
      const never: never = f;
      return String(never);
    }
  }
}

function stackWords(stack: 'postfix' | 'gnutls' | 'openssl'): string {
  switch (stack) {
    case 'postfix':
      return 'Postfix (smtp_tls_scert_verifydepth = 9)';
    case 'gnutls':
      return 'GnuTLS (Exim on Debian; 16 certificates)';
    case 'openssl':
      return 'OpenSSL (depth 100)';
    default: {
      const never: never = stack;
      return String(never);
    }
  }
}

/** Every finding in words, in the order found (the reports' `notes`). */
export function notes(findings: readonly Finding[]): string[] {
  return findings.map(findingWords);
}

/** The EHLO-comparison findings in words (the reports' `ehlo.diff.warnings`). */
export function diffWarnings(findings: readonly Finding[]): string[] {
  return findings.filter((f) => EHLO_DIFF_FINDINGS.includes(f.code)).map(findingWords);
}
