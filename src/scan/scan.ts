// The scan (issue 14): every version by elimination, side by side through one polite pool, then
// what depends on the accepted sets — server order, groups, certificates per key type, sender
// replays — and the weaknesses. Returns plain data (types.ts); nothing here prints.
import { cipherSuite, groupName } from '../tlswire/index.js';
import { certificateByHandshake, certificatesFromHellos } from './certificates.js';
import { scanVersion, type VersionResult } from './eliminate.js';
import { groupPreference, scanEcdheGroups, scanTls13Groups } from './groups.js';
import { candidates, TLS13_GROUPS } from './offers.js';
import { inOfferOrder, serverOrder } from './order.js';
import { type PoolOutcome, ProbePool } from './pool.js';
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
  'PSK, SRP and Kerberos suites (they need a shared secret or account the scan does not have)',
];

function toProtocol(v: VersionResult, order: readonly number[] | null): ProtocolResult {
  const flat = v.chains.flat();
  // Without a server order the picking order means nothing: list by code, as scanners do.
  const codes = order ?? flat.map((a) => a.code).sort((a, b) => a - b);
  const kx = new Map(flat.map((a) => [a.code, a.keyExchange]));
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

export async function runScan(spec: ScanSpec): Promise<ScanResult> {
  const started = performance.now();
  const preface: PrefaceSpec = {
    address: spec.address,
    port: spec.port,
    tlsMode: spec.tlsMode,
    ehloName: spec.ehloName,
    timeoutMs: spec.timeoutMs,
    ...(spec.signal ? { signal: spec.signal } : {}),
  };
  const pool = new ProbePool(preface, {
    budget: spec.budget,
    concurrency: spec.concurrency,
    ...(spec.backoffMs !== undefined ? { backoffMs: spec.backoffMs } : {}),
    ...(spec.onProgress
      ? {
          onProbe: (probes: number) =>
            spec.onProgress?.({ kind: 'probe', probes, budget: spec.budget }),
        }
      : {}),
  });
  const ctx = { sni: spec.sni };
  const inconclusive: Inconclusive[] = [];
  // The newest versions first: if the budget runs short, they matter most. The group scans and
  // the sender replays need only know that TLS 1.3 (or 1.2 with ECDHE) answers at all, so they
  // start as soon as the version's first hello is answered, side by side with the eliminations.
  const heads = new Map<ScanVersion, (o: PoolOutcome) => void>();
  const headOf = (v: ScanVersion): Promise<PoolOutcome> =>
    new Promise((resolve) => heads.set(v, resolve));
  const head13 = headOf('TLSv1.3');
  const head12 = headOf('TLSv1.2');
  const versions = Promise.all(
    [...SCAN_VERSIONS]
      .reverse()
      .map((v) =>
        scanVersion(pool, v, ctx, heads.get(v), (code) =>
          spec.onProgress?.({ kind: 'accepted', version: v, code }),
        ),
      ),
  );
  const all13 = candidates('TLSv1.3');
  const ecdheAll = candidates('TLSv1.2').filter((c) => cipherSuite(c)?.keyExchange === 'ECDHE');
  const g13Task = head13.then((h) =>
    h.kind === 'hello' ? scanTls13Groups(pool, all13, ctx) : null,
  );
  const g12Task = head12.then((h) =>
    h.kind === 'hello' ? scanEcdheGroups(pool, ecdheAll, ctx) : null,
  );
  const sendersTask = Promise.all([head13, head12]).then(([a, b]) =>
    a.kind === 'hello' || b.kind === 'hello' || !errorHead(a) ? replaySenders(pool, spec.sni) : [],
  );
  const results = await versions;
  const byVersion = new Map(results.map((r) => [r.version, r]));
  const got = (v: ScanVersion): VersionResult => byVersion.get(v) as VersionResult;
  for (const r of results) inconclusive.push(...r.stops);
  const fatal = fatalOf(results);
  const tls13 = got('TLSv1.3')
    .chains.flat()
    .map((a) => a.code);
  const [orders, g13, g12, senders] = await Promise.all([
    Promise.all(results.map((r) => serverOrder(pool, r, ctx))),
    g13Task,
    g12Task,
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
  const preference =
    g13 && g13.accepted.length > 1
      ? inOfferOrder(g13.accepted, TLS13_GROUPS)
        ? await groupPreference(pool, g13.accepted, tls13, ctx)
        : true
      : null;
  const dheBits = [
    ...new Set(
      results.flatMap((r) =>
        r.chains
          .flat()
          .flatMap((a) => (a.keyExchange?.kind === 'dhe' ? [a.keyExchange.pBits] : [])),
      ),
    ),
  ].sort((a, b) => a - b);
  const groups = {
    tls13: (g13?.accepted ?? []).map(groupName),
    ecdhe: (g12?.accepted ?? []).map(groupName),
    serverPreference: preference,
    helloRetryRequest: g13 ? g13.hrr : null,
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
      const c = await certificateByHandshake({ ...preface, sni: spec.sni }, kt, certCtx);
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
