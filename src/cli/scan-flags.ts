// The --scan flags, checked before anything connects; apart from the scan itself
// (src/cli/scan.ts) so that parsing them does not load the scanner.
import { UsageError } from '../input/choice.js';
import { escapeText } from '../smtp/escape.js';
import { SCAN_DEFAULTS } from '../scan/spec.js';

export interface ScanFlags {
  scan?: boolean;
  budget?: string;
  concurrency?: string;
  /** --batch FILE takes --concurrency too (src/cli/batch.ts). */
  batch?: string;
}

function positive(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max)
    throw new UsageError(
      `--${name} must be a whole number from 1 to ${max} (got ${escapeText(value)})`,
    );
  return n;
}

/** Checks the scan flags before anything connects; throws UsageError. */
export function scanLimits(f: ScanFlags): { budget: number; concurrency: number } {
  if (!f.scan && (f.budget !== undefined || (f.concurrency !== undefined && f.batch === undefined)))
    throw new UsageError('--budget and --concurrency go with --scan');
  return {
    budget: positive('budget', f.budget, SCAN_DEFAULTS.budget, 10_000),
    concurrency: positive('concurrency', f.concurrency, SCAN_DEFAULTS.concurrency, 64),
  };
}
