// `smtpscope --batch FILE`: the glue between the flags and the batch runner. Reads the list as
// a stream (`-` for stdin), skips what --resume found done and what --shard leaves to others,
// checks each line as a single `--json` run of it would be, and writes one NDJSON line per
// item the moment it is done, in one write. Ctrl-C / SIGTERM: no new item starts, items cut
// short are not written, exit 130 / 143.
import { trapInterrupts } from './interrupt.js';
import { once, setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UsageError } from '../input/choice.js';
import type { BatchSetup } from './batch-setup.js';
import { batchLine } from '../report/batch-line.js';
import { runBatch } from '../runner/batch.js';
import type { BatchProgress } from '../runner/batch.js';
import { readItems } from '../runner/batch-input.js';
import { jobOf, runJob } from '../runner/batch-item.js';
import type { BatchOutcome } from '../runner/batch-item.js';
import { SharedProbes } from '../runner/batch-probes.js';
import { batchResolver } from '../runner/batch-resolver.js';
import { cutLineAtEnd, doneInputsOfFile } from '../runner/batch-resume.js';
import { inShard } from '../runner/batch-shard.js';
import { engineFactory } from '../runner/engine-factory.js';
import { escapeText } from '../smtp/escape.js';

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
    // A missing file is an empty one (the first run of a job), but a typo would silently run
    // everything again: say so, on stderr.
    if (s.resume !== null && done?.size === 0 && !existsSync(s.resume))
      process.stderr.write(
        `smtpscope: --resume ${escapeText(s.resume)} does not exist yet: nothing is skipped\n`,
      );
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
