// What changed between the EHLO before TLS and the one inside it. RFC 3207 §4.2: the client
// must forget what it learned before TLS; the server must not advertise STARTTLS again.
import type { EhloDiff } from '../session/types.js';
import type { EhloInfo } from './ehlo.js';
import { hasExtension } from './ehlo.js';

const same = (a: string[], b: string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function diffEhlo(before: EhloInfo, after: EhloInfo): EhloDiff {
  const b = Object.keys(before.extensions);
  const a = Object.keys(after.extensions);
  const appeared = a.filter((k) => !hasExtension(before, k));
  const vanished = b.filter((k) => !hasExtension(after, k));
  const changed = a
    .filter((k) => hasExtension(before, k))
    .map((k) => ({
      keyword: k,
      before: before.extensions[k] ?? [],
      after: after.extensions[k] ?? [],
    }))
    .filter((c) => !same(c.before, c.after));
  const warnings: string[] = [];
  if (authBeforeTls(before)) {
    warnings.push(
      `AUTH (${(before.extensions.AUTH ?? []).join(' ')}) is offered before TLS: passwords could cross the network in clear (RFC 3207 §6; offer AUTH only after STARTTLS, e.g. Postfix smtpd_tls_auth_only = yes).`,
    );
  }
  if (hasExtension(after, 'STARTTLS')) {
    warnings.push('STARTTLS is still advertised inside TLS, which RFC 3207 §4.2 forbids.');
  }
  const size = changed.find((c) => c.keyword === 'SIZE');
  if (size) {
    warnings.push(
      `SIZE changed from ${size.before.join(' ') || '(none)'} to ${size.after.join(' ') || '(none)'} after TLS.`,
    );
  }
  return { appeared, vanished, changed, warnings };
}

export function authBeforeTls(before: EhloInfo): boolean {
  return hasExtension(before, 'AUTH');
}
