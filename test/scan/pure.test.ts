// Pure parts of the scan: chunking, offer-order logic, weaknesses and exit codes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { candidates, chainCount, deal, MAX_SUITES_PER_HELLO } from '../../src/scan/offers.js';
import { orderEvidence } from '../../src/scan/order-evidence.js';
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

describe('deal', () => {
  it('deals every candidate exactly once: windows of at most 64, the rest to refill them', () => {
    for (const v of SCAN_VERSIONS) {
      const all = candidates(v);
      const { windows, rest } = deal(all, chainCount(all.length));
      expect(windows.every((w) => w.length <= MAX_SUITES_PER_HELLO && w.length > 0)).toBe(true);
      expect(windows.length).toBe(chainCount(all.length));
      expect([...windows.flat(), ...rest].sort()).toEqual([...all].sort());
    }
  });
  it('holds for any list and chain count (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 0xffff }), { maxLength: 500 }),
        fc.integer({ min: 1, max: 6 }),
        (xs, n) => {
          const { windows, rest } = deal(xs, n);
          expect([...windows.flat(), ...rest].sort()).toEqual([...xs].sort());
          expect(windows.every((p) => p.length <= 64)).toBe(true);
          expect(windows.length).toBeLessThanOrEqual(n);
        },
      ),
    );
  });
  it.each([
    [15, 1],
    [64, 1],
    [128, 1],
    [129, 2],
    [209, 3],
    [312, 4],
  ])('%i candidates run %i chain(s)', (n, k) => expect(chainCount(n)).toBe(k));
  it('leaves no suite a version cannot negotiate, nor one that needs a shared secret', () => {
    expect(candidates('TLSv1.2')).not.toContain(0x1301);
    expect(candidates('TLSv1.3')).toEqual(expect.arrayContaining([0x1301, 0x1302, 0x1303]));
    expect(candidates('SSLv3')).toContain(0x0005); // RC4-SHA: OpenSSL cannot, the raw hello can
    // TLS_PSK_WITH_AES_128_CBC_SHA, TLS_SRP_SHA_WITH_AES_128_CBC_SHA, TLS_KRB5_WITH_RC4_128_SHA
    for (const code of [0x008c, 0xc01d, 0x0020]) expect(candidates('TLSv1.2')).not.toContain(code);
  });
});

describe('orderEvidence', () => {
  const A = new Set([1, 2, 3]);
  it.each([
    [
      'a pick that is not the first acceptable offer: server order',
      [{ offered: [1, 2, 3], pick: 2 }],
      'server',
    ],
    [
      'picks that follow the offer, once each: cannot tell',
      [
        { offered: [1, 2, 3], pick: 1 },
        { offered: [2, 3], pick: 2 },
      ],
      'unknown',
    ],
    [
      'a suite put back last and passed over again: client order',
      [
        { offered: [1, 2, 3], pick: 1 },
        { offered: [2, 3, 1], pick: 2 },
      ],
      'client',
    ],
    [
      'unaccepted suites offered first do not count',
      [{ offered: [9, 8, 1, 2], pick: 1 }],
      'unknown',
    ],
    [
      'both models broken: unknown',
      [
        { offered: [1, 2], pick: 2 },
        { offered: [1, 2], pick: 1 },
      ],
      'unknown',
    ],
  ] as const)('%s', (_what, records, want) => expect(orderEvidence(records, A)).toBe(want));
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
      'rsa-key-exchange',
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
      'rsa-key-exchange',
      'prefers-weak',
    ]);
  });
  it('NULL suites beside CBC ones still leave TLS 1.0 CBC-only; RSA key transport beside ECDHE is named', () => {
    const p = protocols({
      'TLSv1.0': proto(true, [0x0002, 0xc014]), // NULL-SHA, ECDHE-RSA-AES256-SHA
      'TLSv1.2': proto(true, [0xc02f, 0x0035]), // ECDHE-RSA-AES128-GCM-SHA256, AES256-SHA
    });
    const w = findWeaknesses(p, {}, noGroups);
    expect(w.map((x) => x.code)).toEqual([
      'tls10-enabled',
      'null-cipher',
      'cbc-only-tls10',
      'rsa-key-exchange',
    ]);
    expect(w.find((x) => x.code === 'rsa-key-exchange')?.data).toEqual([
      'TLS_RSA_WITH_AES_256_CBC_SHA',
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
