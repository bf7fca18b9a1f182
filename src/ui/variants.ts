// A variant is the same target with one thing changed, so "fails with TLS 1.3, works with 1.2"
// shows side by side. Pure: options in, options and a label out.
import type { ProbeOptions } from '../model/index.js';

export type VariantKey = '1' | '2' | '3' | '4' | '5' | '6' | '7';
export const NEEDS_VALUE: Partial<
  Record<VariantKey, { field: 'sni' | 'ehloName' | 'verifyName'; label: string }>
> = {
  '4': { field: 'sni', label: 'SNI name: ' },
  '5': { field: 'ehloName', label: 'EHLO name: ' },
  '6': { field: 'verifyName', label: 'verify-name: ' },
};

export function applyVariant(
  o: ProbeOptions,
  key: VariantKey,
  value = '',
): { options: ProbeOptions; label: string } {
  const base: ProbeOptions = { ...o };
  delete base.minTlsVersion;
  delete base.maxTlsVersion;
  switch (key) {
    case '1':
      return {
        options: { ...base, minTlsVersion: 'TLSv1.2', maxTlsVersion: 'TLSv1.2' },
        label: 'TLS 1.2 only',
      };
    case '2':
      return {
        options: { ...base, minTlsVersion: 'TLSv1.3', maxTlsVersion: 'TLSv1.3' },
        label: 'TLS 1.3 only',
      };
    case '3':
      return { options: { ...o, sni: null }, label: 'no SNI' };
    case '4':
      return { options: { ...o, sni: value }, label: `SNI ${value}` };
    case '5':
      return { options: { ...o, ehloName: value }, label: `EHLO ${value}` };
    case '6':
      return { options: { ...o, verifyName: value }, label: `verify ${value}` };
    case '7': {
      const tlsMode = o.tlsMode === 'implicit' ? 'starttls' : 'implicit';
      return {
        options: { ...o, tlsMode },
        label: tlsMode === 'implicit' ? 'implicit TLS' : 'STARTTLS',
      };
    }
    default: {
      const never: never = key;
      return { options: o, label: String(never) };
    }
  }
}

const VERSION_WORDS: Record<NonNullable<ProbeOptions['maxTlsVersion']>, string> = {
  TLSv1: '1.0',
  'TLSv1.1': '1.1',
  'TLSv1.2': '1.2',
  'TLSv1.3': '1.3',
};

/** The TLS versions a run offers, in words ("TLS ≤ 1.0", "TLS 1.2 only"). */
export function versionRange(o: ProbeOptions): string {
  const [lo, hi] = [o.minTlsVersion, o.maxTlsVersion];
  if (!lo && !hi) return 'any TLS version';
  if (lo && lo === hi) return `TLS ${VERSION_WORDS[lo]} only`;
  if (lo && hi) return `TLS ${VERSION_WORDS[lo]}–${VERSION_WORDS[hi]}`;
  return lo
    ? `TLS ≥ ${VERSION_WORDS[lo]}`
    : `TLS ≤ ${VERSION_WORDS[hi as keyof typeof VERSION_WORDS]}`;
}

/**
 * Every way `current` differs from the launch options, in words for the header and the
 * attempts list: after a combined variant the screen says all of what this attempt changed.
 */
export function describeChanges(original: ProbeOptions, current: ProbeOptions): string[] {
  const out: string[] = [];
  if (current.tlsMode !== original.tlsMode)
    out.push(
      current.tlsMode === 'implicit'
        ? 'implicit TLS'
        : current.tlsMode === 'starttls'
          ? 'STARTTLS'
          : 'no TLS',
    );
  if (
    current.minTlsVersion !== original.minTlsVersion ||
    current.maxTlsVersion !== original.maxTlsVersion
  )
    out.push(versionRange(current));
  if (current.sni !== original.sni)
    out.push(current.sni === null ? 'no SNI' : `SNI ${current.sni ?? current.host}`);
  if (current.ehloName !== original.ehloName) out.push(`EHLO ${current.ehloName}`);
  if (current.verifyName !== original.verifyName)
    out.push(`verify ${current.verifyName ?? current.host}`);
  return out;
}

/** The label of an attempt: its changes from the launch options, or "as given". */
export function changesLabel(original: ProbeOptions, current: ProbeOptions): string {
  return describeChanges(original, current).join(', ') || 'as given';
}
