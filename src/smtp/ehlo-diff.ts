// What changed between the EHLO before TLS and the one inside it. RFC 3207 §4.2: the client
// must forget what it learned before TLS; the server must not advertise STARTTLS again.
import type { EhloDiff, EhloInfo } from '../model/facts.js';
import type { Finding } from '../model/findings.js';
import { hasExtension } from './ehlo.js';

const same = (a: string[], b: string[]): boolean =>
  a.length === b.length && a.every((x, i) => x === b[i]);

export function diffEhlo(
  before: EhloInfo,
  after: EhloInfo,
): { diff: EhloDiff; findings: Finding[] } {
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
  const findings: Finding[] = [];
  if (authBeforeTls(before))
    findings.push({ code: 'auth-before-tls', mechanisms: before.extensions.AUTH ?? [] });
  if (hasExtension(after, 'STARTTLS')) findings.push({ code: 'starttls-inside-tls' });
  const size = changed.find((c) => c.keyword === 'SIZE');
  if (size) findings.push({ code: 'size-changed', before: size.before, after: size.after });
  return { diff: { appeared, vanished, changed }, findings };
}

export function authBeforeTls(before: EhloInfo): boolean {
  return hasExtension(before, 'AUTH');
}
