// Alert levels and descriptions (RFC 8446 §6, RFC 5246 §7.2, the IANA "TLS Alerts" registry).
// The _RESERVED ones are still seen from old servers, so they keep their historical meaning.

export type AlertLevelName = 'warning' | 'fatal';

export const ALERT_LEVELS: Readonly<Record<number, AlertLevelName>> = { 1: 'warning', 2: 'fatal' };

export const ALERT_DESCRIPTIONS: Readonly<Record<number, string>> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  21: 'decryption_failed_RESERVED',
  22: 'record_overflow',
  30: 'decompression_failure_RESERVED',
  40: 'handshake_failure',
  41: 'no_certificate_RESERVED',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  52: 'too_many_cids_requested',
  60: 'export_restriction_RESERVED',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  100: 'no_renegotiation_RESERVED',
  109: 'missing_extension',
  110: 'unsupported_extension',
  111: 'certificate_unobtainable_RESERVED',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  114: 'bad_certificate_hash_value_RESERVED',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  117: 'general_error',
  120: 'no_application_protocol',
  121: 'ech_required',
};

export function alertDescriptionName(code: number): string {
  return ALERT_DESCRIPTIONS[code] ?? `unknown(${code})`;
}
