// A model of how a TLS server chooses, for property tests of the scan's elimination logic: given
// a ClientHello's options it answers as OpenSSL decides (version, suite by client or server
// order, group, HelloRetryRequest for an empty key_share), without bytes or sockets. The wire is
// covered by the loopback and Postfix tests; this covers the reasoning over thousands of servers.
import type { Prober } from '../../src/scan/pool.js';
import type { HelloOutcome } from '../../src/scan/types.js';
import { cipherSuite, TLS13, type ClientHelloOptions } from '../../src/tlswire/index.js';

export interface ModelServer {
  /** Accepted suites per wire version (0x0300 … 0x0304), in the server's own order. */
  readonly suites: ReadonlyMap<number, readonly number[]>;
  /** Accepted groups in the server's order (TLS 1.3 and TLS 1.2 ECDHE alike). */
  readonly groups: readonly number[];
  readonly serverOrder: boolean;
  readonly groupServerOrder: boolean;
  /** The 64 first suites only, as some servers read them. */
  readonly readsFirst?: number;
}

const refused: HelloOutcome = {
  kind: 'refused',
  alert: { level: 2, levelName: 'fatal', description: 40, descriptionName: 'handshake_failure' },
};
const protocolVersion: HelloOutcome = {
  kind: 'refused',
  alert: { level: 2, levelName: 'fatal', description: 70, descriptionName: 'protocol_version' },
};

function choose(
  offered: readonly number[],
  accepted: readonly number[],
  serverOrder: boolean,
): number | undefined {
  return serverOrder
    ? accepted.find((a) => offered.includes(a))
    : offered.find((o) => accepted.includes(o));
}

function hello(version: number, suite: number, extra: Partial<HelloOutcome & { kind: 'hello' }>) {
  return {
    kind: 'hello' as const,
    hello: {
      legacyVersion: Math.min(version, 0x0303),
      random: new Uint8Array(32),
      sessionId: new Uint8Array(0),
      cipherSuite: suite,
      compressionMethod: 0,
      hasExtensions: true,
      extensions: [],
      isHelloRetryRequest: false,
      selectedVersion: version,
      keyShareGroup: null,
      downgradeSentinel: null,
    },
    certificates: null,
    keyExchange: null,
    ...extra,
  };
}

export function modelAnswer(s: ModelServer, h: ClientHelloOptions): HelloOutcome {
  const versions = h.supportedVersions ?? [h.version];
  const version = [...s.suites.keys()].filter((v) => versions.includes(v)).sort((a, b) => b - a)[0];
  if (version === undefined) return protocolVersion;
  const offered = h.cipherSuites.slice(0, s.readsFirst ?? h.cipherSuites.length);
  const groups = h.groups ?? [];
  const accepted = s.suites.get(version) ?? [];
  if (version === TLS13) {
    const suite = choose(offered, accepted, s.serverOrder);
    const shared = s.groups.filter((g) => groups.includes(g));
    if (suite === undefined || shared.length === 0) return refused;
    const share = (h.keyShares ?? []).map((k) => k.group).find((g) => s.groups.includes(g));
    if (share !== undefined)
      return hello(TLS13, suite, {
        hello: { ...hello(TLS13, suite, {}).hello, keyShareGroup: share },
      });
    const g = choose(groups, s.groups, s.groupServerOrder) as number;
    const base = hello(TLS13, suite, {}).hello;
    return hello(TLS13, suite, { hello: { ...base, isHelloRetryRequest: true, keyShareGroup: g } });
  }
  // TLS ≤ 1.2: an ECDHE suite needs a shared curve (RFC 8422 §5.1.1).
  const curve = choose(groups, s.groups, s.groupServerOrder);
  const usable = accepted.filter(
    (c) => cipherSuite(c)?.keyExchange !== 'ECDHE' || curve !== undefined,
  );
  const suite = choose(offered, usable, s.serverOrder);
  if (suite === undefined) return refused;
  const ecdhe = cipherSuite(suite)?.keyExchange === 'ECDHE';
  return hello(version, suite, {
    keyExchange: ecdhe ? { kind: 'ecdhe', group: curve as number } : null,
  });
}

/** A prober that answers from the model and counts connections. */
export function modelProber(s: ModelServer): Prober & { count: () => number } {
  let n = 0;
  const f = (async (_spec, h) => {
    n += 1;
    return modelAnswer(s, h);
  }) as Prober & { count: () => number };
  f.count = () => n;
  return f;
}
