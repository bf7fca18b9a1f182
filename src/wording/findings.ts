// Words for findings (src/model/findings.ts): what the server did and why it matters, with the
// RFC that says so. The reports' `notes` and `ehlo.diff.warnings`, the TUI and --plain use these.
import type { Finding } from '../model/findings.js';
import { EHLO_DIFF_FINDINGS } from '../model/findings.js';

export function findingWords(f: Finding): string {
  switch (f.code) {
    case 'early-talker':
      return 'Early talker: the server sent more than one greeting before the client spoke (smtpscope never sends before the banner; Postfix postscreen treats pre-greeting traffic as spam behaviour).';
    case 'unsolicited-replies':
      return `The server sent ${f.count} reply(ies) nobody asked for before "${f.before}" (pipelining abuse or a desynchronised dialogue).`;
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
    default: {
      const never: never = f;
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
