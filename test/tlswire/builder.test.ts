// buildClientHello: hellos for SSL 3.0 … TLS 1.3 parse back to what was asked, the key shares are
// real keys of the right size, and the record framing follows RFC 8446 §5.1.
import { createECDH, createPublicKey, diffieHellman, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  NAMED_GROUPS,
  RecordParser,
  buildClientHello,
  buildClientHelloMessage,
  findExtension,
  makeKeyShare,
  mlKemEncapsulationKey,
  parseClientHello,
  summarizeClientHello,
  type ClientHello,
  type ClientHelloOptions,
  type TlsRecord,
} from '../../src/tlswire/index.js';

function roundTrip(o: ClientHelloOptions): { hello: ClientHello; records: TlsRecord[] } {
  const { items, error } = new RecordParser().push(buildClientHello(o));
  expect(error).toBeNull();
  const msg = items.find((i) => i.kind === 'handshake');
  if (msg?.kind !== 'handshake') throw new Error('no handshake message');
  const parsed = parseClientHello(msg.message.body);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const records = items.flatMap((i) => (i.kind === 'record' ? [i.record] : []));
  return { hello: parsed.value, records };
}

const names = (h: ClientHello): string[] => h.extensions.map((e) => e.name);

describe('buildClientHello per version', () => {
  it('SSL 3.0: record and legacy version 0x0300, no extension block', () => {
    const { hello, records } = roundTrip({ version: 0x0300, cipherSuites: [0x000a, 0x0005] });
    expect(records[0]?.version).toBe(0x0300);
    expect(hello).toMatchObject({
      legacyVersion: 0x0300,
      cipherSuites: [0x000a, 0x0005],
      compressionMethods: [0],
      hasExtensions: false,
    });
    expect(hello.sessionId.length).toBe(0);
  });

  it('TLS 1.0 and 1.1: EMS and renegotiation_info, point formats only with ECC suites', () => {
    for (const version of [0x0301, 0x0302]) {
      const plain = roundTrip({ version, cipherSuites: [0x002f] });
      expect(plain.records[0]?.version).toBe(0x0301);
      expect(names(plain.hello)).toEqual(['extended_master_secret', 'renegotiation_info']);
      const ecc = roundTrip({ version, cipherSuites: [0xc013], sni: 'mx.example' });
      expect(names(ecc.hello)).toEqual([
        'server_name',
        'extended_master_secret',
        'renegotiation_info',
        'supported_groups',
        'ec_point_formats',
      ]);
    }
  });

  it('TLS 1.2: signature_algorithms by default, and every optional extension on request', () => {
    const { hello } = roundTrip({
      version: 0x0303,
      cipherSuites: [0xc02f, 0x009e, 0x00ff],
      sni: 'mail.example.org',
      alpn: ['smtp'],
      statusRequest: true,
      sessionTicket: true,
      signatureAlgorithmsCert: [0x0804],
      ecPointFormats: [0, 1],
      padding: 17,
      compression: [1, 0],
    });
    expect(names(hello)).toEqual([
      'server_name',
      'extended_master_secret',
      'renegotiation_info',
      'supported_groups',
      'ec_point_formats',
      'session_ticket',
      'application_layer_protocol_negotiation',
      'status_request',
      'signature_algorithms',
      'signature_algorithms_cert',
      'padding',
    ]);
    expect(hello.compressionMethods).toEqual([1, 0]);
    expect(findExtension(hello.extensions, 'ec_point_formats')?.formats).toEqual([0, 1]);
    expect(findExtension(hello.extensions, 'status_request')).toMatchObject({
      form: 'request',
      statusType: 1,
    });
    expect(findExtension(hello.extensions, 'padding')?.length).toBe(17);
    expect(summarizeClientHello(hello)).toMatchObject({
      serverName: 'mail.example.org',
      alpn: ['smtp'],
      versions: [0x0303],
    });
  });

  it('TLS 1.3: supported_versions, a real X25519 share, a 32-byte session id', () => {
    const { hello, records } = roundTrip({
      version: 0x0303,
      supportedVersions: [0x0304, 0x0303],
      cipherSuites: [0x1301, 0xc02b],
    });
    expect(records[0]?.version).toBe(0x0301);
    expect(hello.sessionId.length).toBe(32);
    const sum = summarizeClientHello(hello);
    expect(sum).toMatchObject({
      versions: [0x0304, 0x0303],
      groups: [29, 23, 24],
      keyShareGroups: [29],
    });
    const ks = findExtension(hello.extensions, 'key_share');
    const share = ks?.form === 'client' ? ks.shares[0] : undefined;
    expect(share?.keyLength).toBe(32);
    // A real point: X25519 agreement with it succeeds.
    const peer = createPublicKey({
      key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(share?.key ?? []).toString('base64url') },
      format: 'jwk',
    });
    const mine = generateKeyPairSync('x25519').privateKey;
    expect(diffieHellman({ privateKey: mine, publicKey: peer }).length).toBe(32);
    expect(findExtension(hello.extensions, 'psk_key_exchange_modes')?.modes).toEqual([1]);
  });

  it('given fields come back unchanged', () => {
    const random = new Uint8Array(32).map((_, i) => i);
    const key = new Uint8Array(32).fill(9);
    const { hello } = roundTrip({
      version: 0x0303,
      supportedVersions: [0x0304],
      cipherSuites: [0x1302],
      random,
      sessionId: new Uint8Array(5).fill(1),
      keyShares: [{ group: 29, publicKey: key }],
      recordVersion: 0x0303,
      includeRenegotiationInfo: false,
      extendedMasterSecret: false,
      extensions: [
        { type: 41, data: new Uint8Array([0, 0]) },
        { type: 0x4469, data: new Uint8Array([7]) },
      ],
      padding: 3,
    });
    expect(Array.from(hello.random)).toEqual(Array.from(random));
    expect(Array.from(hello.sessionId)).toEqual([1, 1, 1, 1, 1]);
    const ks = findExtension(hello.extensions, 'key_share');
    expect(ks?.form === 'client' && Array.from(ks.shares[0]?.key ?? [])).toEqual(Array.from(key));
    // pre_shared_key must stay last, after padding (RFC 8446 §4.2.11).
    expect(hello.extensions.map((e) => e.code).slice(-3)).toEqual([0x4469, 21, 41]);
  });

  it('splits a hello above 2^14 bytes over several records', () => {
    const { hello, records } = roundTrip({
      version: 0x0303,
      cipherSuites: [0x002f],
      padding: 20000,
    });
    expect(records.length).toBe(2);
    expect(records.every((r) => r.fragment.length <= 2 ** 14)).toBe(true);
    expect(findExtension(hello.extensions, 'padding')?.length).toBe(20000);
  });

  it('throws RangeError on options that cannot be encoded', () => {
    expect(() => buildClientHelloMessage({ version: 0x0303, cipherSuites: [] })).toThrow(
      RangeError,
    );
    expect(() => buildClientHelloMessage({ version: 0x0303, cipherSuites: [0x10000] })).toThrow(
      RangeError,
    );
    expect(() =>
      buildClientHelloMessage({ version: 0x0303, cipherSuites: [1], random: new Uint8Array(3) }),
    ).toThrow(RangeError);
    expect(() =>
      buildClientHelloMessage({ version: 0x0303, cipherSuites: [1], sni: 'bücher.example' }),
    ).toThrow(RangeError);
    expect(() =>
      buildClientHelloMessage({ version: 0x0303, cipherSuites: [1], keyShares: [{ group: 1 }] }),
    ).toThrow(RangeError);
  });
});

