// The TLS 1.2-and-older handshake messages a scanner sees in the clear after ServerHello (RFC 5246
// §7.4.2–§7.4.5): Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone, plus
// CertificateStatus (RFC 6066 §8) and the RFC 5077 NewSessionTicket. SSL 3.0 and TLS 1.0/1.1 use
// the same grammar minus the signature-algorithm fields that TLS 1.2 added.
import { type Result, attempt } from './errors.js';
import { ByteReader } from './reader.js';
import type { CipherSuite } from './registry/cipher-suites.js';
import { TLS12 } from './registry/versions.js';

export interface Certificate12 {
  /** DER certificates, the server's own first (RFC 5246 §7.4.2). */
  readonly certificates: readonly Uint8Array[];
}

export function parseCertificate12(body: Uint8Array): Result<Certificate12> {
  return attempt(() => {
    const r = new ByteReader(body);
    const list = r.sub(3, 'certificate_list');
    const certificates: Uint8Array[] = [];
    while (list.remaining > 0) certificates.push(list.vector(3, 'ASN.1Cert', 1));
    r.end('certificate');
    return { certificates };
  });
}

/** The ServerKeyExchange grammars, chosen by the negotiated suite's key exchange. */
export type ServerKeyExchangeKind = 'ecdhe' | 'dhe' | 'psk' | 'ecdhe_psk' | 'dhe_psk';

/** RFC 5246 §4.7 digitally-signed; TLS 1.2 puts the SignatureAndHashAlgorithm in front. */
export interface KeyExchangeSignature {
  readonly scheme: number | null;
  readonly signatureLength: number;
  readonly signature: Uint8Array;
}

export type ServerKeyExchange =
  | {
      readonly kind: 'ecdhe';
      /** RFC 8422 §5.4: 3 = named_curve, the only type still allowed. */
      readonly curveType: number;
      readonly namedGroup: number;
      readonly publicKeyLength: number;
      readonly publicKey: Uint8Array;
      readonly pskIdentityHintLength: number | null;
      readonly signature: KeyExchangeSignature | null;
    }
  | {
      readonly kind: 'dhe';
      /** Size of the prime in bits: the group size a scanner grades (RFC 7919 §1, Logjam). */
      readonly pBits: number;
      readonly p: Uint8Array;
      readonly g: bigint;
      readonly ysLength: number;
      readonly ys: Uint8Array;
      readonly pskIdentityHintLength: number | null;
      readonly signature: KeyExchangeSignature | null;
    }
  | { readonly kind: 'psk'; readonly pskIdentityHintLength: number };

/** Which ServerKeyExchange grammar a suite implies; null when the suite sends none (RSA, static DH). */
export function serverKeyExchangeKind(suite: CipherSuite): ServerKeyExchangeKind | null {
  switch (suite.keyExchange) {
    case 'ECDHE':
      return 'ecdhe';
    case 'DHE':
      return 'dhe';
    case 'PSK':
    case 'RSA_PSK':
      return 'psk';
    case 'ECDHE_PSK':
      return 'ecdhe_psk';
    case 'DHE_PSK':
      return 'dhe_psk';
    case 'RSA':
    case 'DH':
    case 'ECDH':
    case 'KRB5':
    case 'SRP':
    case 'ECCPWD':
    case 'GOST':
    case 'TLS13':
    case 'NULL':
    case 'SCSV':
      return null;
  }
}

/** Bit length of a big-endian unsigned integer, ignoring leading zero bytes and bits. */
export function bitLength(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length && bytes[i] === 0) i++;
  if (i === bytes.length) return 0;
  return (bytes.length - i - 1) * 8 + (32 - Math.clz32(bytes[i] as number));
}

function toBigInt(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v;
}

function readSignature(r: ByteReader, version: number): KeyExchangeSignature | null {
  // Anonymous and PSK key exchanges are not signed: nothing follows the parameters.
  if (r.remaining === 0) return null;
  const scheme = version >= TLS12 ? r.u16('signature algorithm') : null;
  const signature = r.vector(2, 'signature');
  return { scheme, signatureLength: signature.length, signature };
}

/**
 * `version` is the negotiated one (ServerHello's): before TLS 1.2 the signature has no algorithm
 * field (RFC 4346 §7.4.3).
 */
