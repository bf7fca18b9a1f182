// The probe engine: runs the session's steps in order, emitting typed events. In guided mode it
// pauses before each step until resume(); at a pause, sendRaw() talks over the live connection.
// The TUI and the headless reports both drive this one class.
import { escapeText } from '../smtp/escape.js';
import { isAuthCommand } from '../smtp/redact.js';
import { rawCommand } from '../smtp/commands.js';
import type { Reply } from '../smtp/reply.js';
import { command, readFailure } from './context.js';
import type { SessionContext, StepOutcome } from './context.js';
import { buildResult } from './result.js';
import { planFor, previewFor } from './plan.js';
import { bannerStep, connectStep, ehloExchange, starttlsStep } from './steps-plain.js';
import { certificateStep, ehloTlsStep, quitStep, tlsStep } from './steps-tls.js';
import { prewarmTls } from './tls-prewarm.js';
import { Transcript } from './transcript.js';
import type {
  ProbeOptions,
  SessionEvent,
  SessionListener,
  SessionResult,
  StepName,
  StepRecord,
} from './types.js';

export type RawResult = { ok: true; reply: Reply } | { ok: false; error: string };

export class ProbeSession {
  private readonly listeners = new Set<SessionListener>();
  private readonly ctx: SessionContext;
  private readonly records = new Map<StepName, StepRecord>();
  private readonly t0 = performance.now();
  private readonly startedAt = new Date();
  private auto: boolean;
  private gate: (() => void) | null = null;
  private aborted = false;
  private busy: Promise<unknown> = Promise.resolve();
  private running: Promise<SessionResult> | null = null;
  result: SessionResult | null = null;

  constructor(readonly options: ProbeOptions) {
    this.auto = !options.guided;
    const emit = (event: SessionEvent): void => this.emit(event);
    const now = (): number => performance.now() - this.t0;
    this.ctx = {
      options,
      transcript: new Transcript(now, (entry) => emit({ type: 'transcript', entry })),
      emit,
      now,
      deadline: 0,
      wire: null,
      address: null,
      banner: null,
      heloFallback: false,
      ehloBefore: null,
      ehloAfter: null,
      ehloDiff: null,
      starttls: { offered: false, reply: null },
      tls: null,
      peer: null,
      tlsFailure: null,
      certificate: null,
      unreachable: null,
      smtpError: null,
      notes: [],
      prewarm: null,
      done: new Set(),
    };
  }

  on(listener: SessionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: SessionEvent): void {
    for (const l of this.listeners) l(event);
  }

  /** Runs the whole session; never rejects. Calling it twice returns the same promise. */
  run(): Promise<SessionResult> {
    this.running ??= this.runSteps();
    return this.running;
  }

  resume(): void {
    const g = this.gate;
    this.gate = null;
    g?.();
  }

  setAuto(auto: boolean): void {
    this.auto = auto;
    if (auto) this.resume();
  }

  /** Stop: QUIT if paused and connected, else close at once; resolves when run() has finished. */
  async abort(): Promise<void> {
    this.aborted = true;
    if (this.gate) this.resume();
    else if (this.running) this.ctx.wire?.destroy();
    if (this.running) await this.running;
  }

  private async runSteps(): Promise<SessionResult> {
    const plan = planFor(this.options);
    let stopped = false;
    for (const name of plan.steps) {
      if (this.ctx.done.has(name)) continue;
      if (stopped && name !== 'quit') {
        this.skip(name, 'not reached');
        continue;
      }
      if (!this.auto && !this.aborted) await this.pause(name);
      await this.busy;
      // A command typed at this pause may have performed the step already (STARTTLS typed in
      // manual mode runs starttls, tls and certificate through the engine).
      if (this.ctx.done.has(name)) continue;
      if (this.aborted && name !== 'quit') {
        stopped = true;
        this.skip(name, 'stopped by the user');
        continue;
      }
      const outcome = await this.exec(name);
      if (outcome.stop) stopped = true;
      if (plan.quitAfter === name) stopped = true;
    }
    for (const name of plan.skipped) this.skip(name.step, name.why);
    this.result = buildResult(this.ctx, this.records, this.startedAt, plan, this.aborted);
    this.emit({ type: 'finished', result: this.result });
    return this.result;
  }

  private pause(next: StepName): Promise<void> {
    return new Promise((resolve) => {
      this.gate = resolve;
      this.emit({ type: 'paused', next, preview: previewFor(next, this.ctx) });
    });
  }

  private skip(name: StepName, why: string): void {
    if (this.records.has(name)) return;
    this.record(name, new Date(), 0, { status: 'skipped', detail: why });
  }

  private record(name: StepName, at: Date, ms: number, outcome: StepOutcome): void {
    const step: StepRecord = {
      name,
      status: outcome.status,
      startedAt: at.toISOString(),
      ms: Math.round(ms * 10) / 10,
      detail: outcome.detail,
    };
    this.records.set(name, step);
    this.ctx.done.add(name);
    this.emit({ type: 'step-finished', step });
  }

