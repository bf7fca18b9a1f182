// Pure parts of the scan: chunking, offer-order logic, weaknesses and exit codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidates, chunks, MAX_SUITES_PER_HELLO } from '../../src/scan/offers.js';
import { inOfferOrder } from '../../src/scan/order.js';
import { findWeaknesses } from '../../src/scan/weaknesses.js';
import { scanExitCode } from '../../src/cli/exit-codes-scan.js';
import {
  SCAN_VERSIONS,
  type ProtocolResult,
  type ScanResult,
  type ScanVersion,
} from '../../src/scan/types.js';
import { cipherSuite } from '../../src/tlswire/index.js';

const proto = (supported: boolean | null, codes: number[] = []): ProtocolResult => ({
  supported,
  complete: supported !== null,
  ciphers: codes.map((code) => ({
    code,
    name: '',
    standardName: cipherSuite(code)?.name ?? '',
    weak: false,
  })),
});
const protocols = (
  p: Partial<Record<ScanVersion, ProtocolResult>>,
): Record<ScanVersion, ProtocolResult> =>
  Object.fromEntries(SCAN_VERSIONS.map((v) => [v, p[v] ?? proto(false)])) as Record<
    ScanVersion,
    ProtocolResult
  >;
const noGroups = {
  tls13: [],
  ecdhe: [],
  serverPreference: null,
  helloRetryRequest: null,
  dheBits: [],
};

describe('chunks', () => {
  it('deals every candidate exactly once into as few hellos of at most 64 as possible', () => {
    for (const v of SCAN_VERSIONS) {
      const all = candidates(v);
      const parts = chunks(all);
      expect(parts.every((p) => p.length <= MAX_SUITES_PER_HELLO && p.length > 0)).toBe(true);
      expect(parts.length).toBe(Math.ceil(all.length / MAX_SUITES_PER_HELLO));
      expect(parts.flat().sort()).toEqual([...all].sort());
    }
  });
  it('holds for any list (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { maxLength: 500 }), (xs) => {
        const parts = chunks(xs);
        expect(parts.flat().sort()).toEqual([...xs].sort());
        expect(parts.every((p) => p.length <= 64)).toBe(true);
      }),
    );
  });
  it('leaves no suite a version cannot negotiate (TLS 1.3 suites only in TLS 1.3)', () => {
    expect(candidates('TLSv1.2')).not.toContain(0x1301);
    expect(candidates('TLSv1.3')).toEqual(expect.arrayContaining([0x1301, 0x1302, 0x1303]));
    expect(candidates('SSLv3')).toContain(0x0005); // RC4-SHA: OpenSSL cannot, the raw hello can
  });
});

describe('inOfferOrder', () => {
  it.each([
    [[1, 3], [1, 2, 3], true],
    [[3, 1], [1, 2, 3], false],
    [[2], [1, 2, 3], true],
  ])('%j in %j → %s', (picked, offered, want) => expect(inOfferOrder(picked, offered)).toBe(want));
});

describe('findWeaknesses', () => {
  it('a modern server has none', () => {
    const p = protocols({ 'TLSv1.3': proto(true, [0x1301]), 'TLSv1.2': proto(true, [0xc02f]) });
    expect(findWeaknesses(p, {}, noGroups)).toEqual([]);
  });
  it('flags legacy protocols and every weak class with the suites concerned', () => {
    const p = protocols({
      SSLv3: proto(true, [0x0005]),
      'TLSv1.0': proto(true, [0x000a, 0x0003]),
      'TLSv1.1': proto(true, [0x0034]),
    });
    const w = findWeaknesses(
      p,
      { 'TLSv1.0': { enforced: true, order: ['TLS_RSA_WITH_RC4_128_SHA'] } },
      { ...noGroups, dheBits: [1024, 2048] },
    );
    const codes = w.map((x) => x.code);
    expect(codes).toEqual([
      'sslv3-enabled',
      'tls10-enabled',
      'tls11-enabled',
      'no-tls12-or-later',
      'anonymous-cipher',
      'export-cipher',
      'rc4-cipher',
      '3des-cipher',
      'weak-dhe',
      'no-aead',
      'prefers-weak',
    ]);
    expect(w.find((x) => x.code === 'rc4-cipher')?.data).toEqual([
      'TLS_RSA_WITH_RC4_128_SHA',
      'TLS_RSA_EXPORT_WITH_RC4_40_MD5',
    ]);
    expect(w.find((x) => x.code === 'weak-dhe')?.data).toEqual([1024]);
  });
  it('CBC-only TLS 1.0 and a preferred weak suite', () => {
    const p = protocols({
      'TLSv1.0': proto(true, [0x002f]),
      'TLSv1.2': proto(true, [0x000a, 0xc02f]),
    });
    const w = findWeaknesses(
      p,
      { 'TLSv1.2': { enforced: true, order: ['TLS_RSA_WITH_3DES_EDE_CBC_SHA'] } },
      noGroups,
    );
    expect(w.map((x) => x.code)).toEqual([
      'tls10-enabled',
      '3des-cipher',
      'cbc-only-tls10',
      'prefers-weak',
    ]);
  });
  it('an inconclusive version is not reported enabled', () => {
    expect(
      findWeaknesses(
        protocols({ 'TLSv1.0': proto(null), 'TLSv1.2': proto(true, [0xc02f]) }),
        {},
        noGroups,
      ),
    ).toEqual([]);
  });
});

describe('scanExitCode', () => {
  const base = { fatal: null, weaknesses: [], inconclusive: [] } as unknown as ScanResult;
  it.each([
    [{}, 0],
    [{ weaknesses: [{ code: 'tls10-enabled', data: [] }] }, 8],
    [{ inconclusive: [{ what: 'TLSv1.2', why: 'throttled', detail: '' }] }, 9],
    [{ fatal: 'STARTTLS not offered', fatalCode: 'not-offered' }, 5],
    [{ fatal: 'connect: EHOSTUNREACH', fatalCode: 'other' }, 3],
  ])('%j → %i', (over, code) =>
    expect(scanExitCode({ ...base, ...over } as ScanResult)).toBe(code),
  );
});