export function parseServerKeyExchange(
  body: Uint8Array,
  kind: ServerKeyExchangeKind,
  version: number,
): Result<ServerKeyExchange> {
  return attempt((): ServerKeyExchange => {
    const r = new ByteReader(body);
    // RFC 4279 §2 / RFC 5489 §2: the PSK variants start with psk_identity_hint.
    const hint =
      kind === 'psk' || kind === 'ecdhe_psk' || kind === 'dhe_psk'
        ? r.vector(2, 'psk_identity_hint')
        : null;
    const pskIdentityHintLength = hint ? hint.length : null;
    let out: ServerKeyExchange;
    if (kind === 'psk') {
      out = { kind: 'psk', pskIdentityHintLength: hint?.length ?? 0 };
    } else if (kind === 'ecdhe' || kind === 'ecdhe_psk') {
      const curveType = r.u8('curve_type');
      if (curveType !== 3)
        r.fail(
          'bad-value',
          `curve_type ${curveType}: explicit curves are not supported (RFC 8422 §5.4)`,
        );
      const namedGroup = r.u16('namedcurve');
      const publicKey = r.vector(1, 'ECPoint', 1);
      const signature = kind === 'ecdhe' ? readSignature(r, version) : null;
      out = {
        kind: 'ecdhe',
        curveType,
        namedGroup,
        publicKeyLength: publicKey.length,
        publicKey,
        pskIdentityHintLength,
        signature,
      };
    } else {
      const p = r.vector(2, 'dh_p', 1);
      const g = toBigInt(r.vector(2, 'dh_g', 1));
      const ys = r.vector(2, 'dh_Ys', 1);
      const signature = kind === 'dhe' ? readSignature(r, version) : null;
      out = {
        kind: 'dhe',
        pBits: bitLength(p),
        p,
        g,
        ysLength: ys.length,
        ys,
        pskIdentityHintLength,
        signature,
      };
    }
    r.end('server_key_exchange');
    return out;
  });
}

export interface CertificateRequest12 {
  /** ClientCertificateType values (1 rsa_sign, 2 dss_sign, 64 ecdsa_sign, …). */
  readonly certificateTypes: readonly number[];
  /** TLS 1.2 only (RFC 5246 §7.4.4); null before. */
  readonly signatureAlgorithms: readonly number[] | null;
  /** DER DistinguishedNames of the CAs the server accepts. */
  readonly authorities: readonly Uint8Array[];
}

export function parseCertificateRequest12(
  body: Uint8Array,
  version: number,
): Result<CertificateRequest12> {
  return attempt(() => {
    const r = new ByteReader(body);
    const certificateTypes = r.u8List('certificate_types', 1);
    const signatureAlgorithms =
      version >= TLS12 ? r.u16List(2, 'supported_signature_algorithms', 2) : null;
    const list = r.sub(2, 'certificate_authorities');
    const authorities: Uint8Array[] = [];
    while (list.remaining > 0) authorities.push(list.vector(2, 'DistinguishedName', 1));
    r.end('certificate_request');
    return { certificateTypes, signatureAlgorithms, authorities };
  });
}

export interface ServerHelloDone {
  readonly type: 'server_hello_done';
}

export function parseServerHelloDone(body: Uint8Array): Result<ServerHelloDone> {
  return attempt(() => {
    new ByteReader(body).end('server_hello_done');
    return { type: 'server_hello_done' as const };
  });
}

export interface CertificateStatus {
  /** 1 = ocsp (RFC 6066 §8). */
  readonly statusType: number;
  readonly response: Uint8Array;
}

export function parseCertificateStatus(body: Uint8Array): Result<CertificateStatus> {
  return attempt(() => {
    const r = new ByteReader(body);
    const statusType = r.u8('status_type');
    const response = r.vector(3, 'OCSPResponse', 1);
    r.end('certificate_status');
    return { statusType, response };
  });
}

export interface NewSessionTicket12 {
  readonly lifetimeHint: number;
  readonly ticketLength: number;
}

/** RFC 5077 §3.3. */
export function parseNewSessionTicket12(body: Uint8Array): Result<NewSessionTicket12> {
  return attempt(() => {
    const r = new ByteReader(body);
    const lifetimeHint = r.u32('ticket_lifetime_hint');
    const ticketLength = r.vector(2, 'ticket').length;
    r.end('new_session_ticket');
    return { lifetimeHint, ticketLength };
  });
}
