// The message parsers on hand-built bodies: the TLS 1.2 clear-text flight, the TLS 1.3 encrypted
// flight's plaintext, alerts, ChangeCipherSpec, and the extension grammars that depend on context.
import { describe, expect, it } from 'vitest';
import {
  type ClientHello,
  type Result,
  findExtension,
  parseAlert,
  parseCertificate13,
  parseCertificateRequest12,
  parseCertificateRequest13,
  parseCertificateStatus,
  parseCertificateVerify,
  parseChangeCipherSpec,
  parseClientHello,
  parseEncryptedExtensions,
  parseFinished,
  parseHandshakeMessage,
  parseKeyUpdate,
  parseNewSessionTicket12,
  parseNewSessionTicket13,
  parseServerHello,
  parseServerHelloDone,
  parseServerKeyExchange,
} from '../../src/tlswire/index.js';
import { ByteWriter, bytes, handshake } from './support/bytes.js';

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

const ext = (w: ByteWriter, type: number, body: Uint8Array): ByteWriter =>
  w.u16(type).vector(2, body);

describe('TLS 1.2 clear-text messages', () => {
  it('ServerKeyExchange, ECDHE, TLS 1.2: group, point length, signature scheme', () => {
    const body = new ByteWriter()
      .u8(3)
      .u16(29)
      .vector(1, new Uint8Array(32))
      .u16(0x0403)
      .vector(2, new Uint8Array(71))
      .finish();
    expect(value(parseServerKeyExchange(body, 'ecdhe', 0x0303))).toMatchObject({
      kind: 'ecdhe',
      namedGroup: 29,
      publicKeyLength: 32,
      signature: { scheme: 0x0403, signatureLength: 71 },
    });
  });

  it('ServerKeyExchange, ECDHE, TLS 1.0: no algorithm field before the signature', () => {
    const body = new ByteWriter()
      .u8(3)
      .u16(23)
      .vector(1, new Uint8Array(65))
      .vector(2, new Uint8Array(128))
      .finish();
    const ske = value(parseServerKeyExchange(body, 'ecdhe', 0x0301));
    expect(ske.kind === 'ecdhe' && ske.signature).toMatchObject({
      scheme: null,
      signatureLength: 128,
    });
  });

  it('ServerKeyExchange, DHE: the prime size in bits, g, Ys length', () => {
    const p = new Uint8Array(256).fill(0xff);
    const body = new ByteWriter()
      .vector(2, p)
      .vector(2, bytes(2))
      .vector(2, new Uint8Array(256))
      .u16(0x0804)
      .vector(2, new Uint8Array(256))
      .finish();
    expect(value(parseServerKeyExchange(body, 'dhe', 0x0303))).toMatchObject({
      kind: 'dhe',
      pBits: 2048,
      g: 2n,
      ysLength: 256,
    });
    // A 1024-bit prime sent with a leading zero byte is still 1024 bits.
    const p1024 = new Uint8Array(129);
    p1024[1] = 0x80;
    const weak = new ByteWriter().vector(2, p1024).vector(2, bytes(5)).vector(2, bytes(1)).finish();
    expect(value(parseServerKeyExchange(weak, 'dhe', 0x0303))).toMatchObject({
      pBits: 1024,
      g: 5n,
      signature: null,
    });
  });

  it('ServerKeyExchange refuses explicit curves and trailing bytes', () => {
    expect(parseServerKeyExchange(bytes(1, 0, 0), 'ecdhe', 0x0303)).toMatchObject({
      ok: false,
      error: { kind: 'bad-value' },
    });
    const extra = new ByteWriter()
      .u8(3)
      .u16(29)
      .vector(1, bytes(1))
      .u16(0x0403)
      .vector(2, bytes(1))
      .u8(0)
      .finish();
    expect(parseServerKeyExchange(extra, 'ecdhe', 0x0303)).toMatchObject({
      ok: false,
      error: { kind: 'trailing-bytes' },
    });
  });

  it('CertificateRequest with and without TLS 1.2 signature algorithms', () => {
    const dn = new Uint8Array(20).fill(0x30);
    const tls12 = new ByteWriter()
      .vector(1, bytes(1, 64))
      .u16List(2, [0x0403, 0x0804])
      .nested(2, (w) => w.vector(2, dn))
      .finish();
    expect(value(parseCertificateRequest12(tls12, 0x0303))).toMatchObject({
      certificateTypes: [1, 64],
      signatureAlgorithms: [0x0403, 0x0804],
    });
    const tls10 = new ByteWriter().vector(1, bytes(1)).u16(0).finish();
    expect(value(parseCertificateRequest12(tls10, 0x0301))).toEqual({
      certificateTypes: [1],
      signatureAlgorithms: null,
      authorities: [],
    });
  });

  it('ServerHelloDone must be empty; CertificateStatus and the RFC 5077 ticket', () => {
    expect(value(parseServerHelloDone(bytes()))).toEqual({ type: 'server_hello_done' });
    expect(parseServerHelloDone(bytes(0))).toMatchObject({
      ok: false,
      error: { kind: 'trailing-bytes' },
    });
    const status = new ByteWriter().u8(1).vector(3, new Uint8Array(300)).finish();
    expect(value(parseCertificateStatus(status))).toMatchObject({ statusType: 1 });
    const nst = new ByteWriter().u32(7200).vector(2, new Uint8Array(160)).finish();
    expect(value(parseNewSessionTicket12(nst))).toEqual({ lifetimeHint: 7200, ticketLength: 160 });
  });
});

