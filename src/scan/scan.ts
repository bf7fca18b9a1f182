// The scan (issue 14): every version by elimination, side by side through one polite pool, then
// what depends on the accepted sets — server order, groups, certificates per key type, sender
// replays — and the weaknesses. Returns plain data (types.ts); nothing here prints.
import { cipherSuite, groupName } from '../tlswire/index.js';
import { certificateByHandshake, certificatesFromHellos } from './certificates.js';
import { scanVersion, type VersionResult } from './eliminate.js';
import type { GroupLearner } from './group-learner.js';
import { groupPreference, tls12Learner, tls13Learner } from './groups.js';
import { serverOrder } from './order.js';
import { probeHello } from './hello-probe.js';
import { type PoolOutcome, ProbePool, type Prober } from './pool.js';
import { replaySenders } from './senders.js';
import type { PrefaceSpec } from './smtp-preface.js';
import {
  type Inconclusive,
  type ProtocolResult,
  SCAN_VERSIONS,
  type ScanCertificate,
  type ScanErrorCode,
  type ScanResult,
  type ScanSpec,
  type ScanVersion,
  type ServerOrderResult,
} from './types.js';
import { findWeaknesses, isWeak } from './weaknesses.js';

/** Said in every report: what raw ClientHellos cannot decide, and why. */
export const NOT_TESTABLE: readonly string[] = [
  'SSLv2 (its ClientHello is another format; no SMTP server in use still speaks it)',
  'PSK, SRP, Kerberos and ECCPWD suites (not offered: a sender offers them only with a secret or account set up for that one server)',
];

function toProtocol(v: VersionResult, order: readonly number[] | null): ProtocolResult {
  // Without a server order the picking order means nothing: list by code, as scanners do.
  const codes = order ?? v.accepted.map((a) => a.code).sort((a, b) => a - b);
  const kx = new Map(v.accepted.map((a) => [a.code, a.keyExchange]));
  return {
    supported: v.supported,
    complete: v.complete,
    ciphers: codes.map((code) => {
      const s = cipherSuite(code);
      const keyExchange = kx.get(code) ?? null;
      return {
        code,
        name: s?.openssl ?? s?.name ?? `0x${code.toString(16)}`,
        standardName: s?.name ?? `0x${code.toString(16)}`,
        weak: s ? isWeak(s) : false,
        ...(keyExchange ? { keyExchange } : {}),
      };
    }),
  };
}

/** How a scan reaches the server: the raw-hello probe and the full handshake per key type. */
export interface ScanIo {
  readonly prober: Prober;
  readonly certificate: typeof certificateByHandshake;
}

const NET: ScanIo = { prober: probeHello, certificate: certificateByHandshake };

