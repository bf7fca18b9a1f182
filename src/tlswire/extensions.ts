// Parsing of extension blocks (RFC 8446 §4.2, RFC 5246 §7.4.1.4) and of each understood
// extension's body: server_name (RFC 6066 §3), status_request (RFC 6066 §8), supported_groups
// and ec_point_formats (RFC 8422 §5.1), ALPN (RFC 7301 §3.1), extended_master_secret (RFC 7627),
// encrypt_then_mac (RFC 7366), renegotiation_info (RFC 5746), session_ticket (RFC 5077),
// record_size_limit (RFC 8449), padding (RFC 7685) and the TLS 1.3 ones (RFC 8446 §4.2.1–§4.2.11).
// A malformed body of a known extension does not fail the whole message: a scanner wants the rest.
import { WireFailure } from './errors.js';
import { ByteReader } from './reader.js';
import type { Extension, ExtensionContext, KeyShareEntry, PskIdentity } from './extension-forms.js';
import { EXT, extensionName } from './registry/extension-types.js';
import { isGrease } from './registry/grease.js';

/** Reads a `Extension extensions<0..2^16-1>` block; the reader must be at its length prefix. */
export function readExtensions(r: ByteReader, context: ExtensionContext): Extension[] {
  const block = r.sub(2, 'extensions');
  const out: Extension[] = [];
  while (block.remaining > 0) {
    const code = block.u16('extension type');
    const bodyOffset = block.offset + 2;
    const body = block.vector(2, `extension ${extensionName(code)}`);
    out.push(parseExtension(code, body, bodyOffset, context));
  }
  return out;
}

/** One extension body; never throws (a grammar failure becomes a 'malformed' entry). */
export function parseExtension(
  code: number,
  body: Uint8Array,
  offset: number,
  context: ExtensionContext,
): Extension {
  const r = new ByteReader(body, offset);
  try {
    const parsed = parseKnown(code, r, context);
    if (parsed === undefined) {
      return { code, length: body.length, name: 'unknown', data: body, grease: isGrease(code) };
    }
    r.end(extensionName(code));
    return parsed;
  } catch (e) {
    if (!(e instanceof WireFailure)) throw e;
    return {
      code,
      length: body.length,
      name: 'malformed',
      extension: extensionName(code),
      error: e.wire,
    };
  }
}

/** Bytes as a string, one char per byte: host names and ALPN ids are ASCII, and nothing is lost. */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

function keyShareEntry(r: ByteReader): KeyShareEntry {
  const group = r.u16('key_share group');
  const key = r.vector(2, 'key_exchange', 1);
  return { group, keyLength: key.length, key };
}

