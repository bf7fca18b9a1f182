// Child process for the benchmark: render the TUI with an N-line transcript (from a synthetic
// session), then scroll and time each re-render. Prints one JSON line; peak RSS is this
// process's own.
import React from 'react';
import { render } from 'ink-testing-library';
import { App } from '../src/ui/App.js';
import type { SessionLike } from '../src/ui/use-session.js';
import type { SessionListener, SessionResult } from '../src/session/types.js';
import { median } from './lib.js';

const lines = Number(process.argv[2] ?? 10_000);

function feeder(n: number): SessionLike {
  const listeners = new Set<SessionListener>();
  return {
    on: (l) => (listeners.add(l), () => listeners.delete(l)),
    run: async () => {
      for (let i = 0; i < n; i++) {
        const entry = {
          t: i,
          dir: i % 2 ? ('S' as const) : ('C' as const),
          text: `250-line ${i} ${'x'.repeat(40)}`,
        };
        for (const l of listeners) l({ type: 'transcript', entry });
      }
      return null as unknown as SessionResult;
    },
    resume: () => undefined,
    setAuto: () => undefined,
    sendRaw: async () => ({ ok: false, error: 'bench' }),
    abort: async () => undefined,
  };
}

async function frameChange(
  lastFrame: () => string | undefined,
  before: string | undefined,
): Promise<void> {
  for (let i = 0; i < 100_000 && lastFrame() === before; i++)
    await new Promise((r) => setImmediate(r));
}

const t0 = performance.now();
const r = render(
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
    size={{ columns: 100, rows: 30 }}
  />,
);
for (let i = 0; i < 1_000_000 && !(r.lastFrame() ?? '').includes(`line ${lines - 1} `); i++)
  await new Promise((res) => setImmediate(res));
const loadMs = performance.now() - t0;
const times: number[] = [];
const keys = ['\u001b[A', '\u001b[5~', '\u001b[B', '\u001b[6~'];
for (let i = 0; i < 200; i++) {
  const before = r.lastFrame();
  const s = performance.now();
  r.stdin.write(keys[i % keys.length] as string);
  await frameChange(r.lastFrame, before);
  times.push(performance.now() - s);
}
r.unmount();
console.log(
  JSON.stringify({
    lines,
    loadMs,
    renderMedianMs: median(times),
    renderMaxMs: Math.max(...times),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
