// Where to send queries: /etc/resolv.conf (resolv.conf(5)) and the `--resolver IP[:PORT]` form.
import { readFileSync } from 'node:fs';
import { ipFamily } from '../smtp/ip-literal.js';
import type { DnsServer } from './types.js';

export interface ResolvConf {
  servers: DnsServer[];
  /** `options timeout:N`, in ms (resolv.conf(5): seconds, default 5, capped at 30). */
  timeoutMs: number;
  /** `options attempts:N` (default 2, capped at 5). */
  tries: number;
}

export const RESOLV_CONF_DEFAULTS = { timeoutMs: 5000, tries: 2 } as const;
const FALLBACK_SERVER: DnsServer = { host: '127.0.0.1', port: 53 };
/** glibc reads at most three nameserver lines (MAXNS); more would only lengthen timeouts. */
const MAX_SERVERS = 3;

/** Parse resolv.conf text. Unknown lines are ignored, as the C library does. */
export function parseResolvConf(text: string): ResolvConf {
  const servers: DnsServer[] = [];
  let timeoutMs: number = RESOLV_CONF_DEFAULTS.timeoutMs;
  let tries: number = RESOLV_CONF_DEFAULTS.tries;
  for (const line of text.split('\n').slice(0, 1000)) {
    const words = line
      .replace(/[#;].*$/, '')
      .trim()
      .split(/\s+/);
    if (words[0] === 'nameserver' && words[1] !== undefined && servers.length < MAX_SERVERS) {
      // A scoped IPv6 address (fe80::1%eth0) keeps its zone for the socket.
      const host = words[1];
      if (ipFamily(host.replace(/%.*$/, '')) !== 0) servers.push({ host, port: 53 });
    } else if (words[0] === 'options') {
      for (const option of words.slice(1)) {
        const m = /^(timeout|attempts):(\d{1,3})$/.exec(option);
        if (m === null) continue;
        const n = Number(m[2]);
        if (m[1] === 'timeout') timeoutMs = Math.min(Math.max(n, 1), 30) * 1000;
        else tries = Math.min(Math.max(n, 1), 5);
      }
    }
  }
  if (servers.length === 0) servers.push({ ...FALLBACK_SERVER });
  return { servers, timeoutMs, tries };
}

/** The system's configuration; a missing or unreadable file means the documented defaults. */
export function loadResolvConf(path = '/etc/resolv.conf'): ResolvConf {
  let text = '';
  try {
    text = readFileSync(path, 'latin1').slice(0, 64 * 1024);
  } catch {
    // resolv.conf(5): with no file, the local host is the name server.
  }
  return parseResolvConf(text);
}

export type ResolverSpec = { ok: true; server: DnsServer } | { ok: false; message: string };

/** `IP`, `IP:PORT`, `[IPv6]` or `[IPv6]:PORT`; a bare IPv6 address takes port 53. */
export function parseResolverSpec(spec: string): ResolverSpec {
  const s = spec.trim();
  const bad = (why: string): ResolverSpec => ({
    ok: false,
    message: `--resolver ${JSON.stringify(spec.slice(0, 80))}: ${why}`,
  });
  if (s === '') return bad('expected IP[:PORT], e.g. 127.0.0.1:5353 or [::1]:5353');
  let host: string;
  let portText: string | undefined;
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(s);
  if (bracketed !== null) {
    host = bracketed[1] ?? '';
    portText = bracketed[2];
    if (ipFamily(host) !== 6) return bad('the part in brackets is not an IPv6 address');
  } else if (ipFamily(s) === 6) {
    host = s;
  } else {
    const colon = s.lastIndexOf(':');
    host = colon === -1 ? s : s.slice(0, colon);
    portText = colon === -1 ? undefined : s.slice(colon + 1);
    if (host.includes(':')) return bad('write an IPv6 address with a port as [ADDRESS]:PORT');
    if (ipFamily(host) !== 4) return bad('not an IP address (a resolver is given by address)');
  }
  let port = 53;
  if (portText !== undefined) {
    if (!/^\d{1,5}$/.test(portText)) return bad('the port is not a number');
    port = Number(portText);
    if (port < 1 || port > 65535) return bad('the port is out of range (1-65535)');
  }
  return { ok: true, server: { host, port } };
}
