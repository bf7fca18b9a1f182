// The scan's spec from a probe's options: one mapping for `--scan` (src/cli/scan.ts) and the
// TUI's scan (key x), so both test the same name, SNI, anchors and limits.
import type { ProbeOptions } from '../model/probe-spec.js';
import { sniFor } from '../tls/sni.js';
import type { ScanProgress, ScanSpec } from './types.js';

export interface ScanLimits {
  readonly budget: number;
  readonly concurrency: number;
}

/** `--budget` and `--concurrency` when not given (README: Scan). */
export const SCAN_DEFAULTS: ScanLimits = { budget: 400, concurrency: 4 };

export function scanSpecFor(
  o: ProbeOptions & { tlsMode: 'starttls' | 'implicit' },
  address: string,
  limits: ScanLimits,
  extra: { signal?: AbortSignal; onProgress?: (p: ScanProgress) => void } = {},
): ScanSpec {
  return {
    host: o.host,
    address,
    port: o.port,
    tlsMode: o.tlsMode,
    ehloName: o.ehloName,
    sni: sniFor(o),
    verifyName: o.verifyName ?? o.host,
    caPems: o.caPems ?? [],
    caOnly: o.caOnly === true,
    timeoutMs: o.timeoutMs,
    budget: limits.budget,
    concurrency: limits.concurrency,
    ...(extra.signal ? { signal: extra.signal } : {}),
    ...(extra.onProgress ? { onProgress: extra.onProgress } : {}),
  };
}
