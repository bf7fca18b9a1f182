// The scan's reasoning against many model servers (test/support/model-server.ts): whatever the
// accepted sets, orders and groups, the scan reports exactly them, with about the fewest
// connections the 64-suite cap allows. The wire is tested in loopback.test.ts and against Postfix.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runScan } from '../../src/scan/scan.js';
import type { ScanSpec, ScanVersion } from '../../src/scan/types.js';
import { cipherSuite, groupName } from '../../src/tlswire/index.js';
import { candidates, ECDHE_GROUPS, TLS13_GROUPS } from '../../src/scan/offers.js';
import { modelProber, type ModelServer } from '../support/model-server.js';

const WIRE: Record<ScanVersion, number> = {
  SSLv3: 0x0300,
  'TLSv1.0': 0x0301,
  'TLSv1.1': 0x0302,
  'TLSv1.2': 0x0303,
  'TLSv1.3': 0x0304,
};
const spec: ScanSpec = {
  host: 'mx.model.test',
  address: '127.0.0.1',
  port: 1,
  tlsMode: 'starttls',
  ehloName: 'scan.model.test',
  sni: null,
  verifyName: 'mx.model.test',
  caPems: [],
  timeoutMs: 1000,
  budget: 2000,
  concurrency: 4,
};
let handshakes = 0;
/** The model has no certificates; the scan's full handshakes per key type are only counted. */
const noCertificate = async (): Promise<null> => {
  handshakes += 1;
  return null;
};

/** A server: per version a subset of the candidates (in its own order), and some groups. */
const server = fc
  .record({
    versions: fc.subarray(['TLSv1.3', 'TLSv1.2', 'TLSv1.1', 'TLSv1.0', 'SSLv3'] as ScanVersion[]),
    picks: fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 5, maxLength: 5 }),
    sizes: fc.array(fc.integer({ min: 1, max: 70 }), { minLength: 5, maxLength: 5 }),
    groups: fc.shuffledSubarray([29, 23, 24, 25, 30], { minLength: 1 }),
    serverOrder: fc.boolean(),
    groupServerOrder: fc.boolean(),
  })
  .map((r): ModelServer => {
    const suites = new Map<number, number[]>();
    r.versions.forEach((v, i) => {
      const all = candidates(v);
      const n = Math.min(all.length, r.sizes[i] ?? 1);
      // A deterministic shuffle from the seed: the server's own order of its accepted suites.
      const seed = r.picks[i] ?? 0;
      const chosen = [...all].sort(
        (a, b) => ((a * 7919 + seed) % 1009) - ((b * 7919 + seed) % 1009),
      );
      suites.set(WIRE[v], chosen.slice(0, n));
    });
    return {
      suites,
      groups: r.groups,
      serverOrder: r.serverOrder,
      groupServerOrder: r.groupServerOrder,
    };
  });

describe('scan against model servers (property)', () => {
  it('finds exactly the accepted suites, the order and the groups, in few connections', async () => {
    await fc.assert(
      fc.asyncProperty(server, async (s) => {
        const prober = modelProber(s);
        handshakes = 0;
        const r = await runScan(spec, { prober, certificate: noCertificate });
        let minimum = 0;
        for (const v of Object.keys(WIRE) as ScanVersion[]) {
          const want = s.suites.get(WIRE[v]) ?? [];
          // ECDHE suites need a shared curve; the model always has one.
          const got = r.protocols[v].ciphers.map((c) => c.code);
          expect({ v, got: [...got].sort() }).toEqual({ v, got: [...want].sort() });
          expect(r.protocols[v].supported).toBe(want.length > 0);
          minimum += want.length + 1;
          if (want.length >= 2) {
            expect(r.serverOrder[v]?.enforced).toBe(s.serverOrder);
            if (s.serverOrder) expect(got).toEqual(want);
          }
        }
        const groupsWant = (all: readonly number[]) =>
          s.groups
            .filter((g) => all.includes(g))
            .map(groupName)
            .sort();
        if ((s.suites.get(0x0304) ?? []).length > 0)
          expect([...r.groups.tls13].sort()).toEqual(groupsWant(TLS13_GROUPS));
        const ecdhe12 = (s.suites.get(0x0303) ?? []).some(
          (c) => cipherSuite(c)?.keyExchange === 'ECDHE',
        );
        if (ecdhe12) expect([...r.groups.ecdhe].sort()).toEqual(groupsWant(ECDHE_GROUPS));
        expect(r.inconclusive).toEqual([]);
        expect(r.probes).toBe(prober.count() + handshakes);
        // The 64-suite cap's refusals, the groups, the order hellos and 4 sender replays; a
        // server with its own order costs up to one more hello per accepted suite to merge the
        // chains' orders (order-evidence.ts ownOrder).
        const merge = s.serverOrder ? minimum : 0;
        expect(r.probes).toBeLessThanOrEqual(minimum + 12 + 2 * s.groups.length + 10 + 4 + merge);
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('a stock-like server (client order, TLS 1.3 and 1.2) stays within 16 connections of the minimum', async () => {
    const pick = (v: ScanVersion, n: number): number[] =>
      candidates(v)
        .filter((c) => cipherSuite(c)?.authentication !== 'ECDSA')
        .slice(0, n);
    const s: ModelServer = {
      suites: new Map([
        [0x0304, pick('TLSv1.3', 3)],
        [0x0303, pick('TLSv1.2', 50)],
        [0x0301, pick('TLSv1.0', 16)],
      ]),
      groups: [29, 30, 23, 25, 24],
      serverOrder: false,
      groupServerOrder: true,
    };
    const prober = modelProber(s);
    const r = await runScan(spec, { prober, certificate: noCertificate });
    // Accepted + 1 per version, and one per group: the minimum. Within 16 of it.
    const minimum = 3 + 50 + 16 + 5 + 5;
    expect(r.probes).toBeLessThanOrEqual(minimum + 16);
    expect(r.groups.serverPreference).toBe(true);
  });
});
