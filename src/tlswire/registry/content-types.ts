// Record content types (RFC 8446 §5.1, RFC 5246 §6.2.1) and handshake message types (RFC 8446
// §4 and the IANA "TLS HandshakeType" registry), with their IANA names.

export type ContentTypeName = 'change_cipher_spec' | 'alert' | 'handshake' | 'application_data';

/** The four record types this codec accepts. Heartbeat (24) is left out on purpose: see below. */
export const CONTENT_TYPES: Readonly<Record<number, ContentTypeName>> = {
  20: 'change_cipher_spec',
  21: 'alert',
  22: 'handshake',
  23: 'application_data',
};

/**
 * Handshake types by code. 6 was HelloRetryRequest in TLS 1.3 drafts; the RFC sends it as a
 * ServerHello with a fixed random instead (RFC 8446 §4.1.3).
 */
export const HANDSHAKE_TYPES: Readonly<Record<number, string>> = {
  0: 'hello_request',
  1: 'client_hello',
  2: 'server_hello',
  3: 'hello_verify_request',
  4: 'new_session_ticket',
  5: 'end_of_early_data',
  6: 'hello_retry_request_RESERVED',
  8: 'encrypted_extensions',
  9: 'request_connection_id',
  10: 'new_connection_id',
  11: 'certificate',
  12: 'server_key_exchange',
  13: 'certificate_request',
  14: 'server_hello_done',
  15: 'certificate_verify',
  16: 'client_key_exchange',
  17: 'client_certificate_request',
  20: 'finished',
  21: 'certificate_url',
  22: 'certificate_status',
  23: 'supplemental_data',
  24: 'key_update',
  25: 'compressed_certificate',
  26: 'ekt_key',
  254: 'message_hash',
};

export function handshakeTypeName(code: number): string {
  return HANDSHAKE_TYPES[code] ?? `unknown(${code})`;
}

/** Compression methods (RFC 5246 §6.2.2, RFC 3749, RFC 3943). Only null is allowed in TLS 1.3. */
export const COMPRESSION_METHODS: Readonly<Record<number, string>> = {
  0: 'null',
  1: 'DEFLATE',
  64: 'LZS',
};
