// Builds a ClientHello record a scanner can write to a real socket (RFC 8446 §4.1.2, RFC 5246
// §7.4.1.2, RFC 6101 §5.6.1.2), for SSL 3.0 through TLS 1.3: legacy_version and the record
// version are whatever the caller asks, and TLS 1.3 is offered through supported_versions. The
// defaults follow what common clients send so servers answer as they would to a browser; every
// default can be overridden. Invalid options (a value that does not fit its field) throw a
// RangeError: they are programming errors, unlike bad bytes from a peer.
import { randomBytes, makeKeyShare } from './key-material.js';
import { cipherSuite } from './registry/cipher-suites.js';
import { EXT } from './registry/extension-types.js';
import { GROUP } from './registry/groups.js';
import { SSL3, TLS10, TLS12, TLS13 } from './registry/versions.js';
import { ByteWriter } from './writer.js';

export interface KeyShareOption {
  readonly group: number;
  /** The public value; generated for the group when absent (see key-material.ts). */
  readonly publicKey?: Uint8Array;
}

export interface RawExtension {
  readonly type: number;
  readonly data: Uint8Array;
}

export interface ClientHelloOptions {
  /** legacy_version: 0x0300 (SSL 3.0) … 0x0303; TLS 1.3 clients send 0x0303 (§4.1.2). */
  readonly version: number;
  readonly cipherSuites: readonly number[];
  /** supported_versions (§4.2.1), e.g. [0x0304, 0x0303]; absent: no extension. */
  readonly supportedVersions?: readonly number[];
  /** supported_groups; default x25519, secp256r1, secp384r1 when ECC or TLS 1.3 is offered. */
  readonly groups?: readonly number[];
  /** key_share entries; default one for the first group when TLS 1.3 is offered. */
  readonly keyShares?: readonly KeyShareOption[];
  /** server_name (RFC 6066 §3) host name. */
  readonly sni?: string;
  /** signature_algorithms; default a modern list when TLS 1.2 or 1.3 is offered. */
  readonly signatureAlgorithms?: readonly number[];
  readonly signatureAlgorithmsCert?: readonly number[];
  /** ALPN protocol ids (RFC 7301). */
  readonly alpn?: readonly string[];
  /** More extensions, written as given after the others and before padding. */
  readonly extensions?: readonly RawExtension[];
  /** legacy_session_id; default 32 random bytes when TLS 1.3 is offered (§D.4), else empty. */
  readonly sessionId?: Uint8Array;
  readonly random?: Uint8Array;
  /** compression_methods; default [0] (null). */
  readonly compression?: readonly number[];
  /** The record header's version; default min(version, 0x0301) as §5.1 advises. */
  readonly recordVersion?: number;
  /** renegotiation_info with an empty body (RFC 5746 §3.4); default true above SSL 3.0. */
  readonly includeRenegotiationInfo?: boolean;
  /** ec_point_formats (RFC 8422 §5.1.2); true means [uncompressed]; default when ECC offered. */
  readonly ecPointFormats?: readonly number[] | boolean;
  /** status_request for OCSP (RFC 6066 §8); default false. */
  readonly statusRequest?: boolean;
  /** extended_master_secret (RFC 7627); default true above SSL 3.0. */
  readonly extendedMasterSecret?: boolean;
  /** An empty session_ticket (RFC 5077); default false. */
  readonly sessionTicket?: boolean;
  /** psk_key_exchange_modes; default [psk_dhe_ke] when TLS 1.3 is offered. */
  readonly pskKeyExchangeModes?: readonly number[];
  /** A padding extension (RFC 7685) with this many zero bytes, written last. */
  readonly padding?: number;
}

export const DEFAULT_SIGNATURE_ALGORITHMS: readonly number[] = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401,
  0x0501, 0x0601, 0x0203, 0x0201,
];

export const DEFAULT_GROUPS: readonly number[] = [GROUP.x25519, GROUP.secp256r1, GROUP.secp384r1];

function usesEcc(suites: readonly number[]): boolean {
  return suites.some((code) => {
    const kx = cipherSuite(code)?.keyExchange;
    return kx === 'ECDHE' || kx === 'ECDH' || kx === 'ECDHE_PSK';
  });
}

function ascii(s: string, what: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 0x7f) throw new RangeError(`${what} must be ASCII (use the A-label of an IDN): ${s}`);
    out[i] = c;
  }
  return out;
}

