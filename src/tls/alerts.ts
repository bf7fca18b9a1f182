// TLS alert descriptions (RFC 8446 §6 and RFC 5246 §7.2), so a failure is never a bare number.

const ALERTS: Record<number, [name: string, words: string]> = {
  0: ['close_notify', 'the server closed the TLS session'],
  10: ['unexpected_message', 'the server received a message it did not expect'],
  20: ['bad_record_mac', 'a record failed its integrity check'],
  21: ['decryption_failed', 'a record could not be decrypted'],
  22: ['record_overflow', 'a record was too long'],
  40: ['handshake_failure', 'no acceptable set of security parameters (often no shared cipher)'],
  41: ['no_certificate', 'no certificate was sent'],
  42: ['bad_certificate', 'a certificate was corrupt or failed verification'],
  43: ['unsupported_certificate', 'a certificate was of an unsupported type'],
  44: ['certificate_revoked', 'a certificate was revoked'],
  45: ['certificate_expired', 'a certificate has expired'],
  46: ['certificate_unknown', 'a certificate could not be accepted'],
  47: ['illegal_parameter', 'a handshake field was out of range or inconsistent'],
  48: ['unknown_ca', 'the certificate authority is not known'],
  49: ['access_denied', 'access was denied'],
  50: ['decode_error', 'a message could not be decoded'],
  51: ['decrypt_error', 'a handshake cryptographic operation failed'],
  60: ['export_restriction', 'export restriction'],
  70: ['protocol_version', 'no TLS version in common'],
  71: ['insufficient_security', 'the server requires stronger ciphers than the client offered'],
  80: ['internal_error', 'the server had an internal error'],
  86: ['inappropriate_fallback', 'an inappropriate protocol fallback was detected'],
  90: ['user_canceled', 'the handshake was cancelled'],
  100: ['no_renegotiation', 'renegotiation refused'],
  109: ['missing_extension', 'a required TLS extension was missing'],
  110: ['unsupported_extension', 'an extension was not supported'],
  112: ['unrecognized_name', 'the server does not recognise the SNI name sent'],
  113: ['bad_certificate_status_response', 'an invalid OCSP response was received'],
  115: ['unknown_psk_identity', 'unknown pre-shared key identity'],
  116: ['certificate_required', 'a client certificate is required'],
  120: ['no_application_protocol', 'no ALPN protocol in common'],
};

export interface AlertInfo {
  code: number;
  name: string;
  description: string;
}

export function describeAlert(code: number): AlertInfo {
  const known = ALERTS[code];
  if (known) return { code, name: known[0], description: known[1] };
  return { code, name: `alert_${code}`, description: `unknown TLS alert ${code}` };
}

/** OpenSSL messages carry the alert as "... alert number 70" or "SSL alert number 70". */
export function alertFromMessage(message: string): AlertInfo | null {
  const m = /alert number (\d{1,3})/i.exec(message);
  return m && m[1] ? describeAlert(Number(m[1])) : null;
}

/**
 * OpenSSL 3 error strings read "<thread>:error:<code>:<library>:<function>:<reason>:<source
 * file>:<line>:" plus a newline: keep the reason and function, drop the build path and the
 * thread id (they vary per run and say nothing to the reader).
 */
export function openSslWords(message: string): string {
  const m = /error:[0-9A-Fa-f]+:[^:]*:([^:]*):([^:]+):/.exec(message);
  if (!m || !m[2]) return message.trim();
  return m[1] ? `${m[2]} (OpenSSL ${m[1]})` : m[2];
}
