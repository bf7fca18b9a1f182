// The MX list a sender would walk (RFC 5321 §5.1): sorted by preference, equal preferences in
// random order (kept side by side), no MX RRset → the domain itself as an implicit MX of
// preference 0, and a null MX (RFC 7505: one MX "0 .") → the domain accepts no mail.
import type { PolicyProblem } from '../model/domain.js';
import { escapeText } from '../smtp/escape.js';

export const MAX_MX_HOSTS = 10;

/** LDH labels (underscore tolerated, as resolvers do), at most 253 characters. */
const HOST_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9_-]{1,63}(?<!-)(\.(?!-)[a-z0-9_-]{1,63}(?<!-))*$/;

export interface MxEntry {
  preference: number;
  /** Lowercase, no trailing dot. */
  host: string;
}

export type MxList =
  | { kind: 'mx'; hosts: MxEntry[]; problems: PolicyProblem[] }
  | { kind: 'null-mx'; problems: PolicyProblem[] }
  /** No MX RRset: the name's own addresses are the implicit MX (RFC 5321 §5.1). */
  | { kind: 'implicit'; hosts: MxEntry[]; problems: PolicyProblem[] };

export const normalizeHost = (h: string): string => h.toLowerCase().replace(/\.+$/, '');

/** Fisher–Yates, with a chosen random source so tests can fix the order. */
function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * The MX records of an answer as a sender orders them. `records` empty means "no MX RRset"
 * (NODATA), which makes `domain` its own implicit MX.
 */
export function mxList(
  domain: string,
  records: readonly { preference: number; exchange: string }[],
  random: () => number = Math.random,
): MxList {
  const problems: PolicyProblem[] = [];
  if (records.length === 0) {
    return { kind: 'implicit', hosts: [{ preference: 0, host: normalizeHost(domain) }], problems };
  }
  const isNull = (r: { exchange: string }): boolean => normalizeHost(r.exchange) === '';
  const real = records.filter((r) => !isNull(r));
  if (real.length === 0) return { kind: 'null-mx', problems };
  // RFC 7505 §3: a null MX must be the only MX; alongside others, "." is just unusable.
  if (real.length < records.length) problems.push({ code: 'null-mx-mixed' });
  const byPref = new Map<number, MxEntry[]>();
  const seen = new Set<string>();
  for (const r of real) {
    const host = normalizeHost(r.exchange);
    // Hostile data: a name that is no host name is never connected to, only reported.
    if (!HOST_NAME.test(host)) {
      problems.push({ code: 'mx-invalid-name', host: escapeText(r.exchange) });
      continue;
    }
    if (seen.has(host)) continue; // the same host twice: a sender tries it once
    seen.add(host);
    byPref.set(r.preference, [
      ...(byPref.get(r.preference) ?? []),
      { preference: r.preference, host },
    ]);
  }
  const sorted = [...byPref.keys()]
    .sort((a, b) => a - b)
    .flatMap((p) => shuffle(byPref.get(p) ?? [], random));
  if (sorted.length > MAX_MX_HOSTS) problems.push({ code: 'mx-truncated', count: sorted.length });
  return { kind: 'mx', hosts: sorted.slice(0, MAX_MX_HOSTS), problems };
}