/** The scan over the network; `io` is for tests of its reasoning against a model server. */
export async function runScan(spec: ScanSpec, io: ScanIo = NET): Promise<ScanResult> {
  const started = performance.now();
  const preface: PrefaceSpec = {
    address: spec.address,
    port: spec.port,
    tlsMode: spec.tlsMode,
    ehloName: spec.ehloName,
    timeoutMs: spec.timeoutMs,
    ...(spec.signal ? { signal: spec.signal } : {}),
  };
  const pool = new ProbePool(
    preface,
    {
      budget: spec.budget,
      concurrency: spec.concurrency,
      ...(spec.backoffMs !== undefined ? { backoffMs: spec.backoffMs } : {}),
      ...(spec.onProgress
        ? {
            onProbe: (probes: number) =>
              spec.onProgress?.({ kind: 'probe', probes, budget: spec.budget }),
          }
        : {}),
    },
    io.prober,
  );
  const ctx = { sni: spec.sni };
  const inconclusive: Inconclusive[] = [];
  // The newest versions first: if the budget runs short, they matter most. TLS 1.3 and 1.2 learn
  // their groups from the same hellos (group-learner.ts). The sender replays need only know that
  // the server answers a hello at all, so they start once TLS 1.3 or 1.2 has answered.
  const heads = new Map<ScanVersion, (o: PoolOutcome) => void>();
  const headOf = (v: ScanVersion): Promise<PoolOutcome> =>
    new Promise((resolve) => heads.set(v, resolve));
  const head13 = headOf('TLSv1.3');
  const head12 = headOf('TLSv1.2');
  const learners: Partial<Record<ScanVersion, GroupLearner>> = {
    'TLSv1.3': tls13Learner(pool, ctx),
    'TLSv1.2': tls12Learner(pool, ctx),
  };
  const versions = Promise.all(
    [...SCAN_VERSIONS]
      .reverse()
      .map((v) =>
        scanVersion(pool, v, ctx, learners[v] ?? null, heads.get(v), (code) =>
          spec.onProgress?.({ kind: 'accepted', version: v, code }),
        ),
      ),
  );
  const sendersTask = Promise.all([head13, head12]).then(([a, b]) =>
    a.kind === 'hello' || b.kind === 'hello' || !errorHead(a) ? replaySenders(pool, spec.sni) : [],
  );
  const results = await versions;
  const byVersion = new Map(results.map((r) => [r.version, r]));
  const got = (v: ScanVersion): VersionResult => byVersion.get(v) as VersionResult;
  for (const r of results) inconclusive.push(...r.stops);
  const fatal = fatalOf(results);
  const tls13 = got('TLSv1.3').accepted.map((a) => a.code);
  const g13 = got('TLSv1.3').supported ? learners['TLSv1.3'] : undefined;
  const g12 = got('TLSv1.2').supported ? learners['TLSv1.2'] : undefined;
  const [orders, preference, senders] = await Promise.all([
    Promise.all(results.map((r) => serverOrder(pool, r, ctx))),
    g13 ? groupPreference(pool, g13, tls13, ctx) : Promise.resolve(null),
    sendersTask,
  ]);
  const serverOrderOut: Partial<Record<ScanVersion, ServerOrderResult>> = {};
  const protocols = {} as Record<ScanVersion, ProtocolResult>;
  results.forEach((r, i) => {
    const o = orders[i];
    if (o) {
      serverOrderOut[r.version] = o.order;
      if (o.stop) inconclusive.push(o.stop);
    }
    protocols[r.version] = toProtocol(r, o?.order.enforced ? o.codes : null);
  });
  for (const g of [g13, g12]) if (g?.stop) inconclusive.push(g.stop);
  const dheBits = [
    ...new Set(
      results.flatMap((r) =>
        r.accepted.flatMap((a) => (a.keyExchange?.kind === 'dhe' ? [a.keyExchange.pBits] : [])),
      ),
    ),
  ].sort((a, b) => a - b);
  const groups = {
    tls13: (g13?.accepted ?? []).map(groupName),
    ecdhe: (g12?.accepted ?? []).map(groupName),
    serverPreference: preference,
    helloRetryRequest: g13 ? g13.helloRetry : null,
    dheBits,
  };
  const certCtx = { verifyName: spec.verifyName, caPems: spec.caPems, caOnly: spec.caOnly };
  const certificates: ScanCertificate[] = certificatesFromHellos(
    results.flatMap((r) => r.hellos),
    certCtx,
  );
  let handshakes = 0;
  if (certificates.length === 0 && tls13.length > 0) {
    // TLS 1.3 only: the certificate is encrypted, so ask node:tls for each key type.
    for (const kt of ['ECDSA', 'RSA'] as const) {
      if (pool.probes + handshakes >= spec.budget || pool.throttled) break;
      handshakes += 1;
      const c = await io.certificate({ ...preface, sni: spec.sni }, kt, certCtx);
      if (c) certificates.push(c);
    }
  }
  return {
    target: { host: spec.host, address: spec.address, port: spec.port, tlsMode: spec.tlsMode },
    protocols,
    serverOrder: serverOrderOut,
    groups,
    certificates,
    weaknesses: findWeaknesses(protocols, serverOrderOut, groups),
    senders,
    notTestable: NOT_TESTABLE,
    inconclusive,
    probes: pool.probes + handshakes,
    ms: Math.round(performance.now() - started),
    fatal: fatal?.detail ?? null,
    fatalCode: fatal?.code ?? null,
  };
}

/** Every version stopped by the same non-TLS error (no STARTTLS, wrong port): say it once. */
const errorHead = (o: PoolOutcome): boolean => o.kind === 'error';

function fatalOf(
  results: readonly VersionResult[],
): { detail: string; code: ScanErrorCode } | null {
  if (results.some((r) => r.supported === true)) return null;
  const errors = results.flatMap((r) => r.stops.filter((s) => s.why === 'error'));
  if (errors.length === 0 || errors.length < results.length) return null;
  const first = errors[0];
  return first ? { detail: first.detail, code: first.code ?? 'other' } : null;
}
