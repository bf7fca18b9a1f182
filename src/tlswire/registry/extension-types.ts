// Extension type numbers and their IANA names (the "TLS ExtensionType Values" registry; RFC 8446
// §4.2 for the TLS 1.3 ones, RFC 6066 for the RFC 4366 set). Unknown numbers stay numbers.
import { isGrease } from './grease.js';

export const EXT = {
  server_name: 0,
  max_fragment_length: 1,
  status_request: 5,
  supported_groups: 10,
  ec_point_formats: 11,
  signature_algorithms: 13,
  use_srtp: 14,
  heartbeat: 15,
  application_layer_protocol_negotiation: 16,
  signed_certificate_timestamp: 18,
  padding: 21,
  encrypt_then_mac: 22,
  extended_master_secret: 23,
  compress_certificate: 27,
  record_size_limit: 28,
  session_ticket: 35,
  pre_shared_key: 41,
  early_data: 42,
  supported_versions: 43,
  cookie: 44,
  psk_key_exchange_modes: 45,
  certificate_authorities: 47,
  post_handshake_auth: 49,
  signature_algorithms_cert: 50,
  key_share: 51,
  renegotiation_info: 0xff01,
} as const;

export const EXTENSION_NAMES: Readonly<Record<number, string>> = {
  0: 'server_name',
  1: 'max_fragment_length',
  2: 'client_certificate_url',
  3: 'trusted_ca_keys',
  4: 'truncated_hmac',
  5: 'status_request',
  6: 'user_mapping',
  7: 'client_authz',
  8: 'server_authz',
  9: 'cert_type',
  10: 'supported_groups',
  11: 'ec_point_formats',
  12: 'srp',
  13: 'signature_algorithms',
  14: 'use_srtp',
  15: 'heartbeat',
  16: 'application_layer_protocol_negotiation',
  17: 'status_request_v2',
  18: 'signed_certificate_timestamp',
  19: 'client_certificate_type',
  20: 'server_certificate_type',
  21: 'padding',
  22: 'encrypt_then_mac',
  23: 'extended_master_secret',
  24: 'token_binding',
  25: 'cached_info',
  26: 'tls_lts',
  27: 'compress_certificate',
  28: 'record_size_limit',
  29: 'pwd_protect',
  30: 'pwd_clear',
  31: 'password_salt',
  32: 'ticket_pinning',
  33: 'tls_cert_with_extern_psk',
  34: 'delegated_credential',
  35: 'session_ticket',
  36: 'TLMSP',
  37: 'TLMSP_proxying',
  38: 'TLMSP_delegate',
  39: 'supported_ekt_ciphers',
  41: 'pre_shared_key',
  42: 'early_data',
  43: 'supported_versions',
  44: 'cookie',
  45: 'psk_key_exchange_modes',
  47: 'certificate_authorities',
  48: 'oid_filters',
  49: 'post_handshake_auth',
  50: 'signature_algorithms_cert',
  51: 'key_share',
  52: 'transparency_info',
  53: 'connection_id-deprecated',
  54: 'connection_id',
  55: 'external_id_hash',
  56: 'external_session_id',
  57: 'quic_transport_parameters',
  58: 'ticket_request',
  59: 'dnssec_chain',
  60: 'sequence_number_encryption_algorithms',
  61: 'rrc',
  62: 'tls_flags',
  0xfd00: 'ech_outer_extensions',
  0xfe0d: 'encrypted_client_hello',
  0xff01: 'renegotiation_info',
};

/** "key_share", "GREASE(0x1a1a)" or "unknown(12345)". */
export function extensionName(code: number): string {
  if (EXTENSION_NAMES[code]) return EXTENSION_NAMES[code];
  if (isGrease(code)) return `GREASE(0x${code.toString(16)})`;
  return `unknown(${code})`;
}

/** psk_key_exchange_modes values (RFC 8446 §4.2.9). */
export const PSK_KEY_EXCHANGE_MODES: Readonly<Record<number, string>> = {
  0: 'psk_ke',
  1: 'psk_dhe_ke',
};

/** ec_point_formats values (RFC 8422 §5.1.2; only uncompressed is still allowed). */
export const EC_POINT_FORMATS: Readonly<Record<number, string>> = {
  0: 'uncompressed',
  1: 'ansiX962_compressed_prime',
  2: 'ansiX962_compressed_char2',
};
