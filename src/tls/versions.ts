// TLS versions by the names people type (1.0 … 1.3) and the names Node and OpenSSL use, and
// which of them a run offers.
import type { TlsVersion } from '../model/index.js';

/** `--tls-min`/`--tls-max` values and the versions they name. */
export const TLS_VERSION_FLAGS: Readonly<Record<string, TlsVersion>> = {
  '1.0': 'TLSv1',
  '1.1': 'TLSv1.1',
  '1.2': 'TLSv1.2',
  '1.3': 'TLSv1.3',
};

const NUMBERS: Readonly<Record<TlsVersion, string>> = {
  TLSv1: '1.0',
  'TLSv1.1': '1.1',
  'TLSv1.2': '1.2',
  'TLSv1.3': '1.3',
};

/** "1.2" for TLSv1.2. */
export function versionNumber(v: TlsVersion): string {
  return NUMBERS[v];
}

/** TLS 1.0 and 1.1, deprecated by RFC 8996. */
export function isLegacy(v: TlsVersion | undefined): boolean {
  return v === 'TLSv1' || v === 'TLSv1.1';
}

/**
 * The versions a run offers: Node's 1.2–1.3 with `--tls-min`/`--tls-max` applied. A legacy
 * highest version takes the lowest down with it (`--tls-max 1.1` means "up to 1.1", which
 * Node's default lowest of 1.2 would otherwise turn into nothing at all).
 */
export function offeredVersions(
  min: TlsVersion | undefined,
  max: TlsVersion | undefined,
): { min: TlsVersion; max: TlsVersion } {
  return { min: min ?? (isLegacy(max) ? 'TLSv1' : 'TLSv1.2'), max: max ?? 'TLSv1.3' };
}
