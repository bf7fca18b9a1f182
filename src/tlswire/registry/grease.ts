// GREASE (RFC 8701): values of the form 0x?A?A that clients sprinkle into cipher suites, groups,
// versions, signature schemes, extensions and ALPN so servers learn to ignore what they do not
// know. A parser that treats them as real unknown values would report noise; this tells them apart.

/** True for the sixteen reserved two-byte GREASE values 0x0A0A, 0x1A1A … 0xFAFA (RFC 8701 §2). */
export function isGrease(value: number): boolean {
  return (value & 0x0f0f) === 0x0a0a && value >> 8 === (value & 0xff) && value <= 0xffff;
}

/** The GREASE values for psk_key_exchange_modes: one byte 0x0B, 0x2A, 0x49 … 0xFE (RFC 8701 §2). */
export function isGreasePskMode(value: number): boolean {
  return value >= 0x0b && value <= 0xfe && (value - 0x0b) % 0x1f === 0;
}

/** All sixteen two-byte GREASE values, e.g. for a builder that wants to send some. */
export const GREASE_VALUES: readonly number[] = Array.from(
  { length: 16 },
  (_, i) => i * 0x1010 + 0x0a0a,
);
