// The runner: a bound on probes at once, one at a time per server, every event tagged with its
// probe's id, and cancellation of queued and running probes. Probes are stand-ins here (the
// runner's own logic, no protocol); the engine is tested against real sockets elsewhere.
import { describe, expect, it } from 'vitest';
import type { ProbeEvent, ProbeListener, ProbeOptions } from '../../src/model/index.js';
import { Runner } from '../../src/runner/runner.js';
import type { ProbeLike } from '../../src/runner/runner.js';
import { facts, resultOf } from '../support/facts.js';

const spec = (host: string): ProbeOptions => ({
  host,
  port: 25,
  tlsMode: 'starttls',
  ehloName: 'c.lab.test',
  timeoutMs: 1000,
});

/** A probe that runs until released, and says when it started. */
function gated(log: string[]) {
  const release = new Map<string, () => void>();
  const factory = (s: ProbeOptions, id: string): ProbeLike => {
    const listeners = new Set<ProbeListener>();
    let aborted = false;
    return {
      id,
      on: (l) => (listeners.add(l), () => listeners.delete(l)),
      run: () =>
        new Promise((resolve) => {
          log.push(`start ${id} ${s.host}`);
          const finish = (): void => {
            log.push(`end ${id}${aborted ? ' (aborted)' : ''}`);
            const result = resultOf(facts());
            for (const l of listeners)
              l({ type: 'finished', probeId: 'not-the-runners-id', result });
            resolve(result);
          };
          if (aborted) return finish();
          release.set(id, finish);
        }),
      resume: () => undefined,
      setAuto: () => undefined,
      sendRaw: async () => ({ ok: false, error: 'not-connected' }),
      abort: async () => {
        aborted = true;
        release.get(id)?.();
      },
    };
  };
  return { factory, release: (id: string) => release.get(id)?.() };
}

const turn = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('Runner', () => {
  it('runs at most `concurrency` probes at once, in the order added', async () => {
    const log: string[] = [];
    const g = gated(log);
    const runner = new Runner({ concurrency: 2, factory: g.factory });
    for (const h of ['a', 'b', 'c']) runner.add(spec(h), h);
    await turn();
    expect(log).toEqual(['start a a', 'start b b']);
    g.release('a');
    await turn();
    expect(log).toEqual(['start a a', 'start b b', 'end a', 'start c c']);
    g.release('b');
    g.release('c');
    const all = await runner.all();
    expect(all.map((j) => j.verdict.status)).toEqual(['ok', 'ok', 'ok']);
  });

  it('never runs two probes of the same server at once, and lets others pass', async () => {
    const log: string[] = [];
    const g = gated(log);
    const runner = new Runner({ concurrency: 4, factory: g.factory });
    runner.add(spec('mx.same'), 'p1');
    runner.add(spec('MX.SAME'), 'p2');
    runner.add(spec('mx.other'), 'p3');
    await turn();
    expect(log).toEqual(['start p1 mx.same', 'start p3 mx.other']);
    g.release('p1');
    await turn();
    expect(log.slice(2)).toEqual(['end p1', 'start p2 MX.SAME']);
    g.release('p2');
    g.release('p3');
    await runner.all();
  });

  it("tags every event with the runner's probe id", async () => {
    const g = gated([]);
    const runner = new Runner({ factory: g.factory });
    const seen: ProbeEvent[] = [];
    runner.on((e) => seen.push(e));
    runner.add(spec('a'), 'mine');
    await turn();
    g.release('mine');
    await runner.all();
    expect(seen.map((e) => `${e.type} ${e.probeId}`)).toEqual(['finished mine']);
  });

  it('a cancelled queued probe ends without running; a running one is aborted', async () => {
    const log: string[] = [];
    const g = gated(log);
    const runner = new Runner({ concurrency: 1, factory: g.factory });
    runner.add(spec('a'), 'a');
    const queued = runner.add(spec('b'), 'b');
    await turn();
    await runner.cancel('b');
    await queued.done;
    expect(log).toEqual(['start a a', 'start b b', 'end b (aborted)']);
    await runner.abort();
    expect(log.slice(3)).toEqual(['end a (aborted)']);
  });
});
