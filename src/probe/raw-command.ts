// A command typed at a pause (the TUI's `:`), sent over the live connection. STARTTLS runs the
// engine's own starttls, tls and certificate stages, so the upgrade is the same as in a run.
import { isAuthCommand } from '../smtp/redact.js';
import { rawCommand } from '../smtp/commands.js';
import type { StageId } from '../model/stages.js';
import { command, readFailure, remaining } from './context.js';
import type { ProbeContext, StageOutcome } from './context.js';
import type { ReadResult } from './wire.js';
import type { RawResult } from './engine.js';

export async function runRaw(
  ctx: ProbeContext,
  line: string,
  opts: { confirmPlaintextAuth?: boolean },
  exec: (stage: StageId) => Promise<StageOutcome>,
): Promise<RawResult> {
  if (!ctx.wire || !ctx.wire.isOpen) return { ok: false, error: 'not-connected' };
  if (ctx.wire.dialogue.state.phase === 'data-phase') return dataLine(ctx, line);
  const built = rawCommand(line);
  if (!built.ok) return { ok: false, error: 'invalid', why: built.error };
  if (/^starttls$/i.test(built.line.trim()) && !ctx.facts().tls) {
    // RFC 3207 §4: STARTTLS is offered in the EHLO reply, so the engine needs that reply.
    if (!ctx.facts().ehloBefore)
      return { ok: false, error: 'refused', refusal: 'starttls-before-ehlo' };
    for (const stage of ['starttls', 'tls', 'certificate'] as const) {
      const out = await exec(stage);
      if (out.stop || out.status !== 'ok') break;
    }
    const reply = ctx.facts().starttls.reply;
    if (!reply) return { ok: false, error: 'no-reply' };
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
  if (isAuthCommand(built.line) && !ctx.facts().tls && !opts.confirmPlaintextAuth)
    return { ok: false, error: 'confirm' };
  ctx.deadline = performance.now() + ctx.spec.timeoutMs;
  return asRawResult(ctx, 'quit', await command(ctx, built.line));
}

/** What a typed command's read came to, as the UI is told it. */
function asRawResult(ctx: ProbeContext, stage: StageId, result: ReadResult): RawResult {
  if (result.kind === 'reply') return { ok: true, reply: result.reply };
  if (result.kind === 'refused') return { ok: false, error: 'refused', refusal: result.refusal };
  return {
    ok: false,
    error: 'failed',
    failure: {
      ...readFailure(stage, result, ctx.spec.timeoutMs),
      afterTls: ctx.facts().tls !== null,
    },
  };
}

const dataLines = new WeakMap<ProbeContext, number>();

/**
 * A line typed after 354: part of the message, so empty lines are fine and nothing is awaited
 * (a reply would never come, and waiting the step timeout per line made manual DATA unusable).
 * The lone "." ends the message; its reply is awaited with the step timeout.
 */
async function dataLine(ctx: ProbeContext, typed: string): Promise<RawResult> {
  const wire = ctx.wire;
  if (!wire) return { ok: false, error: 'not-connected' };
  const line = typed.replace(/\r?\n$/, '');
  // eslint-disable-next-line no-control-regex -- a CR or LF inside would end the line early
  if (/[\r\n\u0000]/.test(line))
    return { ok: false, error: 'invalid', why: 'a message line cannot hold CR, LF or NUL' };
  const sent = wire.sendDataLine(line);
  if (!sent.ok) return { ok: false, error: 'refused', refusal: sent.refusal };
  if (line !== '.') {
    const n = (dataLines.get(ctx) ?? 0) + 1;
    dataLines.set(ctx, n);
    return { ok: false, error: 'data-line-sent', lines: n };
  }
  dataLines.delete(ctx);
  ctx.deadline = performance.now() + ctx.spec.timeoutMs;
  return asRawResult(ctx, 'message', await wire.read(remaining(ctx)));
}
