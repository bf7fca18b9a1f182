// MTA-STS MX matching (RFC 8461 §4.1): a pattern is a host name, or "*." and a name, where the
// wildcard stands for exactly one left-most label. Case-insensitive; trailing dots ignored.
import { normalizeHost } from './mx.js';

export function stsPatternMatches(pattern: string, host: string): boolean {
  const p = normalizeHost(pattern);
  const h = normalizeHost(host);
  if (p === '' || h === '') return false;
  if (!p.startsWith('*.')) return p === h;
  const suffix = p.slice(1); // ".example.com"
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, h.length - suffix.length);
  return label.length > 0 && !label.includes('.');
}

export function stsMxListed(patterns: readonly string[], host: string): boolean {
  return patterns.some((p) => stsPatternMatches(p, host));
}