describe('key shares', () => {
  it('NIST and brainpool shares are points on their curves', () => {
    for (const [group, curve] of [
      [23, 'prime256v1'],
      [24, 'secp384r1'],
      [25, 'secp521r1'],
      [31, 'brainpoolP256r1'],
    ] as const) {
      const share = makeKeyShare(group);
      expect(share[0]).toBe(4);
      const ecdh = createECDH(curve);
      ecdh.generateKeys();
      expect(() => ecdh.computeSecret(share)).not.toThrow();
    }
  });

  it('every group with a known share length gets a share of that length', () => {
    for (const g of NAMED_GROUPS) {
      if (g.keyShareLength === undefined || g.kind === 'gost') continue;
      expect(makeKeyShare(g.code).length, g.name).toBe(g.keyShareLength);
    }
  });

  it('ML-KEM encapsulation keys have every coefficient below q = 3329', () => {
    const key = mlKemEncapsulationKey(3);
    expect(key.length).toBe(1184);
    for (let i = 0; i < 1152; i += 3) {
      const a = (key[i] as number) | (((key[i + 1] as number) & 0x0f) << 8);
      const b = ((key[i + 1] as number) >> 4) | ((key[i + 2] as number) << 4);
      expect(a < 3329 && b < 3329).toBe(true);
    }
  });
});