  private async exec(name: StepName): Promise<StepOutcome> {
    // Told before the clock starts, and the UI given its turn (options.settle): steps[].ms must
    // show the server's stalls, not our rendering.
    this.emit({ type: 'step-started', step: name, t: this.ctx.now() });
    if (this.options.settle) await this.options.settle();
    this.prepare(name);
    const at = new Date();
    const start = performance.now();
    this.ctx.deadline = start + this.options.timeoutMs;
    const ctx = this.ctx;
    const blame = {
      unreachable: ctx.unreachable,
      smtpError: ctx.smtpError,
      tlsFailure: ctx.tlsFailure,
    };
    let outcome = await this.perform(name);
    if (this.aborted && name !== 'quit') {
      // abort() closed the socket under this step: the failure it saw is ours, not the
      // server's, so it must not become the verdict ("the server closed the connection").
      Object.assign(ctx, blame);
      ctx.transcript.add('info', `stopped by the user during ${name}`);
      outcome = { status: 'failed', detail: 'stopped by the user', stop: true };
    }
    this.record(name, at, performance.now() - start, outcome);
    return outcome;
  }

  /**
   * CPU work a step needs that no wait hid (see warmWhile): done before the step's clock
   * starts, so it never counts as the server's time.
   */
  private prepare(name: StepName): void {
    if (name === 'tls') this.ctx.prewarm ??= prewarmTls(this.options);
  }

  private async perform(name: StepName): Promise<StepOutcome> {
    const ctx = this.ctx;
    switch (name) {
      case 'connect':
        return connectStep(ctx);
      case 'banner':
        return bannerStep(ctx);
      case 'ehlo': {
        const out = await ehloExchange(ctx, 'ehlo');
        if (out.ehlo) {
          const phase = ctx.tls ? 'after' : 'before';
          if (phase === 'after') ctx.ehloAfter = out.ehlo;
          else {
            ctx.ehloBefore = out.ehlo;
            ctx.starttls.offered = 'STARTTLS' in out.ehlo.extensions;
          }
          ctx.emit({ type: 'ehlo', phase, ehlo: out.ehlo });
        }
        return out;
      }
      case 'starttls':
        return starttlsStep(ctx);
      case 'tls':
        return tlsStep(ctx);
      case 'certificate':
        return certificateStep(ctx);
      case 'ehlo-tls':
        return ehloTlsStep(ctx);
      case 'quit':
        return quitStep(ctx);
      default: {
        const never: never = name;
        return { status: 'skipped', detail: String(never) };
      }
    }
  }

  /** Manual mode: send a typed command at a pause. STARTTLS goes through the engine's upgrade. */
  sendRaw(line: string, opts: { confirmPlaintextAuth?: boolean } = {}): Promise<RawResult> {
    const job = this.busy.then(() => this.doSendRaw(line, opts));
    this.busy = job.catch(() => undefined);
    return job;
  }

  private async doSendRaw(
    line: string,
    opts: { confirmPlaintextAuth?: boolean },
  ): Promise<RawResult> {
    const ctx = this.ctx;
    if (!this.gate)
      return { ok: false, error: 'commands can be typed only while the session is paused' };
    if (!ctx.wire || !ctx.wire.isOpen) return { ok: false, error: 'not connected' };
    const built = rawCommand(line);
    if (!built.ok) return { ok: false, error: built.error };
    if (/^starttls$/i.test(built.line.trim()) && !ctx.tls) {
      // RFC 3207 §4: STARTTLS is offered in the EHLO reply, so the engine needs that reply.
      if (!ctx.ehloBefore)
        return { ok: false, error: 'STARTTLS comes after EHLO: run the EHLO step first' };
      for (const step of ['starttls', 'tls', 'certificate'] as const) {
        const out = await this.exec(step);
        if (out.stop || out.status !== 'ok') break;
      }
      const reply = ctx.starttls.reply;
      if (!reply) return { ok: false, error: 'STARTTLS got no reply' };
      return {
        ok: true,
        reply: {
          code: reply.code,
          enhanced: reply.enhanced,
          lines: reply.text.split('\n'),
          text: reply.text,
          raw: [],
          truncated: false,
        },
      };
    }
    if (isAuthCommand(built.line) && !ctx.tls && !opts.confirmPlaintextAuth)
      return { ok: false, error: 'confirm' };
    ctx.deadline = performance.now() + this.options.timeoutMs;
    const result = await command(ctx, built.line);
    if (result.kind === 'reply') return { ok: true, reply: result.reply };
    return {
      ok: false,
      error: escapeText(readFailure('command', result, this.options.timeoutMs).message),
    };
  }
}
