// The TLS 1.3 handshake messages that travel encrypted (RFC 8446 §4.3–§4.6): EncryptedExtensions,
// Certificate, CertificateRequest, CertificateVerify, Finished, NewSessionTicket and KeyUpdate.
// This codec does not decrypt; these parse the inner plaintext a decryptor pushes into a
// HandshakeReassembler.
import { type Result, attempt } from './errors.js';
import { readExtensions } from './extensions.js';
import type { Extension } from './extension-forms.js';
import { ByteReader } from './reader.js';

export interface EncryptedExtensions {
  readonly extensions: readonly Extension[];
}

export function parseEncryptedExtensions(body: Uint8Array): Result<EncryptedExtensions> {
  return attempt(() => {
    const r = new ByteReader(body);
    const extensions = readExtensions(r, 'encrypted_extensions');
    r.end('encrypted_extensions');
    return { extensions };
  });
}

export interface CertificateEntry {
  /** DER X.509 (or a raw public key when RFC 7250 was negotiated). */
  readonly data: Uint8Array;
  /** Per-entry extensions: status_request carries the stapled OCSP response (§4.4.2.1). */
  readonly extensions: readonly Extension[];
}

export interface Certificate13 {
  /** Empty for a server's Certificate; echoes CertificateRequest's context for a client's. */
  readonly requestContext: Uint8Array;
  readonly entries: readonly CertificateEntry[];
}

export function parseCertificate13(body: Uint8Array): Result<Certificate13> {
  return attempt(() => {
    const r = new ByteReader(body);
    const requestContext = r.vector(1, 'certificate_request_context');
    const list = r.sub(3, 'certificate_list');
    const entries: CertificateEntry[] = [];
    while (list.remaining > 0) {
      const data = list.vector(3, 'cert_data', 1);
      entries.push({ data, extensions: readExtensions(list, 'certificate') });
    }
    r.end('certificate');
    return { requestContext, entries };
  });
}

export interface CertificateRequest13 {
  readonly requestContext: Uint8Array;
  readonly extensions: readonly Extension[];
}

export function parseCertificateRequest13(body: Uint8Array): Result<CertificateRequest13> {
  return attempt(() => {
    const r = new ByteReader(body);
    const requestContext = r.vector(1, 'certificate_request_context');
    const extensions = readExtensions(r, 'certificate_request');
    r.end('certificate_request');
    return { requestContext, extensions };
  });
}

export interface CertificateVerify {
  readonly scheme: number;
  readonly signatureLength: number;
  readonly signature: Uint8Array;
}

export function parseCertificateVerify(body: Uint8Array): Result<CertificateVerify> {
  return attempt(() => {
    const r = new ByteReader(body);
    const scheme = r.u16('algorithm');
    const signature = r.vector(2, 'signature', 1);
    r.end('certificate_verify');
    return { scheme, signatureLength: signature.length, signature };
  });
}

export interface Finished {
  /** HMAC of the transcript in TLS 1.3 (§4.4.4); 12 bytes of PRF output in TLS 1.2 (§7.4.9). */
  readonly verifyData: Uint8Array;
}

export function parseFinished(body: Uint8Array): Result<Finished> {
  return attempt(() => {
    const r = new ByteReader(body);
    if (r.remaining < 12) r.fail('bad-length', `verify_data of ${r.remaining} bytes (at least 12)`);
    return { verifyData: r.rest() };
  });
}

export interface NewSessionTicket13 {
  readonly lifetime: number;
  readonly ageAdd: number;
  readonly nonce: Uint8Array;
  readonly ticketLength: number;
  readonly extensions: readonly Extension[];
}

export function parseNewSessionTicket13(body: Uint8Array): Result<NewSessionTicket13> {
  return attempt(() => {
    const r = new ByteReader(body);
    const lifetime = r.u32('ticket_lifetime');
    const ageAdd = r.u32('ticket_age_add');
    const nonce = r.vector(1, 'ticket_nonce');
    const ticketLength = r.vector(2, 'ticket', 1).length;
    const extensions = readExtensions(r, 'new_session_ticket');
    r.end('new_session_ticket');
    return { lifetime, ageAdd, nonce, ticketLength, extensions };
  });
}

export interface KeyUpdate {
  /** 0 update_not_requested, 1 update_requested (§4.6.3). */
  readonly requestUpdate: number;
}

export function parseKeyUpdate(body: Uint8Array): Result<KeyUpdate> {
  return attempt(() => {
    const r = new ByteReader(body);
    const requestUpdate = r.u8('request_update');
    if (requestUpdate > 1) r.fail('bad-value', `request_update ${requestUpdate} (must be 0 or 1)`);
    r.end('key_update');
    return { requestUpdate };
  });
}
