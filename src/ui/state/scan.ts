// The TUI's scan (key x): its progress and result, as the store keeps them. The scan itself is
// the CLI bundle's (src/scan/), handed to the TUI as a function: one copy of it at run time.
import type { ProbeOptions } from '../../model/probe-spec.js';
import type { ScanProgress, ScanResult, ScanVersion } from '../../scan/types.js';

export interface ScanView {
  status: 'running' | 'done' | 'failed';
  /** host:port as the header shows it. */
  target: string;
  probes: number;
  budget: number;
  /** Suites accepted so far per version, by code, in the order they came. */
  accepted: Partial<Record<ScanVersion, number[]>>;
  result: ScanResult | null;
  error: string | null;
  /** Rows scrolled down from the top of the finished report. */
  scroll: number;
}

export type ScanAction =
  | { kind: 'start'; target: string; budget: number }
  | { kind: 'progress'; progress: ScanProgress }
  | { kind: 'done'; result: ScanResult }
  | { kind: 'failed'; error: string }
  | { kind: 'scroll'; by: number; max: number };

export function scanReducer(v: ScanView | null, a: ScanAction): ScanView | null {
  if (a.kind === 'start')
    return {
      status: 'running',
      target: a.target,
      probes: 0,
      budget: a.budget,
      accepted: {},
      result: null,
      error: null,
      scroll: 0,
    };
  if (!v) return v;
  switch (a.kind) {
    case 'progress': {
      const p = a.progress;
      if (p.kind === 'probe') return { ...v, probes: p.probes, budget: p.budget };
      const had = v.accepted[p.version] ?? [];
      return { ...v, accepted: { ...v.accepted, [p.version]: [...had, p.code] } };
    }
    case 'done':
      return { ...v, status: 'done', result: a.result, probes: a.result.probes };
    case 'failed':
      return { ...v, status: 'failed', error: a.error };
    case 'scroll':
      return { ...v, scroll: Math.min(Math.max(0, a.max), Math.max(0, v.scroll + a.by)) };
    default: {
      const never: never = a;
      return never;
    }
  }
}

/** Runs the scan of `address` for these options (the CLI bundle's src/scan, handed in). */
export type Scanner = (
  options: ProbeOptions & { tlsMode: 'starttls' | 'implicit' },
  address: string,
  onProgress: (p: ScanProgress) => void,
  signal: AbortSignal,
) => Promise<ScanResult>;

/** The scan as the CLI hands it to the TUI: how to run it, and the budget it runs with. */
export interface ScanTool {
  run: Scanner;
  budget: number;
}
