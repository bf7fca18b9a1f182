// Node/OpenSSL error codes of a failed handshake, by what they say about the server.
import type { TlsFailure } from '../model/tls.js';

/** Failures of our own settings, raised before a ClientHello leaves: never the server's fault. */
export const LOCAL_CODES = new Set([
  'ERR_SSL_NO_PROTOCOLS_AVAILABLE',
  'ERR_SSL_NO_CIPHERS_AVAILABLE',
]);
export const PROTOCOL_CODES = new Set([
  'ERR_SSL_UNSUPPORTED_PROTOCOL',
  'ERR_SSL_VERSION_TOO_LOW',
  'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
  'ERR_SSL_TLSV1_ALERT_INAPPROPRIATE_FALLBACK',
]);
export const CIPHER_CODES = new Set([
  'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE',
  'ERR_SSL_NO_SHARED_CIPHER',
  'ERR_SSL_TLSV1_ALERT_INSUFFICIENT_SECURITY',
]);
export const NOT_TLS_CODES = new Set([
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'ERR_SSL_HTTP_REQUEST',
  'ERR_SSL_RECORD_LAYER_FAILURE',
]);

/** The server answered the ClientHello with bytes that are not TLS (plaintext SMTP, say). */
export function answeredWithoutTls(t: TlsFailure): boolean {
  return t.code !== null && NOT_TLS_CODES.has(t.code);
}

/**
 * The server's handshake message is larger than this client accepts: OpenSSL's limit for the
 * certificate message (max_cert_list, 100 KiB by default), which most MTAs share.
 */
export const TOO_LARGE_CODES = new Set(['ERR_SSL_EXCESSIVE_MESSAGE_SIZE']);

export function messageTooLarge(t: TlsFailure): boolean {
  return t.code !== null && TOO_LARGE_CODES.has(t.code);
}