describe('TLS 1.3 messages (decrypted plaintext)', () => {
  it('EncryptedExtensions with ALPN, an SNI ack, record_size_limit and early_data', () => {
    const body = new ByteWriter()
      .nested(2, (w) => {
        ext(w, 0, bytes());
        ext(
          w,
          16,
          new ByteWriter().nested(2, (l) => l.vector(1, new TextEncoder().encode('h2'))).finish(),
        );
        ext(w, 28, bytes(0x40, 0x01));
        ext(w, 42, bytes());
      })
      .finish();
    const ee = value(parseEncryptedExtensions(body)).extensions;
    expect(findExtension(ee, 'server_name')?.hostNames).toEqual([]);
    expect(findExtension(ee, 'application_layer_protocol_negotiation')?.protocols).toEqual(['h2']);
    expect(findExtension(ee, 'record_size_limit')?.limit).toBe(16385);
    expect(findExtension(ee, 'early_data')).toMatchObject({ form: 'indication' });
  });

  it('Certificate with a request context and a stapled OCSP response in the leaf entry', () => {
    const ocsp = new ByteWriter().u8(1).vector(3, new Uint8Array(500).fill(3)).finish();
    const body = new ByteWriter()
      .vector(1, bytes())
      .nested(3, (list) => {
        list.vector(3, new Uint8Array(400).fill(0x30)).nested(2, (w) => ext(w, 5, ocsp));
        list.vector(3, new Uint8Array(300).fill(0x30)).u16(0);
      })
      .finish();
    const c = value(parseCertificate13(body));
    expect(c.requestContext.length).toBe(0);
    expect(c.entries.map((e) => e.data.length)).toEqual([400, 300]);
    const staple = findExtension(c.entries[0]?.extensions ?? [], 'status_request');
    expect(staple?.form === 'response' && staple.response.length).toBe(500);
  });

  it('CertificateRequest, CertificateVerify, Finished, NewSessionTicket, KeyUpdate', () => {
    const cr = new ByteWriter()
      .vector(1, bytes(9))
      .nested(2, (w) => ext(w, 13, new ByteWriter().u16List(2, [0x0804]).finish()))
      .finish();
    const req = value(parseCertificateRequest13(cr));
    expect(findExtension(req.extensions, 'signature_algorithms')?.schemes).toEqual([0x0804]);
    expect(
      value(
        parseCertificateVerify(new ByteWriter().u16(0x0807).vector(2, new Uint8Array(64)).finish()),
      ),
    ).toMatchObject({ scheme: 0x0807, signatureLength: 64 });
    expect(value(parseFinished(new Uint8Array(48))).verifyData.length).toBe(48);
    expect(parseFinished(new Uint8Array(3)).ok).toBe(false);
    const nst = new ByteWriter()
      .u32(86400)
      .u32(0xdeadbeef)
      .vector(1, bytes(0))
      .vector(2, new Uint8Array(200))
      .nested(2, (w) => ext(w, 42, bytes(0, 0, 0x40, 0)))
      .finish();
    const t = value(parseNewSessionTicket13(nst));
    expect(t).toMatchObject({ lifetime: 86400, ageAdd: 0xdeadbeef, ticketLength: 200 });
    expect(findExtension(t.extensions, 'early_data')).toMatchObject({
      form: 'max_size',
      maxEarlyDataSize: 16384,
    });
    expect(value(parseKeyUpdate(bytes(1)))).toEqual({ requestUpdate: 1 });
    expect(parseKeyUpdate(bytes(2)).ok).toBe(false);
  });

  it('the dispatcher picks the grammar from the negotiated version and suite', () => {
    const cert12 = handshake(
      11,
      new ByteWriter().nested(3, (l) => l.vector(3, bytes(0x30, 0))).finish(),
    );
    const asMsg = (raw: Uint8Array) => ({
      type: raw[0] as number,
      typeName: '',
      body: raw.subarray(4),
      raw,
    });
    expect(value(parseHandshakeMessage(asMsg(cert12)))).toMatchObject({
      type: 'certificate',
      form: 'tls12',
    });
    const ske = handshake(
      12,
      new ByteWriter()
        .u8(3)
        .u16(29)
        .vector(1, new Uint8Array(32))
        .u16(0x0403)
        .vector(2, bytes(1))
        .finish(),
    );
    expect(
      value(parseHandshakeMessage(asMsg(ske), { version: 0x0303, cipherSuite: 0xc02b })),
    ).toMatchObject({ type: 'server_key_exchange', message: { kind: 'ecdhe' } });
    expect(parseHandshakeMessage(asMsg(ske), { cipherSuite: 0x002f })).toMatchObject({
      ok: false,
      error: { kind: 'bad-input' },
    });
    expect(value(parseHandshakeMessage(asMsg(handshake(16, bytes(1, 2)))))).toMatchObject({
      type: 'other',
      code: 16,
    });
  });
});

