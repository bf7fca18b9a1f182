// Protocol version numbers as they appear on the wire (RFC 8446 §4.2.1, RFC 5246 §6.2.1,
// RFC 6101 for SSL 3.0) and DTLS's inverted ones, with the names people know them by.
import { isGrease } from './grease.js';

export const SSL3 = 0x0300;
export const TLS10 = 0x0301;
export const TLS11 = 0x0302;
export const TLS12 = 0x0303;
export const TLS13 = 0x0304;

/** The versions this codec reads and builds, oldest first. */
export const PROTOCOL_VERSIONS: readonly { code: number; name: string }[] = [
  { code: SSL3, name: 'SSLv3' },
  { code: TLS10, name: 'TLSv1.0' },
  { code: TLS11, name: 'TLSv1.1' },
  { code: TLS12, name: 'TLSv1.2' },
  { code: TLS13, name: 'TLSv1.3' },
];

const DTLS: Readonly<Record<number, string>> = {
  0xfeff: 'DTLSv1.0',
  0xfefd: 'DTLSv1.2',
  0xfefc: 'DTLSv1.3',
};

/**
 * A name for any version number: the known ones, TLS 1.3 drafts (0x7F00 + draft number, as
 * deployed before RFC 8446), GREASE, else the hex value.
 */
export function versionName(code: number): string {
  const known = PROTOCOL_VERSIONS.find((v) => v.code === code);
  if (known) return known.name;
  if (DTLS[code]) return DTLS[code];
  if (code >> 8 === 0x7f) return `TLSv1.3-draft${code & 0xff}`;
  if (isGrease(code)) return `GREASE(0x${code.toString(16).padStart(4, '0')})`;
  return `0x${code.toString(16).padStart(4, '0')}`;
}
