// The probe engine: runs one connection's stages in the stage table's order (plan.ts), telling
// typed events tagged with the probe's id. In guided mode it waits at its gate before each stage;
// at a pause, sendRaw() talks over the live connection. One AbortSignal cancels whatever runs:
// the DNS wait, the connect, every read and the handshake. The TUI, the headless reports and
// the runner all drive this one class.
import type { ProbeEvent, ProbeListener, ProbeResult } from '../model/events.js';
import type { StepRecord } from '../model/events.js';
import type { ProbeFacts, StopCause } from '../model/facts.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import type { StageId } from '../model/stages.js';
import { esc, escapeText } from '../smtp/escape.js';
import type { Refusal } from '../smtp/client-state.js';
import type { Reply } from '../smtp/reply.js';
import type { ProbeContext, StageEvent, StageOutcome } from './context.js';
import { initialFacts, reduceFacts } from './facts.js';
import { Gate } from './gate.js';
import { planFor } from './plan.js';
import type { Plan } from './plan.js';
import { buildResult } from './result.js';
import { STAGES } from './stage-table.js';
import { bannerStage, connectStage, ehloExchange, starttlsStage } from './stages-plain.js';
import { certificateStage, ehloTlsStage, quitStage, tlsStage } from './stages-tls.js';
import { runRaw } from './raw-command.js';
import { authStage } from './stage-auth.js';
import { dataStage, mailStage, messageStage, rcptStage } from './stages-submit.js';
import { prewarmTls } from './tls-prewarm.js';
import { endHandshake, flushHandshake, preloadLadder } from './handshake-xray.js';
import { Transcript } from './transcript.js';

/** A stopped run's step details: who stopped it (a batch line's deadline is not the user). */
const STOP_WORDS: Readonly<Record<StopCause, string>> = {
  user: 'stopped by the user',
  deadline: "cut by the caller's deadline (--domain-timeout)",
};

export type RawResult =
  | { ok: true; reply: Reply }
  /** `refusal`: the dialogue's state does not allow the command now; `confirm`: AUTH over plaintext. */
  | { ok: false; error: 'confirm' | 'not-paused' | 'not-connected' | 'no-reply' }
  /**
   * Not an error: in the data phase (after 354) a typed line is a message line, sent with no
   * reply to wait for (RFC 5321 §4.1.1.4); `lines` counts them. The lone "." gets its reply.
   */
  | { ok: false; error: 'data-line-sent'; lines: number }
  | { ok: false; error: 'invalid'; why: string }
  | { ok: false; error: 'refused'; refusal: Refusal | 'starttls-before-ehlo' }
  | { ok: false; error: 'failed'; failure: NonNullable<ProbeFacts['failure']> };

/** Stage id → what runs it. A Record, so a stage added to the model without a runner fails to compile. */
const RUN: Readonly<Record<StageId, (ctx: ProbeContext) => Promise<StageOutcome> | StageOutcome>> =
  {
    connect: connectStage,
    banner: bannerStage,
    ehlo: async (ctx) => {
      if (ctx.facts().tls) return ehloTlsStage(ctx); // implicit TLS: the one EHLO is inside TLS
      const out = await ehloExchange(ctx, 'ehlo');
      if (out.ehlo) ctx.tell({ type: 'ehlo', phase: 'before', ehlo: out.ehlo });
      return out;
    },
    starttls: starttlsStage,
    tls: tlsStage,
    certificate: certificateStage,
    'ehlo-tls': ehloTlsStage,
    auth: authStage,
    mail: mailStage,
    rcpt: rcptStage,
    data: dataStage,
    message: messageStage,
    quit: quitStage,
  };

let nextId = 1;

export class Probe {
  readonly id: string;
  private readonly listeners = new Set<ProbeListener>();
  private readonly ctx: ProbeContext;
  private readonly records = new Map<StageId, StepRecord>();
  private readonly t0 = performance.now();
  private readonly startedAt = new Date();
  private readonly plan: Plan;
  private readonly gate = new Gate();
  private readonly controller = new AbortController();
  private facts: ProbeFacts;
  private aborted = false;
  private stopWords: string = STOP_WORDS.user;
  private stopped = false;
  private busy: Promise<unknown> = Promise.resolve();
  private running: Promise<ProbeResult> | null = null;
  result: ProbeResult | null = null;