function parseKnown(code: number, r: ByteReader, ctx: ExtensionContext): Extension | undefined {
  const length = r.remaining;
  const c = { code, length };
  switch (code) {
    case EXT.server_name: {
      // Servers acknowledge SNI with an empty body (RFC 6066 §3).
      if (length === 0) return { ...c, name: 'server_name', hostNames: [] };
      const list = r.sub(2, 'server_name_list', 1);
      const hostNames: string[] = [];
      while (list.remaining > 0) {
        const type = list.u8('name_type');
        const name = list.vector(2, 'host_name', 1);
        if (type === 0) hostNames.push(latin1(name));
      }
      return { ...c, name: 'server_name', hostNames };
    }
    case EXT.supported_versions:
      if (ctx === 'client_hello') {
        return {
          ...c,
          name: 'supported_versions',
          form: 'list',
          versions: r.u16List(1, 'versions', 2),
        };
      }
      return {
        ...c,
        name: 'supported_versions',
        form: 'selected',
        version: r.u16('selected_version'),
      };
    case EXT.supported_groups:
      return { ...c, name: 'supported_groups', groups: r.u16List(2, 'named_group_list', 2) };
    case EXT.key_share:
      if (ctx === 'hello_retry_request') {
        return { ...c, name: 'key_share', form: 'hrr', selectedGroup: r.u16('selected_group') };
      }
      if (ctx === 'server_hello')
        return { ...c, name: 'key_share', form: 'server', share: keyShareEntry(r) };
      {
        const list = r.sub(2, 'client_shares');
        const shares: KeyShareEntry[] = [];
        while (list.remaining > 0) shares.push(keyShareEntry(list));
        return { ...c, name: 'key_share', form: 'client', shares };
      }
    case EXT.signature_algorithms:
      return {
        ...c,
        name: 'signature_algorithms',
        schemes: r.u16List(2, 'signature_algorithms', 2),
      };
    case EXT.signature_algorithms_cert:
      return {
        ...c,
        name: 'signature_algorithms_cert',
        schemes: r.u16List(2, 'signature_algorithms_cert', 2),
      };
    case EXT.application_layer_protocol_negotiation: {
      const list = r.sub(2, 'protocol_name_list', 2);
      const protocols: string[] = [];
      while (list.remaining > 0) protocols.push(latin1(list.vector(1, 'protocol_name', 1)));
      return { ...c, name: 'application_layer_protocol_negotiation', protocols };
    }
    case EXT.status_request:
      if (length === 0) return { ...c, name: 'status_request', form: 'ack' };
      if (ctx === 'certificate') {
        // RFC 8446 §4.4.2.1: the CertificateStatus of RFC 6066 §8 rides in the leaf's entry.
        const statusType = r.u8('status_type');
        return {
          ...c,
          name: 'status_request',
          form: 'response',
          statusType,
          response: r.vector(3, 'OCSPResponse', 1),
        };
      }
      return {
        ...c,
        name: 'status_request',
        form: 'request',
        statusType: r.u8('status_type'),
        responderIdListLength: r.vector(2, 'responder_id_list').length,
        requestExtensionsLength: r.vector(2, 'request_extensions').length,
      };
    case EXT.session_ticket:
      return { ...c, name: 'session_ticket', ticket: r.rest() };
    case EXT.pre_shared_key: {
      if (ctx === 'server_hello') {
        return {
          ...c,
          name: 'pre_shared_key',
          form: 'selected',
          selectedIdentity: r.u16('selected_identity'),
        };
      }
      const ids = r.sub(2, 'identities', 7);
      const identities: PskIdentity[] = [];
      while (ids.remaining > 0) {
        const identityLength = ids.vector(2, 'identity', 1).length;
        identities.push({ identityLength, obfuscatedTicketAge: ids.u32('obfuscated_ticket_age') });
      }
      const binders = r.sub(2, 'binders', 33);
      const binderLengths: number[] = [];
      while (binders.remaining > 0) binderLengths.push(binders.vector(1, 'binder', 32).length);
      return { ...c, name: 'pre_shared_key', form: 'offered', identities, binderLengths };
    }
    case EXT.psk_key_exchange_modes:
      return { ...c, name: 'psk_key_exchange_modes', modes: r.u8List('ke_modes', 1) };
    case EXT.extended_master_secret:
      return { ...c, name: 'extended_master_secret' };
    case EXT.encrypt_then_mac:
      return { ...c, name: 'encrypt_then_mac' };
    case EXT.renegotiation_info:
      return {
        ...c,
        name: 'renegotiation_info',
        renegotiatedConnection: r.vector(1, 'renegotiated_connection'),
      };
    case EXT.ec_point_formats:
      return { ...c, name: 'ec_point_formats', formats: r.u8List('ec_point_format_list', 1) };
    case EXT.record_size_limit:
      return { ...c, name: 'record_size_limit', limit: r.u16('record_size_limit') };
    case EXT.early_data:
      if (ctx === 'new_session_ticket') {
        return {
          ...c,
          name: 'early_data',
          form: 'max_size',
          maxEarlyDataSize: r.u32('max_early_data_size'),
        };
      }
      return { ...c, name: 'early_data', form: 'indication' };
    case EXT.cookie:
      return { ...c, name: 'cookie', cookie: r.vector(2, 'cookie', 1) };
    case EXT.padding:
      r.rest();
      return { ...c, name: 'padding' };
    default:
      return undefined;
  }
}
