// The parsed forms of the extensions this codec understands, as one union tagged by the IANA
// name. Where an extension's body differs by the message carrying it (key_share, supported_versions,
// pre_shared_key, status_request, early_data), a second tag `form` says which grammar applied.
import type { WireError } from './errors.js';

/** Which message an extension block came from: it decides the grammar (RFC 8446 §4.2 table). */
export type ExtensionContext =
  | 'client_hello'
  | 'server_hello'
  | 'hello_retry_request'
  | 'encrypted_extensions'
  | 'certificate'
  | 'certificate_request'
  | 'new_session_ticket';

export interface KeyShareEntry {
  readonly group: number;
  readonly keyLength: number;
  readonly key: Uint8Array;
}

export interface PskIdentity {
  readonly identityLength: number;
  readonly obfuscatedTicketAge: number;
}

/** Every parsed extension carries its type number and body length. */
interface Common {
  readonly code: number;
  readonly length: number;
}

export type Extension = Common &
  (
    | { readonly name: 'server_name'; readonly hostNames: readonly string[] }
    | {
        readonly name: 'supported_versions';
        readonly form: 'list';
        readonly versions: readonly number[];
      }
    | { readonly name: 'supported_versions'; readonly form: 'selected'; readonly version: number }
    | { readonly name: 'supported_groups'; readonly groups: readonly number[] }
    | {
        readonly name: 'key_share';
        readonly form: 'client';
        readonly shares: readonly KeyShareEntry[];
      }
    | { readonly name: 'key_share'; readonly form: 'server'; readonly share: KeyShareEntry }
    | { readonly name: 'key_share'; readonly form: 'hrr'; readonly selectedGroup: number }
    | { readonly name: 'signature_algorithms'; readonly schemes: readonly number[] }
    | { readonly name: 'signature_algorithms_cert'; readonly schemes: readonly number[] }
    | {
        readonly name: 'application_layer_protocol_negotiation';
        readonly protocols: readonly string[];
      }
    | {
        readonly name: 'status_request';
        readonly form: 'request';
        readonly statusType: number;
        readonly responderIdListLength: number;
        readonly requestExtensionsLength: number;
      }
    | { readonly name: 'status_request'; readonly form: 'ack' }
    | {
        readonly name: 'status_request';
        readonly form: 'response';
        readonly statusType: number;
        readonly response: Uint8Array;
      }
    | { readonly name: 'session_ticket'; readonly ticket: Uint8Array }
    | {
        readonly name: 'pre_shared_key';
        readonly form: 'offered';
        readonly identities: readonly PskIdentity[];
        readonly binderLengths: readonly number[];
      }
    | {
        readonly name: 'pre_shared_key';
        readonly form: 'selected';
        readonly selectedIdentity: number;
      }
    | { readonly name: 'psk_key_exchange_modes'; readonly modes: readonly number[] }
    | { readonly name: 'extended_master_secret' }
    | { readonly name: 'encrypt_then_mac' }
    | { readonly name: 'renegotiation_info'; readonly renegotiatedConnection: Uint8Array }
    | { readonly name: 'ec_point_formats'; readonly formats: readonly number[] }
    | { readonly name: 'record_size_limit'; readonly limit: number }
    | { readonly name: 'early_data'; readonly form: 'indication' }
    | { readonly name: 'early_data'; readonly form: 'max_size'; readonly maxEarlyDataSize: number }
    | { readonly name: 'cookie'; readonly cookie: Uint8Array }
    | { readonly name: 'padding' }
    /** A known extension whose body broke its grammar: kept, with why, instead of failing the hello. */
    | { readonly name: 'malformed'; readonly extension: string; readonly error: WireError }
    /** Any other type, GREASE included, kept by number with its raw body. */
    | { readonly name: 'unknown'; readonly data: Uint8Array; readonly grease: boolean }
  );

export type ExtensionName = Extension['name'];

/** The member of the union with the given name, for typed look-ups. */
export type ExtensionOf<N extends ExtensionName> = Extract<Extension, { name: N }>;

/** The first extension with that name, narrowed to its type. */
export function findExtension<N extends ExtensionName>(
  extensions: readonly Extension[],
  name: N,
): ExtensionOf<N> | undefined {
  return extensions.find((e): e is ExtensionOf<N> => e.name === name);
}