describe('alerts and ChangeCipherSpec', () => {
  it('names levels and descriptions', () => {
    expect(value(parseAlert(bytes(2, 70)))).toEqual({
      level: 2,
      levelName: 'fatal',
      description: 70,
      descriptionName: 'protocol_version',
    });
    expect(value(parseAlert(bytes(1, 112)))).toMatchObject({
      levelName: 'warning',
      descriptionName: 'unrecognized_name',
    });
    expect(value(parseAlert(bytes(9, 250)))).toMatchObject({
      levelName: 'unknown',
      descriptionName: 'unknown(250)',
    });
    expect(parseAlert(bytes(2)).ok).toBe(false);
  });

  it('ChangeCipherSpec is exactly 0x01', () => {
    expect(parseChangeCipherSpec(bytes(1)).ok).toBe(true);
    expect(parseChangeCipherSpec(bytes(2)).ok).toBe(false);
    expect(parseChangeCipherSpec(bytes(1, 1)).ok).toBe(false);
  });
});

describe('hello extensions', () => {
  function hello(fill: (w: ByteWriter) => void): ClientHello {
    const body = new ByteWriter()
      .u16(0x0303)
      .bytes(new Uint8Array(32))
      .vector(1, bytes())
      .u16List(2, [0x1a1a, 0x1301])
      .vector(1, bytes(0))
      .nested(2, fill)
      .finish();
    return value(parseClientHello(body));
  }

  it('keeps GREASE and unknown extensions by number, marks malformed known ones', () => {
    const ch = hello((w) => {
      ext(w, 0x2a2a, bytes());
      ext(w, 0x1234, bytes(1, 2, 3));
      ext(w, 10, bytes(0, 3, 0, 29, 0)); // odd list length: malformed
      ext(w, 43, new ByteWriter().u16List(1, [0x3a3a, 0x0304, 0x0303]).finish());
    });
    expect(ch.extensions[0]).toMatchObject({
      name: 'unknown',
      code: 0x2a2a,
      grease: true,
      length: 0,
    });
    expect(ch.extensions[1]).toMatchObject({
      name: 'unknown',
      code: 0x1234,
      grease: false,
      length: 3,
    });
    expect(ch.extensions[2]).toMatchObject({
      name: 'malformed',
      extension: 'supported_groups',
      error: { kind: 'bad-length' },
    });
    expect(findExtension(ch.extensions, 'supported_versions')).toMatchObject({
      form: 'list',
      versions: [0x3a3a, 0x0304, 0x0303],
    });
  });

  it('reads an offered pre_shared_key and psk modes', () => {
    const psk = new ByteWriter()
      .nested(2, (w) => w.vector(2, new Uint8Array(100)).u32(12345))
      .nested(2, (w) => w.vector(1, new Uint8Array(32)))
      .finish();
    const ch = hello((w) => {
      ext(w, 45, bytes(1, 1));
      ext(w, 41, psk);
    });
    expect(findExtension(ch.extensions, 'psk_key_exchange_modes')?.modes).toEqual([1]);
    expect(findExtension(ch.extensions, 'pre_shared_key')).toMatchObject({
      form: 'offered',
      identities: [{ identityLength: 100, obfuscatedTicketAge: 12345 }],
      binderLengths: [32],
    });
  });

  it('a TLS 1.2 ServerHello without extensions, and one with a selected PSK', () => {
    const bare = new ByteWriter()
      .u16(0x0301)
      .bytes(new Uint8Array(32))
      .vector(1, new Uint8Array(32))
      .u16(0x002f)
      .u8(0)
      .finish();
    expect(value(parseServerHello(bare))).toMatchObject({
      hasExtensions: false,
      selectedVersion: 0x0301,
      cipherSuite: 0x2f,
      downgradeSentinel: null,
    });
    const psk = new ByteWriter()
      .u16(0x0303)
      .bytes(new Uint8Array(32))
      .vector(1, bytes())
      .u16(0x1301)
      .u8(0)
      .nested(2, (w) => ext(w, 41, bytes(0, 0)))
      .finish();
    expect(findExtension(value(parseServerHello(psk)).extensions, 'pre_shared_key')).toMatchObject({
      form: 'selected',
      selectedIdentity: 0,
    });
  });
});
