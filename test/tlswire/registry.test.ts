// The registry tables: unique code points, properties derived right for a table of well-known
// suites, names that agree with the local OpenSSL's own list, and the GREASE rules of RFC 8701.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  cipherSuites,
  GREASE_VALUES,
  NAMED_GROUPS,
  SIGNATURE_SCHEMES,
  cipherSuite,
  cipherSuiteName,
  extensionName,
  groupName,
  isGrease,
  isGreasePskMode,
  signatureSchemeName,
  suiteByName,
  versionName,
} from '../../src/tlswire/index.js';

describe('cipher suites', () => {
  it('has one entry per code point and covers the registry', () => {
    const codes = cipherSuites().map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBeGreaterThan(340);
    expect(cipherSuites().every((s) => s.name.startsWith('TLS_'))).toBe(true);
  });

  it('looks one suite up (by code, IANA or OpenSSL name) as the whole registry has it', () => {
    for (const s of cipherSuites()) {
      expect(cipherSuite(s.code)).toEqual(s);
      expect(cipherSuiteName(s.code)).toBe(s.name);
      expect(suiteByName(s.name)?.code).toBe(s.code);
      if (s.openssl) expect(suiteByName(s.openssl)?.openssl).toBe(s.openssl);
    }
    expect(cipherSuite(0xfefe)).toBeUndefined();
    expect(suiteByName('NOT-A-SUITE')).toBeUndefined();
  });

  it.each([
    [
      0x0003,
      {
        keyExchange: 'RSA',
        encryption: 'RC4',
        keyBits: 40,
        mac: 'MD5',
        export: true,
        versions: ['SSLv3', 'TLSv1.0'],
      },
    ],
    [
      0x000a,
      {
        keyExchange: 'RSA',
        encryption: '3DES-CBC',
        forwardSecrecy: false,
        versions: ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2'],
      },
    ],
    [
      0x0016,
      {
        keyExchange: 'DHE',
        authentication: 'RSA',
        forwardSecrecy: true,
        mac: 'SHA1',
        openssl: 'DHE-RSA-DES-CBC3-SHA',
      },
    ],
    [0x0018, { keyExchange: 'DHE', authentication: 'anon', encryption: 'RC4' }],
    [0x0009, { encryption: 'DES-CBC', keyBits: 56, versions: ['SSLv3', 'TLSv1.0', 'TLSv1.1'] }],
    [0x0039, { keyExchange: 'DHE', encryption: 'AES-CBC', keyBits: 256, aead: false }],
    [
      0x009c,
      { keyExchange: 'RSA', encryption: 'AES-GCM', aead: true, mac: 'AEAD', versions: ['TLSv1.2'] },
    ],
    [
      0xc02f,
      {
        keyExchange: 'ECDHE',
        authentication: 'RSA',
        encryption: 'AES-GCM',
        forwardSecrecy: true,
        versions: ['TLSv1.2'],
      },
    ],
    [
      0xc00a,
      {
        keyExchange: 'ECDHE',
        authentication: 'ECDSA',
        mac: 'SHA1',
        versions: ['TLSv1.0', 'TLSv1.1', 'TLSv1.2'],
      },
    ],
    [0xc005, { keyExchange: 'ECDH', authentication: 'ECDH', forwardSecrecy: false }],
    [0xcca9, { encryption: 'ChaCha20-Poly1305', keyBits: 256, aead: true }],
    [0xc0a0, { encryption: 'AES-CCM8', aead: true, versions: ['TLSv1.2'] }],
    [0xc0aa, { keyExchange: 'DHE_PSK', authentication: 'PSK', encryption: 'AES-CCM8' }],
    [0x00b0, { keyExchange: 'PSK', encryption: 'NULL', mac: 'SHA256', aead: false }],
    [0xc03c, { encryption: 'ARIA-CBC', mac: 'SHA256' }],
    [0xc07b, { encryption: 'Camellia-GCM', keyBits: 256 }],
    [0x0096, { encryption: 'SEED-CBC', keyBits: 128 }],
    [0x0026, { keyExchange: 'KRB5', export: true, keyBits: 40 }],
    [
      0x1301,
      {
        keyExchange: 'TLS13',
        encryption: 'AES-GCM',
        versions: ['TLSv1.3'],
        openssl: 'TLS_AES_128_GCM_SHA256',
      },
    ],
    [0x1305, { encryption: 'AES-CCM8', versions: ['TLSv1.3'] }],
    [0xc0b4, { encryption: 'NULL', mac: 'SHA256', aead: false, versions: ['TLSv1.3'] }],
    [0x00ff, { signaling: true, versions: [] }],
    [0x5600, { name: 'TLS_FALLBACK_SCSV', signaling: true }],
    [0x0062, { registered: false, export: true, keyBits: 56 }],
    [0xcc13, { registered: false, encryption: 'ChaCha20-Poly1305' }],
  ])('suite %i has the expected properties', (code, expected) => {
    expect(cipherSuite(code)).toMatchObject(expected);
  });

  it('names unknown and GREASE codes', () => {
    expect(cipherSuiteName(0xc02b)).toBe('TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256');
    expect(cipherSuiteName(0x8a8a)).toBe('GREASE(0x8a8a)');
    expect(cipherSuiteName(0x0047)).toBe('unknown(0x0047)');
  });

  // The local openssl's list is the authority for OpenSSL names of the suites it still has.
  let opensslList = '';
  try {
    opensslList = execFileSync(
      'openssl',
      ['ciphers', '-V', '-stdname', 'ALL:COMPLEMENTOFALL:@SECLEVEL=0'],
      { encoding: 'utf8' },
    );
  } catch {
    opensslList = '';
  }
  it.skipIf(opensslList === '')(
    'agrees with `openssl ciphers -stdname` on codes, IANA and OpenSSL names',
    () => {
      const rows = opensslList
        .split('\n')
        .map((l) => /0x([0-9A-F]{2}),0x([0-9A-F]{2}) - (\S+)\s+- (\S+)/.exec(l))
        .flatMap((m) => (m ? [[parseInt(`${m[1]}${m[2]}`, 16), m[3], m[4]] as const] : []));
      expect(rows.length).toBeGreaterThan(50);
      for (const [code, iana, ossl] of rows) {
        expect({
          code,
          name: cipherSuite(code)?.name,
          openssl: cipherSuite(code)?.openssl,
        }).toEqual({ code, name: iana, openssl: ossl });
      }
    },
  );
});