/** The extensions in the order common clients use. */
function extensionList(o: ClientHelloOptions): RawExtension[] {
  const tls13 = o.supportedVersions?.includes(TLS13) ?? false;
  const above3 = o.version > SSL3 || tls13;
  const tls12 = o.version >= TLS12 || tls13;
  const ecc = usesEcc(o.cipherSuites) || tls13;
  const out: RawExtension[] = [];
  const add = (type: number, fill: (w: ByteWriter) => void): void => {
    const w = new ByteWriter();
    fill(w);
    out.push({ type, data: w.finish() });
  };
  if (o.sni !== undefined) {
    const host = ascii(o.sni, 'sni');
    add(EXT.server_name, (w) =>
      w.nested(2, (l) => l.u8(0).vector(2, host, 'host_name'), 'server_name_list'),
    );
  }
  if (o.extendedMasterSecret ?? above3) add(EXT.extended_master_secret, () => {});
  if (o.includeRenegotiationInfo ?? above3) add(EXT.renegotiation_info, (w) => w.u8(0));
  const groups = o.groups ?? (ecc ? DEFAULT_GROUPS : []);
  if (groups.length > 0) add(EXT.supported_groups, (w) => w.u16List(2, groups, 'supported_groups'));
  const formats =
    o.ecPointFormats === true
      ? [0]
      : o.ecPointFormats === false
        ? []
        : (o.ecPointFormats ?? (ecc ? [0] : []));
  if (formats.length > 0) add(EXT.ec_point_formats, (w) => w.vector(1, Uint8Array.from(formats)));
  if (o.sessionTicket) add(EXT.session_ticket, () => {});
  if (o.alpn && o.alpn.length > 0) {
    const ids = o.alpn.map((p) => ascii(p, 'alpn'));
    add(EXT.application_layer_protocol_negotiation, (w) =>
      w.nested(2, (l) => ids.forEach((id) => l.vector(1, id, 'protocol'))),
    );
  }
  if (o.statusRequest) add(EXT.status_request, (w) => w.u8(1).u16(0).u16(0));
  const schemes = o.signatureAlgorithms ?? (tls12 ? DEFAULT_SIGNATURE_ALGORITHMS : []);
  if (schemes.length > 0)
    add(EXT.signature_algorithms, (w) => w.u16List(2, schemes, 'signature_algorithms'));
  if (o.signatureAlgorithmsCert)
    add(EXT.signature_algorithms_cert, (w) => w.u16List(2, o.signatureAlgorithmsCert ?? []));
  if (o.supportedVersions)
    add(EXT.supported_versions, (w) => w.u16List(1, o.supportedVersions ?? [], 'versions'));
  const shares = o.keyShares ?? (tls13 && groups[0] !== undefined ? [{ group: groups[0] }] : []);
  if (shares.length > 0 || o.keyShares) {
    const entries = shares.map((s) => ({
      group: s.group,
      key: s.publicKey ?? makeKeyShare(s.group),
    }));
    add(EXT.key_share, (w) =>
      w.nested(2, (l) => entries.forEach((e) => l.u16(e.group).vector(2, e.key, 'key'))),
    );
  }
  const modes = o.pskKeyExchangeModes ?? (tls13 ? [1] : []);
  if (modes.length > 0) add(EXT.psk_key_exchange_modes, (w) => w.vector(1, Uint8Array.from(modes)));
  // RFC 8446 §4.2.11: pre_shared_key MUST be the last extension, so it goes after padding too.
  const extra = o.extensions ?? [];
  out.push(...extra.filter((e) => e.type !== EXT.pre_shared_key));
  if (o.padding !== undefined) out.push({ type: EXT.padding, data: new Uint8Array(o.padding) });
  out.push(...extra.filter((e) => e.type === EXT.pre_shared_key));
  return out;
}

/** The ClientHello handshake message (4-byte header + body), without a record header. */
export function buildClientHelloMessage(o: ClientHelloOptions): Uint8Array {
  if (o.cipherSuites.length === 0)
    throw new RangeError('a ClientHello needs at least one cipher suite');
  const tls13 = o.supportedVersions?.includes(TLS13) ?? false;
  const random = o.random ?? randomBytes(32);
  if (random.length !== 32) throw new RangeError(`random must be 32 bytes, got ${random.length}`);
  const sessionId = o.sessionId ?? (tls13 ? randomBytes(32) : new Uint8Array(0));
  if (sessionId.length > 32)
    throw new RangeError(`session id must be at most 32 bytes, got ${sessionId.length}`);
  const compression = o.compression ?? [0];
  if (compression.length === 0) throw new RangeError('compression_methods must not be empty');
  const extensions = extensionList(o);
  const body = new ByteWriter()
    .u16(o.version, 'legacy_version')
    .bytes(random)
    .vector(1, sessionId, 'session_id')
    .u16List(2, o.cipherSuites, 'cipher_suites')
    .vector(1, Uint8Array.from(compression), 'compression_methods');
  // No block at all when empty: SSL 3.0 servers may not expect one (RFC 5246 §7.4.1.2 allows it).
  if (extensions.length > 0) {
    body.nested(
      2,
      (w) =>
        extensions.forEach((e) => w.u16(e.type, 'extension type').vector(2, e.data, 'extension')),
      'extensions',
    );
  }
  const bytes = body.finish();
  return new ByteWriter().u8(1).vector(3, bytes, 'client_hello').finish();
}

/**
 * The ClientHello as TLSPlaintext records of type handshake (22), ready to write to a socket. A
 * hello longer than 2^14 bytes is split over several records (RFC 8446 §5.1 allows it).
 */
export function buildClientHello(o: ClientHelloOptions): Uint8Array {
  const message = buildClientHelloMessage(o);
  const recordVersion = o.recordVersion ?? Math.min(o.version, TLS10);
  const out = new ByteWriter();
  for (let at = 0; at < message.length; at += 2 ** 14) {
    out
      .u8(22)
      .u16(recordVersion, 'record version')
      .vector(2, message.subarray(at, at + 2 ** 14));
  }
  return out.finish();
}
