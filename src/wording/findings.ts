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
    case 'chain-too-long':
      return `The server sent ${f.certificates} certificates: ${f.failing.map(stackWords).join(', ')} verify through fewer CAs than that, so senders on ${f.failing.length > 1 ? 'them' : 'it'} that check certificates will not deliver. Send the leaf and the intermediates that lead to a root (usually one or two).`;
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