  constructor(
    readonly spec: ProbeSpec,
    id?: string,
  ) {
    this.id = id ?? `probe-${nextId++}`;
    this.plan = planFor(spec);
    this.facts = initialFacts(spec);
    if (!spec.guided) this.gate.latch();
    const now = (): number => performance.now() - this.t0;
    this.ctx = {
      spec,
      options: spec,
      transcript: new Transcript(now, (entry) => this.tell({ type: 'transcript', entry })),
      tell: (event) => this.tell(event),
      facts: () => this.facts,
      now,
      signal: this.controller.signal,
      deadline: 0,
      wire: null,
      peer: null,
      prewarm: null,
      done: new Set(),
    };
  }

  on(listener: ProbeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private tell(body: StageEvent): void {
    let event = { ...body, probeId: this.id } as ProbeEvent;
    // Once the user stopped the run, what a stage saw next is our doing, not the server's: a
    // socket we closed must not become the verdict ("the server closed the connection").
    if (event.type === 'failure' && this.aborted && event.failure.kind !== 'stopped')
      event = {
        ...event,
        failure: { ...event.failure, kind: 'stopped', detail: escapeText(this.stopWords) },
      };
    this.facts = reduceFacts(this.facts, event, this.spec);
    for (const l of this.listeners) l(event);
  }

  /** Runs the whole session; never rejects. Calling it twice returns the same promise. */
  run(): Promise<ProbeResult> {
    this.running ??= this.runStages();
    return this.running;
  }

  /** Guided mode: run the stage the engine waits before. */
  resume(): void {
    this.gate.open();
  }

  setAuto(auto: boolean): void {
    if (auto) this.gate.latch();
    else this.gate.unlatch();
  }

  /**
   * Stop. At a pause: the remaining stages are skipped and QUIT is sent if the dialogue allows
   * it. During a stage: the AbortSignal ends it at once. Resolves when run() has finished.
   */
  async abort(by: StopCause = 'user'): Promise<void> {
    if (!this.aborted) {
      this.aborted = true;
      this.stopWords = STOP_WORDS[by];
      this.tell({ type: 'stopped', before: this.nextStage(), by });
      const paused = this.gate.state.kind === 'waiting';
      this.gate.latch();
      if (!paused && this.running) this.controller.abort();
    }
    if (this.running) await this.running;
  }

  /** The stage the session would run next: the first one not done, or QUIT once stopped. */
  private nextStage(): StageId | null {
    for (const name of this.plan.stages) {
      if (this.ctx.done.has(name)) continue;
      if (this.stopped && name !== 'quit') continue;
      return name;
    }
    return null;
  }

  private async runStages(): Promise<ProbeResult> {
    let approved: StageId | null = null;
    for (const name of this.plan.stages) {
      if (this.ctx.done.has(name)) continue;
      if (this.stopped && name !== 'quit') {
        this.skip(name, this.aborted ? this.stopWords : 'not reached');
        continue;
      }
      if (approved !== name && !this.gate.isLatched) approved = await this.pause(name);
      await this.busy;
      // A command typed at this pause may have performed the stage already (STARTTLS typed in
      // manual mode runs starttls, tls and certificate through the engine).
      if (this.ctx.done.has(name)) continue;
      if (this.aborted && name !== 'quit') {
        this.stopped = true;
        this.skip(name, this.stopWords);
        continue;
      }
      await this.exec(name);
      if (this.plan.quitAfter === name && !this.stopped) {
        this.stopped = true;
        this.tell({ type: 'quit-after', stage: name });
      }
    }
    for (const s of this.plan.skipped) this.skip(s.stage, s.why);
    await endHandshake(this.ctx);
    this.controller.abort(); // nothing runs any more: release whatever still listens
    this.result = buildResult({
      probeId: this.id,
      spec: this.spec,
      facts: this.facts,
      records: this.records,
      plan: this.plan,
      startedAt: this.startedAt,
      elapsedMs: performance.now() - this.t0,
      transcript: this.ctx.transcript.entries,
    });
    this.tell({ type: 'finished', result: this.result });
    return this.result;
  }

  private pause(next: StageId): Promise<StageId> {
    const waiting = this.gate.wait(next);
    this.tell({ type: 'paused', next, preview: STAGES[next].preview(this.spec), again: false });
    return waiting;
  }

  private skip(name: StageId, why: string): void {
    if (this.records.has(name)) return;
    this.record(name, new Date(), 0, { status: 'skipped', detail: esc`${why}` });
  }

  private record(name: StageId, at: Date, ms: number, outcome: StageOutcome): void {
    const failure = this.facts.failure;
    const step: StepRecord = {
      name,
      status: outcome.status,
      startedAt: at.toISOString(),
      ms: Math.round(ms * 10) / 10,
      detail: outcome.detail,
      ...(outcome.detail === null && failure ? { failure } : {}),
    };
    this.records.set(name, step);
    this.ctx.done.add(name);
    this.tell({ type: 'step-finished', step });
  }

  /** Runs one stage: told before its clock starts, timed, recorded. */
  async exec(name: StageId): Promise<StageOutcome> {
    // Told before the clock starts, and the UI given its turn (spec.settle): steps[].ms must
    // show the server's stalls, not our rendering.
    this.tell({ type: 'step-started', step: name, t: this.ctx.now() });
    if (this.spec.settle) await this.spec.settle();
    await this.prepare(name);
    const at = new Date();
    const start = performance.now();
    this.ctx.deadline = start + this.spec.timeoutMs;
    let outcome = await RUN[name](this.ctx);
    if (this.aborted && name !== 'quit' && outcome.status !== 'ok') {
      this.ctx.transcript.add('info', esc`${this.stopWords} during ${name}`);
      outcome = { status: 'failed', detail: escapeText(this.stopWords), stop: true };
    }
    if (outcome.stop) this.stopped = true;
    const ms = performance.now() - start;
    await flushHandshake(this.ctx); // off the clock: the handshake ladder (handshake-xray.ts)
    this.record(name, at, ms, outcome);
    return outcome;
  }

  /**
   * CPU work a stage needs that no wait hid (see warmWhile): done before the stage's clock
   * starts, so it never counts as the server's time.
   */
  private async prepare(name: StageId): Promise<void> {
    // The handshake X-ray's code, loaded before the first stage's clock (its ~10 ms and the
    // garbage it leaves then fall on no step), and awaited before the TLS stage's at the
    // latest, so that building the ladder after the stage adds no turn of the event loop (a
    // greeting must not slip in before --quit-after's close).
    if (name === 'connect' && this.spec.tlsMode !== 'none') await preloadLadder();
    if (name !== 'tls') return;
    this.ctx.prewarm ??= prewarmTls(this.spec);
    await preloadLadder();
  }

  /** Manual mode: send a typed command at a pause. STARTTLS goes through the engine's stages. */
  sendRaw(line: string, opts: { confirmPlaintextAuth?: boolean } = {}): Promise<RawResult> {
    const job = this.busy.then(async () => {
      if (this.gate.state.kind !== 'waiting') return { ok: false, error: 'not-paused' } as const;
      const out = await runRaw(this.ctx, line, opts, (stage) => this.exec(stage));
      // The engine is still paused: say so again, and before which stage (a STARTTLS typed
      // here has run starttls, tls and certificate, so the pause now stands before a later one).
      const next = this.nextStage();
      if (next && this.gate.state.kind === 'waiting') {
        this.gate.retarget(next);
        this.tell({ type: 'paused', next, preview: STAGES[next].preview(this.spec), again: true });
      }
      return out;
    });
    this.busy = job.catch(() => undefined);
    return job;
  }
}
