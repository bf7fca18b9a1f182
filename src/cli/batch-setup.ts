// `--batch FILE`: its flags checked before anything runs, kept apart from the runner
// (src/cli/batch.ts) so that a single-host run does not load the batch code to parse its flags.
import { UsageError, defaultEhloName, toChoice } from '../input/choice.js';
import type { CliChoice, RawFlags } from '../input/choice.js';
import { parseShard } from '../runner/batch-shard.js';
import type { Shard } from '../runner/batch-shard.js';
import { escapeText } from '../smtp/escape.js';

export interface BatchFlags {
  batch?: string;
  concurrency?: string;
  perHostInterval?: string;
  domainTimeout?: string;
  resume?: string;
  shard?: string;
}

export const BATCH_DEFAULTS = { concurrency: 16, domainTimeoutMs: 60_000 };

function whole(
  name: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(
      `--${name} must be a whole number from ${min} to ${max} (got ${escapeText(value)})`,
    );
  return n;
}

/** The flags every line shares, checked once (a bad --timeout is one usage error, not a million). */
function checkShared(flags: RawFlags, env: NodeJS.ProcessEnv): CliChoice {
  const tries = ['example.invalid', '[example.invalid]'];
  let first: unknown;
  for (const t of tries) {
    try {
      return toChoice(t, { ...flags, json: true }, false, env);
    } catch (err) {
      first ??= err;
    }
  }
  throw first;
}

export interface BatchSetup {
  file: string;
  concurrency: number;
  perHostIntervalMs: number;
  domainTimeoutMs: number;
  resume: string | null;
  shard: Shard | null;
  flags: RawFlags;
  caPems: string[];
  resolver: { host: string; port: number }[] | undefined;
}

/** Every usage error before anything runs. */
export function batchSetup(
  f: RawFlags & BatchFlags & { scan?: boolean; budget?: string },
  args: string[],
  env: NodeJS.ProcessEnv,
): BatchSetup {
  const file = f.batch as string;
  if (args.length > 0)
    throw new UsageError(
      `--batch reads its targets from ${escapeText(file)}; give no target as well`,
    );
  for (const [flag, given] of [
    ['--scan', f.scan],
    ['--budget', f.budget !== undefined],
    ['--data', f.data !== undefined],
    ['--keylog', f.keylog !== undefined],
    ['--plain', f.plain],
  ] as const)
    if (given) throw new UsageError(`${flag} does not go with --batch (its output is NDJSON)`);
  let shard: Shard | null = null;
  if (f.shard !== undefined) {
    const s = parseShard(f.shard);
    if (!s.ok) throw new UsageError(s.error);
    shard = s.shard;
  }
  const flags: RawFlags = { ...f, json: true, ehlo: f.ehlo ?? defaultEhloName() };
  const checked = checkShared(flags, env);
  if (checked.needsPassword)
    throw new UsageError(
      '--batch cannot ask for a password: set SMTPSCOPE_PASSWORD or use --auth-password-file',
    );
  const caPems = checked.options?.caPems ?? [];
  delete flags.caFile;
  return {
    file,
    concurrency: whole('concurrency', f.concurrency, BATCH_DEFAULTS.concurrency, 1, 1024),
    perHostIntervalMs: whole('per-host-interval', f.perHostInterval, 0, 0, 3_600_000),
    domainTimeoutMs: whole(
      'domain-timeout',
      f.domainTimeout,
      BATCH_DEFAULTS.domainTimeoutMs,
      1,
      86_400_000,
    ),
    resume: f.resume ?? null,
    shard,
    flags,
    caPems,
    resolver: checked.options?.resolver,
  };
}

/** Flags that mean something only with --batch: given without it, a usage error, not ignored. */
export function batchOnly(f: BatchFlags): void {
  for (const [flag, given] of [
    ['--resume', f.resume],
    ['--shard', f.shard],
    ['--domain-timeout', f.domainTimeout],
    ['--per-host-interval', f.perHostInterval],
  ] as const)
    if (given !== undefined) throw new UsageError(`${flag} goes with --batch FILE`);
}
