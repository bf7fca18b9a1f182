// Shared results: each (MX host, address, port, TLS options) is probed once per batch and its
// result handed to every domain that points at it; a probe in flight is shared too. Connections
// go through the batch's AddressGate (bounded, one per address at a time, optional interval).
// A domain that stops waiting (its deadline) does not stop the shared probe: others may need it.
import { createHash } from 'node:crypto';
import type { ProbeListener, ProbeResult } from '../model/events.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import type { StopCause } from '../model/facts.js';
import type { RawResult } from '../probe/engine.js';
import { AddressGate } from './batch-gate.js';
import { Lru } from './batch-lru.js';
import type { ProbeFactory, ProbeLike } from './runner.js';

/** Default probe results kept (one is a few KiB to a few tens of KiB): the README's figure. */
export const PROBE_CACHE_ENTRIES = 4096;

export interface SharedProbesOptions {
  factory: ProbeFactory;
  /** Connections at once over the whole batch. */
  connections: number;
  perHostIntervalMs?: number;
  cacheEntries?: number;
  /** Aborting it stops every probe in flight (Ctrl-C). */
  signal: AbortSignal;
}

const caDigests = new WeakMap<readonly string[], string>();

function caDigest(pems: readonly string[] | undefined): string {
  if (!pems || pems.length === 0) return '';
  let d = caDigests.get(pems);
  if (d === undefined) {
    d = createHash('sha256').update(pems.join('\n')).digest('hex').slice(0, 16);
    caDigests.set(pems, d);
  }
  return d;
}

/** What makes two probes the same session; null: never shared (a submission sends mail). */
export function shareKey(s: ProbeSpec): string | null {
  if (s.submission || s.keylog) return null;
  return JSON.stringify([
    s.host.toLowerCase(),
    s.address ?? null,
    s.port,
    s.tlsMode,
    s.family ?? null,
    s.ehloName,
    s.sni === undefined ? '' : s.sni,
    s.verifyName ?? '',
    caDigest(s.caPems),
    s.timeoutMs,
    s.quitAfter ?? '',
    s.minTlsVersion ?? '',
    s.maxTlsVersion ?? '',
    s.resolver?.map((r) => `${r.host}|${r.port}`).join(',') ?? '',
    s.asMx === true,
  ]);
}

export const politenessKey = (s: ProbeSpec): string =>
  `${(s.address ?? s.host).toLowerCase()}|${s.port}`;

export class SharedProbes {
  /** Sessions really run, and probes answered from a result already had (or in flight). */
  readonly stats = { probed: 0, reused: 0 };
  private readonly results: Lru<Promise<ProbeResult>>;
  private readonly gate: AddressGate;
  private readonly live = new Set<ProbeLike>();
  private seq = 0;

  constructor(private readonly o: SharedProbesOptions) {
    this.results = new Lru(o.cacheEntries ?? PROBE_CACHE_ENTRIES);
    this.gate = new AddressGate(o.connections, o.perHostIntervalMs ?? 0);
    o.signal.addEventListener('abort', () => {
      for (const p of this.live) void p.abort();
    });
  }

  readonly factory: ProbeFactory = (spec, id) => new SharedProbe(this, spec, id);

  /** A probe that stops at once without connecting, saying so (the engine's own way). */
  stopped(spec: ProbeSpec, id: string, by: StopCause = 'user'): Promise<ProbeResult> {
    const p = this.o.factory(spec, id);
    void p.abort(by);
    return p.run();
  }

  obtain(spec: ProbeSpec): Promise<ProbeResult> {
    const key = shareKey(spec);
    if (key !== null) {
      const had = this.results.get(key);
      if (had !== undefined) {
        this.stats.reused++;
        return had;
      }
    }
    this.stats.probed++;
    const id = `shared-${++this.seq}`;
    const p = this.gate.run(politenessKey(spec), async () => {
      if (this.o.signal.aborted) return this.stopped(spec, id);
      const probe = this.o.factory(spec, id);
      this.live.add(probe);
      try {
        return await probe.run();
      } finally {
        this.live.delete(probe);
      }
    });
    if (key !== null) {
      this.results.set(key, p);
      // A session cut by Ctrl-C is no one's answer.
      void p.then(() => {
        if (this.o.signal.aborted) this.results.delete(key);
      });
    }
    return p;
  }
}

/** The Runner's view of one domain's use of a shared result. */
class SharedProbe implements ProbeLike {
  private aborted: StopCause | null = null;
  private stop: () => void = () => undefined;
  private readonly stopP = new Promise<'stop'>((resolve) => (this.stop = () => resolve('stop')));

  constructor(
    private readonly owner: SharedProbes,
    private readonly spec: ProbeSpec,
    readonly id: string,
  ) {}

  // Batch lines carry results, not live events: nothing is told.
  on(_listener: ProbeListener): () => void {
    return () => undefined;
  }

  async run(): Promise<ProbeResult> {
    if (this.aborted) return this.owner.stopped(this.spec, this.id, this.aborted);
    const r = await Promise.race([this.owner.obtain(this.spec), this.stopP]);
    // This line stops waiting; the shared probe goes on for the others that need it.
    if (r === 'stop') return this.owner.stopped(this.spec, this.id, this.aborted ?? 'user');
    return { ...r, probeId: this.id };
  }

  resume(): void {}
  setAuto(): void {}

  sendRaw(): Promise<RawResult> {
    return Promise.reject(new Error('a batch probe takes no typed commands'));
  }

  abort(by: StopCause = 'user'): Promise<void> {
    this.aborted = by;
    this.stop();
    return Promise.resolve();
  }
}