describe('groups, signature schemes, versions, extensions', () => {
  it('names the groups a modern client sends', () => {
    expect([29, 23, 24, 25, 30, 256, 260, 0x11ec, 0x11eb, 0x11ed, 31].map(groupName)).toEqual([
      'x25519',
      'secp256r1',
      'secp384r1',
      'secp521r1',
      'x448',
      'ffdhe2048',
      'ffdhe8192',
      'X25519MLKEM768',
      'SecP256r1MLKEM768',
      'SecP384r1MLKEM1024',
      'brainpoolP256r1tls13',
    ]);
    expect(new Set(NAMED_GROUPS.map((g) => g.code)).size).toBe(NAMED_GROUPS.length);
    expect(groupName(0xfafa)).toBe('GREASE(0xfafa)');
  });

  it('names signature schemes, legacy pairs by their parts', () => {
    expect(signatureSchemeName(0x0804)).toBe('rsa_pss_rsae_sha256');
    expect(signatureSchemeName(0x080b)).toBe('rsa_pss_pss_sha512');
    expect(signatureSchemeName(0x0807)).toBe('ed25519');
    expect(signatureSchemeName(0x0201)).toBe('rsa_pkcs1_sha1');
    expect(signatureSchemeName(0x0001)).toBe('rsa_none');
    expect(signatureSchemeName(0xeeee)).toBe('unknown(0xeeee)');
    expect(SIGNATURE_SCHEMES.filter((s) => s.legacy).map((s) => s.code)).toContain(0x0203);
  });

  it('names versions including drafts and DTLS', () => {
    expect(
      [0x0300, 0x0301, 0x0302, 0x0303, 0x0304, 0x7f1c, 0xfefd, 0x0a0a].map(versionName),
    ).toEqual([
      'SSLv3',
      'TLSv1.0',
      'TLSv1.1',
      'TLSv1.2',
      'TLSv1.3',
      'TLSv1.3-draft28',
      'DTLSv1.2',
      'GREASE(0x0a0a)',
    ]);
  });

  it('names extensions', () => {
    expect([0, 16, 43, 51, 0xff01, 0xfe0d, 0x3a3a, 9999].map(extensionName)).toEqual([
      'server_name',
      'application_layer_protocol_negotiation',
      'supported_versions',
      'key_share',
      'renegotiation_info',
      'encrypted_client_hello',
      'GREASE(0x3a3a)',
      'unknown(9999)',
    ]);
  });
});

describe('GREASE (RFC 8701)', () => {
  it('knows exactly the sixteen two-byte values', () => {
    expect(GREASE_VALUES).toHaveLength(16);
    expect(GREASE_VALUES.every(isGrease)).toBe(true);
    let count = 0;
    for (let v = 0; v <= 0xffff; v++) if (isGrease(v)) count++;
    expect(count).toBe(16);
    expect(isGrease(0x0a1a)).toBe(false);
  });

  it('knows the psk_key_exchange_modes values', () => {
    const modes = Array.from({ length: 256 }, (_, i) => i).filter(isGreasePskMode);
    expect(modes).toEqual([0x0b, 0x2a, 0x49, 0x68, 0x87, 0xa6, 0xc5, 0xe4]);
  });
});
