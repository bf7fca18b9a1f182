// What a running stage may use: the spec, the transcript, the event outlet, the stage's deadline,
// the probe's AbortSignal and the connection. Stages tell what they observe as events (the
// facts are folded from them, src/probe/facts.ts); they read the facts so far from `facts`.
import type { DetailedPeerCertificate } from 'node:tls';
import type { ProbeEvent } from '../model/events.js';
import type { ProbeFacts } from '../model/facts.js';
import type { ProbeFailure } from '../model/failure.js';
import type { Finding } from '../model/findings.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import type { StageId, StepStatus } from '../model/stages.js';
import type { Escaped } from '../model/text.js';
import type { Reply } from '../smtp/reply.js';
import { esc, escapeText } from '../smtp/escape.js';
import type { ReadResult, Wire } from './wire.js';
import type { Transcript } from './transcript.js';
import type { TlsPrewarm } from './tls-prewarm.js';
import type { HandshakeTap } from '../tls/tap.js';

/** An event as a stage tells it; the engine adds the probe id. */
export type StageEvent = ProbeEvent extends infer E
  ? E extends { probeId: string }
    ? Omit<E, 'probeId'>
    : never
  : never;

export interface StageOutcome {
  status: StepStatus;
  /** What happened, in one escaped line; null for a failure told with fail() (its words are made from the failure, src/wording/). */
  detail: Escaped | null;
  /** True when the session cannot go on (the remaining stages are skipped, QUIT if possible). */
  stop?: boolean;
}

export interface ProbeContext {
  readonly spec: ProbeSpec;
  /** The spec's name, kept for the stages' readability. */
  readonly options: ProbeSpec;
  readonly transcript: Transcript;
  readonly tell: (event: StageEvent) => void;
  /** The facts so far (folded from what was told). */
  readonly facts: () => ProbeFacts;
  /** ms since the session started */
  readonly now: () => number;
  readonly signal: AbortSignal;
  /** Absolute deadline (performance.now() ms) of the running stage. */
  deadline: number;
  wire: Wire | null;
  /** The peer's certificate chain as Node reports it, read right after the handshake. */
  peer: DetailedPeerCertificate | null;
  /** Built during a wait (tls-prewarm.ts); null until then. */
  prewarm: TlsPrewarm | null;
  /** Stages already performed (manual STARTTLS can run stages out of the plan's order). */
  done: Set<StageId>;
  /** The recorded handshake (and its secrets) while the session runs; see handshake-xray.ts. */
  handshakeTap?: HandshakeTap | null;
}

export function remaining(ctx: ProbeContext): number {
  return Math.max(0, ctx.deadline - performance.now());
}

export function fail(ctx: ProbeContext, failure: Omit<ProbeFailure, 'afterTls'>): void {
  ctx.tell({ type: 'failure', failure: { ...failure, afterTls: ctx.facts().tls !== null } });
}

export function note(ctx: ProbeContext, finding: Finding): void {
  ctx.tell({ type: 'finding', finding });
}

/** Send a command and wait for its reply within the stage's deadline. */
export async function command(ctx: ProbeContext, line: string): Promise<ReadResult> {
  const wire = ctx.wire;
  if (!wire || !wire.isOpen) return { kind: 'closed', reset: false, message: esc`not connected` };
  if (wire.unsolicited > 0) {
    const verb = line.split(' ')[0] ?? '';
    note(ctx, {
      code: 'unsolicited-replies',
      count: wire.unsolicited,
      before: escapeText(verb),
    });
    ctx.transcript.add('info', esc`discarded ${wire.unsolicited} unsolicited reply(ies)`);
    await drainUnsolicited(wire);
  }
  const sent = wire.send(line);
  if (!sent.ok) return { kind: 'refused', refusal: sent.refusal };
  const result = await wire.read(remaining(ctx));
  if (result.kind === 'reply') observeReply(ctx, result.reply, line.split(' ')[0] ?? '');
  return result;
}

/** Tell a reply, and what is odd about its form: codes that change, bare LF line ends. */
export function observeReply(ctx: ProbeContext, reply: Reply, after: string): void {
  ctx.tell({ type: 'reply', reply: replyFacts(reply) });
  if (reply.inconsistentCodes)
    note(ctx, { code: 'inconsistent-reply-codes', after: escapeText(after), final: reply.code });
  if (reply.bareLf && !ctx.facts().findings.some((f) => f.code === 'bare-lf'))
    note(ctx, { code: 'bare-lf', after: escapeText(after) });
}

async function drainUnsolicited(wire: Wire): Promise<void> {
  // Bounded: the queue holds only what already arrived.
  for (let i = 0; i < 1000 && wire.unsolicited > 0; i++) await wire.read(0);
}

export function replyFacts(reply: Reply): { code: number; enhanced: string | null; text: Escaped } {
  return { code: reply.code, enhanced: reply.enhanced, text: escapeText(reply.text) };
}

/** The failure a read that got no reply stands for, at `stage`. */
export function readFailure(
  stage: StageId,
  result: Exclude<ReadResult, { kind: 'reply' }>,
  timeoutMs: number,
): Omit<ProbeFailure, 'afterTls'> {
  switch (result.kind) {
    case 'timeout':
      return { stage, kind: 'timeout', timeoutMs, partialBytes: result.partialBytes };
    case 'closed':
      return { stage, kind: result.reset ? 'reset' : 'closed' };
    case 'malformed': {
      const tooLarge =
        result.error.kind === 'reply-too-large' || result.error.kind === 'too-many-lines';
      return {
        stage,
        kind: tooLarge ? 'too-large' : 'malformed',
        detail: escapeText(result.error.message),
        line: escapeText(result.error.line),
      };
    }
    case 'aborted':
      return { stage, kind: 'stopped' };
    case 'refused':
      // The engine asked the state table before sending; a refusal here is our own mistake.
      return { stage, kind: 'stopped', detail: escapeText(result.refusal) };
    default: {
      const never: never = result;
      return never;
    }
  }
}

export function firstLine(reply: Reply): Escaped {
  return escapeText(`${reply.code} ${reply.lines[0] ?? ''}`.trim());
}
