// Many probes, one event stream: probe specs go in, run with a bound on how many run at once and
// at most one connection at a time per politeness key (mail servers rate-limit per client:
// Postfix anvil, postscreen); every event comes out tagged with its probe's id, and each
// finished probe is judged (src/policy/verdict.ts). The TUI's attempts, the headless CLI and,
// later, domain, scan and batch runs all drive probes through here.
import type { JudgedProbe, ProbeEvent, ProbeListener, ProbeResult } from '../model/events.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import type { StopCause } from '../model/facts.js';
import { judge } from '../policy/verdict.js';
import type { RawResult } from '../probe/engine.js';

/** What the runner needs of a probe (the engine's Probe; tests may feed recorded events). */
export interface ProbeLike {
  readonly id: string;
  on(listener: ProbeListener): () => void;
  run(): Promise<ProbeResult>;
  resume(): void;
  setAuto(auto: boolean): void;
  sendRaw(line: string, opts?: { confirmPlaintextAuth?: boolean }): Promise<RawResult>;
  /** `by`: who stops it (default the user; a batch line's deadline says so). */
  abort(by?: StopCause): Promise<void>;
}

export type ProbeFactory = (spec: ProbeSpec, id: string) => ProbeLike;

export interface RunnerOptions {
  /** How many probes run at once (default 4). */
  concurrency?: number;
  /** Probes with the same key never run at the same time (default: host and port). */
  politenessKey?: (spec: ProbeSpec) => string;
  /** Makes the probes (src/runner/engine-factory.ts: the engine). */
  factory: ProbeFactory;
}

interface Entry {
  id: string;
  spec: ProbeSpec;
  probe: ProbeLike | null;
  done: Promise<JudgedProbe>;
  settle: (j: JudgedProbe) => void;
  cancelled: boolean;
  stopCause?: StopCause;
}

export class Runner {
  private readonly listeners = new Set<ProbeListener>();
  private readonly entries = new Map<string, Entry>();
  private readonly queue: Entry[] = [];
  private readonly busyKeys = new Set<string>();
  private running = 0;
  private seq = 0;
  private readonly concurrency: number;
  private readonly key: (spec: ProbeSpec) => string;
  private readonly factory: ProbeFactory;

  constructor(opts: RunnerOptions) {
    this.concurrency = Math.max(1, opts.concurrency ?? 4);
    this.key = opts.politenessKey ?? ((s) => `${s.host.toLowerCase()}:${s.port}`);
    this.factory = opts.factory;
  }

  on(listener: ProbeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ProbeEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Queue a probe; resolves with it judged once it has finished. */
  add(spec: ProbeSpec, id = `probe-${++this.seq}`): { id: string; done: Promise<JudgedProbe> } {
    let settle!: (j: JudgedProbe) => void;
    const done = new Promise<JudgedProbe>((resolve) => (settle = resolve));
    const entry: Entry = { id, spec, probe: null, done, settle, cancelled: false };
    this.entries.set(id, entry);
    this.queue.push(entry);
    this.pump();
    return { id, done };
  }

  /** The live probe of `id` (null before it starts or after it ends). */
  probe(id: string): ProbeLike | null {
    return this.entries.get(id)?.probe ?? null;
  }

  private pump(): void {
    for (let i = 0; i < this.queue.length && this.running < this.concurrency;) {
      const entry = this.queue[i] as Entry;
      const key = this.key(entry.spec);
      if (this.busyKeys.has(key)) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      this.start(entry, key);
    }
  }

  /** `key` null: a cancelled probe that only says it stopped (no connection, no slot). */
  private start(entry: Entry, key: string | null): void {
    if (key !== null) {
      this.running++;
      this.busyKeys.add(key);
    }
    const probe = this.factory(entry.spec, entry.id);
    entry.probe = probe;
    // The runner's id is the one that counts (a test's recorded events may carry another).
    probe.on((event) =>
      this.emit(event.probeId === entry.id ? event : { ...event, probeId: entry.id }),
    );
    if (entry.cancelled) void probe.abort(entry.stopCause);
    const release = (): void => {
      if (key !== null) {
        this.running--;
        this.busyKeys.delete(key);
      }
      entry.probe = null;
      this.pump();
    };
    // The engine's run() never rejects; a probe that did must still free its slot.
    void probe.run().then(
      (result) => {
        release();
        entry.settle(judge(result));
      },
      () => release(),
    );
  }

  /** Stop one probe (queued or running). */
  async cancel(id: string, by: StopCause = 'user'): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.cancelled = true;
    entry.stopCause = by;
    const queued = this.queue.indexOf(entry);
    if (queued >= 0) {
      // Never started: run it only to let it say so (it stops at once, no connection made).
      this.queue.splice(queued, 1);
      this.start(entry, null);
    }
    await entry.probe?.abort(by);
  }

  /** Stop everything; resolves once every probe has finished. */
  async abort(by: StopCause = 'user'): Promise<void> {
    await Promise.all([...this.entries.keys()].map((id) => this.cancel(id, by)));
  }

  /** Resolves with every probe added so far, judged, in the order they were added. */
  all(): Promise<JudgedProbe[]> {
    return Promise.all([...this.entries.values()].map((e) => e.done));
  }
}
