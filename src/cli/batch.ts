// `smtpscope --batch FILE`: the glue between the flags and the batch runner. Reads the list as
// a stream (`-` for stdin), skips what --resume found done and what --shard leaves to others,
// checks each line as a single `--json` run of it would be, and writes one NDJSON line per
// item the moment it is done, in one write. Ctrl-C / SIGTERM: no new item starts, items cut
// short are not written, exit 130 / 143.
import { trapInterrupts } from './interrupt.js';
import { once, setMaxListeners } from 'node:events';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UsageError, defaultEhloName, toChoice } from '../input/choice.js';
import type { CliChoice, RawFlags } from '../input/choice.js';
import { batchLine } from '../report/batch-line.js';
import { runBatch } from '../runner/batch.js';
import type { BatchProgress } from '../runner/batch.js';
import { readItems } from '../runner/batch-input.js';
import { jobOf, runJob } from '../runner/batch-item.js';
import type { BatchOutcome } from '../runner/batch-item.js';
import { SharedProbes } from '../runner/batch-probes.js';
import { batchResolver } from '../runner/batch-resolver.js';
import { cutLineAtEnd, doneInputsOfFile } from '../runner/batch-resume.js';
import { inShard, parseShard } from '../runner/batch-shard.js';
import type { Shard } from '../runner/batch-shard.js';
import { engineFactory } from '../runner/engine-factory.js';
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

async function inputStream(file: string): Promise<Readable> {
  if (file === '-') return process.stdin;
  try {
    const handle = await open(file, 'r');
    return handle.createReadStream();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`--batch ${escapeText(file)}: cannot open (${code})`);
  }
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

function progressWriter(): ((p: BatchProgress) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  const t0 = performance.now();
  let last = 0;
  return (p) => {
    const now = performance.now();
    if (now - last < 250) return;
    last = now;
    const rate = p.done / Math.max(0.001, (now - t0) / 1000);
    process.stderr.write(
      `\r\x1b[K${p.done} done, ${p.inFlight} running, ${p.skipped} skipped, ${rate.toFixed(1)}/s`,
    );
  };
}

export async function runBatchCli(
  s: BatchSetup,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const controller = new AbortController();
  // Every item, query and probe in flight listens to it (each removes its listener when done):
  // bounded by the concurrency, not a leak.
  setMaxListeners(0, controller.signal);
  const interrupts = trapInterrupts(
    () => {
      controller.abort();
    },
    { repeat: true },
  );
  try {
    const done = s.resume === null ? null : await doneInputsOfFile(s.resume);
    const input = await inputStream(s.file);
    if (s.resume !== null && (await cutLineAtEnd(s.resume, 1))) process.stdout.write('\n');
    const resolver = batchResolver(s.resolver, controller.signal);
    const probes = new SharedProbes({
      factory: engineFactory,
      connections: s.concurrency,
      perHostIntervalMs: s.perHostIntervalMs,
      signal: controller.signal,
    });
    const deps = { factory: probes.factory, resolver, env, domainTimeoutMs: s.domainTimeoutMs };
    const ctx = { flags: s.flags, env, shared: { caPems: s.caPems } };
    const progress = progressWriter();
    const result = await runBatch<BatchOutcome>({
      items: readItems(input),
      concurrency: s.concurrency,
      signal: controller.signal,
      accept: (item) => inShard(item.key, s.shard) && !(done?.has(item.key) ?? false),
      run: async (item, signal) => {
        try {
          return await runJob(jobOf(item.input, ctx), deps, signal);
        } catch (err) {
          return {
            kind: 'error',
            error: `internal error: ${err instanceof Error ? err.message : String(err)}`,
          };
        }
      },
      emit: async (item, outcome, ms) => {
        // One write per line: a reader (or a kill) never sees half of one from us.
        if (!process.stdout.write(batchLine({ input: item.input, line: item.line, ms }, outcome)))
          await once(process.stdout, 'drain');
      },
      ...(progress ? { onProgress: progress } : {}),
    });
    // Work no item waits for any more (a shared query or session whose askers timed out) ends
    // now rather than at its own timeout.
    controller.abort();
    if (process.stderr.isTTY)
      process.stderr.write(
        `\r\x1b[K${result.done} done, ${result.skipped} skipped; ${probes.stats.probed} sessions, ${probes.stats.reused} reused, ${resolver.queries()} DNS queries\n`,
      );
    input.destroy();
    return interrupts.code() ?? 0;
  } finally {
    interrupts.release();
  }
}
