// `smtp://host[:port]` and `smtps://host[:port]` targets, as curl and swaks users write them.
// smtps is implicit TLS (RFC 8314 §3.3, port 465); smtp is the plain dialogue with STARTTLS
// (port 25). A URL names one server, never a mail domain. Nothing else a URL can carry has a
// meaning here, so a path, user info, a query or a fragment is refused, not ignored.
import { escapeText } from '../smtp/escape.js';

export type MailScheme = 'smtp' | 'smtps';

export type UrlSplit =
  | { kind: 'not-url' }
  | { kind: 'url'; scheme: MailScheme; authority: string }
  | { kind: 'error'; error: string };

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

export function splitMailUrl(text: string): UrlSplit {
  const m = SCHEME.exec(text);
  if (!m) return { kind: 'not-url' };
  const scheme = (m[1] ?? '').toLowerCase();
  const shown = escapeText(text);
  if (scheme !== 'smtp' && scheme !== 'smtps')
    return {
      kind: 'error',
      error: `"${shown}" is not a mail server URL (use smtp:// or smtps://)`,
    };
  const rest = text.slice(m[0].length);
  const end = rest.search(/[/?#]/);
  const authority = end < 0 ? rest : rest.slice(0, end);
  const tail = end < 0 ? '' : rest.slice(end);
  const refuse = (why: string): UrlSplit => ({ kind: 'error', error: `${shown}: ${why}` });
  if (authority.includes('@'))
    return refuse('user info in the URL is not used (AUTH takes --auth-user)');
  // A lone trailing "/" is the empty path (RFC 3986 §3.3): harmless, accepted.
  if (tail.startsWith('?')) return refuse('a URL query has no meaning here');
  if (tail.startsWith('#')) return refuse('a URL fragment has no meaning here');
  if (tail !== '' && tail !== '/') return refuse('a URL path has no meaning here');
  if (authority === '') return refuse('the URL names no host');
  // RFC 3986 §3.2.2: an IPv6 address in a URL is always in brackets.
  if (!authority.startsWith('[') && (authority.match(/:/g) ?? []).length > 1)
    return refuse(`an IPv6 address in a URL needs brackets: ${scheme}://[::1]:2525`);
  // In a URL, brackets hold an IP address, not a host name (that is Postfix's [host] form).
  if (authority.startsWith('[') && !/^\[[0-9A-Fa-f:.]*\]/.test(authority))
    return refuse('brackets in a URL hold an IPv6 address');
  return { kind: 'url', scheme, authority };
}
