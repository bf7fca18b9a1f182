// Every scan connection goes through one pool: at most `concurrency` open at once to the address
// (MTAs limit connections per client: Postfix anvil's smtpd_client_connection_count_limit,
// postscreen), at most `budget` in all, and throttling handled politely: after a 421, a refused
// connection or a tarpit the pool drops to one connection at a time, waits (doubling), retries a
// few times, and then gives up for the rest of the scan so that the server is left alone. What
// could not be tested is reported inconclusive by the caller, never "not supported".
import type { ClientHelloOptions } from '../tlswire/index.js';
import { probeHello } from './hello-probe.js';
import type { PrefaceSpec } from './smtp-preface.js';
import type { HelloOutcome } from './types.js';

export type PoolOutcome = HelloOutcome | { readonly kind: 'budget' };

export interface PoolOptions {
  readonly budget: number;
  readonly concurrency: number;
  /** First wait after throttling (default 1000 ms), doubled per retry. */
  readonly backoffMs?: number;
  /** Retries of one probe after throttling before the pool gives up (default 3). */
  readonly retries?: number;
  /** Each connection opened, with the count so far. */
  readonly onProbe?: (probes: number) => void;
}

export type Prober = (spec: PrefaceSpec, hello: ClientHelloOptions) => Promise<HelloOutcome>;

export class ProbePool {
  private active = 0;
  private limit: number;
  private readonly waiting: (() => void)[] = [];
  private opened = 0;
  private gaveUp: HelloOutcome | null = null;
  /** Times a probe was throttled (including the ones retried successfully). */
  throttleEvents = 0;

  constructor(
    private readonly spec: PrefaceSpec,
    private readonly options: PoolOptions,
    private readonly prober: Prober = probeHello,
  ) {
    this.limit = Math.max(1, options.concurrency);
  }

  get probes(): number {
    return this.opened;
  }

  get throttled(): boolean {
    return this.gaveUp !== null;
  }

  private async slot(): Promise<void> {
    while (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active += 1;
  }

  private release(): void {
    this.active -= 1;
    this.waiting.shift()?.();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const signal = this.spec.signal;
      // The listener goes when the wait ends either way: waits repeat, and listeners left on
      // the one signal pile up (MaxListenersExceededWarning).
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** While backing off nobody connects: the whole pool waits, not just the throttled probe. */
  private pausedUntil = 0;
  /** Throttled answers since the last good one; past `retries` the pool gives up. */
  private strikes = 0;
  private backoff = -1;

  async run(hello: ClientHelloOptions): Promise<PoolOutcome> {
    const retries = this.options.retries ?? 3;
    for (;;) {
      if (this.gaveUp) return this.gaveUp;
      if (this.spec.signal?.aborted) return { kind: 'error', detail: 'stopped' };
      await this.slot();
      let outcome: HelloOutcome;
      try {
        // Wait out a back-off that started while we queued (one connection at a time by now).
        for (let w = this.pausedUntil - Date.now(); w > 0; w = this.pausedUntil - Date.now())
          await this.wait(w);
        if (this.gaveUp) return this.gaveUp;
        if (this.opened >= this.options.budget) return { kind: 'budget' };
        this.opened += 1;
        this.options.onProbe?.(this.opened);
        outcome = await this.prober(this.spec, hello);
        if (outcome.kind === 'throttled') {
          this.throttleEvents += 1;
          this.strikes += 1;
          // One connection at a time from now on: the server has told us it is too many.
          this.limit = 1;
          if (this.strikes > retries) this.gaveUp = outcome;
          this.backoff = this.backoff < 0 ? (this.options.backoffMs ?? 1000) : this.backoff * 2;
          this.pausedUntil = Date.now() + this.backoff;
        } else this.strikes = 0;
      } finally {
        this.release();
      }
      if (outcome.kind !== 'throttled') return outcome;
      if (this.gaveUp) return this.gaveUp;
    }
  }
}
