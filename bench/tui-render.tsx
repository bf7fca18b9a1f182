// Child process for the benchmark: the real TUI (Ink's own render, bundled like the product)
// drawing into an in-memory terminal of 100×30, fed an N-line transcript by a synthetic session.
// Each scroll key is timed from the key to the frame Ink writes for it. Prints one JSON line;
// peak RSS is this process's own.
import React from 'react';
import { PassThrough, Writable } from 'node:stream';
import { render } from 'ink';
import { App } from '../src/ui/App.js';
import type { SessionLike } from '../src/ui/use-session.js';
import type { ProbeListener } from '../src/model/index.js';
import { escapeBytes } from '../src/smtp/escape.js';
import { median } from './lib.js';
import { facts, resultOf } from '../test/support/facts.js';

const lines = Number(process.argv[2] ?? 10_000);

function feeder(n: number): SessionLike {
  const listeners = new Set<ProbeListener>();
  return {
    id: 'bench',
    on: (l) => (listeners.add(l), () => listeners.delete(l)),
    run: async () => {
      // In bursts of 512 lines (the most one reply may hold), a turn of the event loop apart,
      // as a flooding server's replies would arrive. Each text is decoded from bytes by the
      // engine's own escapeBytes, as a received line is: a flat string of ~150 B a line with its
      // entry. (Built by string concatenation instead, V8 keeps rope strings: ~320 B a line, an
      // extra ~17 MB at 100k lines that the product never holds.)
      for (let i = 0; i < n; i++) {
        const entry = {
          t: i + 0.5,
          dir: i % 2 ? ('S' as const) : ('C' as const),
          text: escapeBytes(Buffer.from(`250-line ${i} ${'x'.repeat(40)}`)),
        };
        for (const l of listeners) l({ type: 'transcript', probeId: 'bench', entry });
        if (i % 512 === 511) await new Promise((r) => setImmediate(r));
      }
      return resultOf(facts());
    },
    resume: () => undefined,
    setAuto: () => undefined,
    sendRaw: async () => ({ ok: false, error: 'not-connected' }),
    abort: async () => undefined,
  };
}

/** A terminal that keeps only the newest frame and tells who waits for the next write. */
class Terminal extends Writable {
  readonly isTTY = true;
  readonly columns = 100;
  readonly rows = 30;
  last = '';
  private waiters: (() => void)[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    // Ink brackets each frame with short control writes (synchronized output, cursor
    // visibility); only a frame's own text counts.
    if (chunk.length > 16) {
      this.last = chunk.toString();
      for (const w of this.waiters.splice(0)) w();
    }
    done();
  }
  /** The next frame, or a rejection after `ms` (a key that changes nothing draws nothing). */
  nextWrite(ms = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no frame within ${ms} ms`)), ms);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}

const stdout = new Terminal();
const stdin = Object.assign(new PassThrough(), {
  isTTY: true,
  setRawMode: () => undefined,
  ref: () => undefined,
  unref: () => undefined,
});

const t0 = performance.now();
const app = render(
  <App
    options={{
      host: 'mx.lab.test',
      port: 25,
      tlsMode: 'starttls',
      ehloName: 'bench.lab.test',
      timeoutMs: 1000,
    }}
    auto={false}
    color={true}
    factory={() => feeder(lines)}
    saveDir="."
    now={() => new Date()}
    onExit={() => undefined}
  />,
  {
    stdout: stdout as unknown as NodeJS.WriteStream,
    stdin: stdin as unknown as NodeJS.ReadStream,
    exitOnCtrlC: false,
    patchConsole: false,
  },
);
for (let i = 0; i < 10_000 && !stdout.last.includes(`line ${lines - 1} `); i++)
  await stdout.nextWrite();
const loadMs = performance.now() - t0;

const times: number[] = [];
const keys = ['\u001b[A', '\u001b[5~', '\u001b[B', '\u001b[6~'];
for (let i = 0; i < 100; i++) {
  // Ink draws at most 30 frames a second: let its throttle window pass so each key is drawn at
  // once and the figure is the cost of one re-render, not the throttle's wait.
  await new Promise((r) => setTimeout(r, 40));
  const drawn = stdout.nextWrite();
  const s = performance.now();
  stdin.write(keys[i % keys.length] as string);
  await drawn;
  times.push(performance.now() - s);
}
// What the transcript really holds, without the garbage V8 has not collected yet (the child is
// started with --expose-gc by bench/run.ts).
const gc = (globalThis as { gc?: () => void }).gc;
gc?.();
const liveHeapMb = process.memoryUsage().heapUsed / 1048576;
app.unmount();
console.log(
  JSON.stringify({
    lines,
    loadMs,
    renderMedianMs: median(times),
    renderMaxMs: Math.max(...times),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    liveHeapMb,
  }),
);
process.exit(0);
