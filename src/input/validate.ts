// Validation shared by the command line and the TUI's start form: the same rules, the same
// one-line messages. Each returns an error sentence, or the parsed value.
import { X509Certificate } from 'node:crypto';
import { ipFamily } from '../smtp/ip-literal.js';
import { domainToASCII } from 'node:url';
import { splitPem } from '../tls/trust-store.js';
import { escapeText } from '../smtp/escape.js';
import { CA_FILE_CAP_BYTES, readUserFile } from './user-file.js';
import { splitMailUrl } from './target-url.js';
import type { MailScheme } from './target-url.js';

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const LABEL = /^(?!-)[A-Za-z0-9_-]{1,63}(?<!-)$/;

export function validateHost(host: string): string | null {
  if (host.length === 0) return 'the host is empty';
  if (ipFamily(host) !== 0) return null;
  if (host.length > 253) return 'the host name is longer than 253 characters';
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (!name.split('.').every((l) => LABEL.test(l))) {
    return `"${escapeText(host)}" is not a valid host name or IP address`;
  }
  return null;
}

/**
 * "mx.example.org." as `dig MX` prints it, as "mx.example.org": the SNI carries no trailing dot
 * (RFC 6066 §3) and certificate names have none (RFC 6125 §6.2.1), so kept it would send a
 * wrong SNI and report a name mismatch that is not there.
 */
export function withoutRootDot(name: string): string {
  return name.length > 1 && name.endsWith('.') && ipFamily(name) === 0 ? name.slice(0, -1) : name;
}

/**
 * An internationalised name ("bücher.example") as the A-labels DNS, SNI and certificates use
 * ("xn--bcher-kva.example", RFC 5890 §2.3.2.1). Left as typed when it cannot be converted, so
 * validateHost names the problem.
 */
export function aLabels(name: string): string {
  // eslint-disable-next-line no-control-regex -- "not ASCII" is the range \u0000-\u007f
  if (!/[^\u0000-\u007f]/.test(name)) return name;
  return domainToASCII(name) || name;
}

export function parsePort(text: string): Parsed<number> {
  if (!/^\d{1,5}$/.test(text.trim()))
    return { ok: false, error: `invalid port "${escapeText(text)}": use a number from 1 to 65535` };
  const n = Number(text.trim());
  if (n < 1 || n > 65535)
    return { ok: false, error: `invalid port ${n}: use a number from 1 to 65535` };
  return { ok: true, value: n };
}

export interface TargetParts {
  host: string;
  port: number | null;
  /** A name written in brackets (`[mx.example.org]`): that host, never an MX lookup. */
  bracketed?: boolean;
  /** Written as `smtp://…` or `smtps://…` (target-url.ts): one server, its TLS mode implied. */
  scheme?: MailScheme;
}

/**
 * `host`, `host:port`, `[v6]`, `[v6]:port`, a bare IPv6 address (no port), or one of those
 * after `smtp://` / `smtps://`.
 */
export function parseTarget(input: string): Parsed<TargetParts> {
  const text = input.trim();
  if (text.length === 0) return { ok: false, error: 'the target is empty' };
  const url = splitMailUrl(text);
  if (url.kind === 'error') return { ok: false, error: url.error };
  if (url.kind === 'url') {
    const parts = parseAuthority(url.authority);
    if (!parts.ok) return parts;
    const { bracketed: _ignored, ...rest } = parts.value;
    return { ok: true, value: { ...rest, scheme: url.scheme } };
  }
  return parseAuthority(text);
}

function parseAuthority(text: string): Parsed<TargetParts> {
  let host = text;
  let portText: string | null = null;
  let bracketed = false;
  const bracket = /^\[([^\]]*)\](?::(.*))?$/.exec(text);
  if (bracket) {
    host = bracket[1] ?? '';
    portText = bracket[2] ?? null;
    bracketed = true;
    // Postfix's [host]: that host itself, no MX lookup. An IPv6 literal needs them anyway.
    if (ipFamily(host) === 0 && validateHost(host) !== null)
      return {
        ok: false,
        error: `"${escapeText(host)}" in brackets is not an IPv6 address or a host name`,
      };
  } else if (text.startsWith('[')) {
    return { ok: false, error: `malformed target "${escapeText(text)}": expected [IPv6]:port` };
  } else if ((text.match(/:/g) ?? []).length > 1) {
    if (ipFamily(text) !== 6) {
      return {
        ok: false,
        error: `"${escapeText(text)}" is not a valid IPv6 address; an IPv6 address with a port needs brackets: [2001:db8::1]:25`,
      };
    }
    const last = /^(.*):(25|465|587|2525)$/.exec(text);
    if (last && last[1] && ipFamily(last[1]) === 6) {
      return {
        ok: false,
        error: `ambiguous target "${escapeText(text)}": write [${last[1]}]:${last[2]} for a port, or -p`,
      };
    }
  } else if (text.includes(':')) {
    const i = text.lastIndexOf(':');
    host = text.slice(0, i);
    portText = text.slice(i + 1);
  }
  host = aLabels(host);
  const hostError = validateHost(host);
  if (hostError) return { ok: false, error: hostError };
  host = withoutRootDot(host);
  // Said only of a bracketed name: an IP literal is one host whatever its brackets.
  const mark = bracketed && ipFamily(host) === 0 ? { bracketed: true } : {};
  if (portText === null) return { ok: true, value: { host, port: null, ...mark } };
  const port = parsePort(portText);
  return port.ok ? { ok: true, value: { host, port: port.value, ...mark } } : port;
}

export function parseTimeout(text: string): Parsed<number> {
  if (!/^\d{1,7}$/.test(text.trim()))
    return {
      ok: false,
      error: `invalid timeout "${escapeText(text)}": use milliseconds, e.g. 15000`,
    };
  const n = Number(text.trim());
  if (n < 100 || n > 600_000)
    return { ok: false, error: `invalid timeout ${n} ms: use 100 to 600000` };
  return { ok: true, value: n };
}

/**
 * Reads a --ca-file (a regular file of at most CA_FILE_CAP_BYTES, see user-file.ts) and checks
 * it holds at least one parsable PEM certificate.
 */
export function readCaFile(path: string): Parsed<string> {
  const file = readUserFile(path, { capBytes: CA_FILE_CAP_BYTES, what: '--ca-file' });
  if (!file.ok) return file;
  const text = file.bytes.toString('utf8');
  const blocks = splitPem(text);
  if (blocks.length === 0)
    return { ok: false, error: `--ca-file ${escapeText(path)} holds no PEM certificate` };
  for (const block of blocks) {
    try {
      new X509Certificate(block);
    } catch {
      return {
        ok: false,
        error: `--ca-file ${escapeText(path)} holds a certificate that cannot be parsed`,
      };
    }
  }
  return { ok: true, value: text };
}
