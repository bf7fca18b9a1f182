// The mutable state of one session, shared by the step functions. Steps record facts here;
// the verdict and the result are computed from these facts at the end, in one place.
import type { DetailedPeerCertificate } from 'node:tls';
import type { EhloInfo } from '../smtp/ehlo.js';
import type { Reply } from '../smtp/reply.js';
import type { CertificateReport, TlsFailure, TlsInfo } from '../tls/types.js';
import type { Failure } from '../policy/verdict.js';
import type { EhloDiff, ProbeOptions, SessionEvent, StartTlsInfo, StepStatus } from './types.js';
import type { ReadResult, Wire } from './wire.js';
import type { Transcript } from './transcript.js';
import type { TlsPrewarm } from './tls-prewarm.js';

export interface StepOutcome {
  status: StepStatus;
  detail: string;
  /** True when the session cannot go on (the remaining steps are skipped, QUIT if possible). */
  stop?: boolean;
}

export interface SessionContext {
  readonly options: ProbeOptions;
  readonly transcript: Transcript;
  readonly emit: (event: SessionEvent) => void;
  /** ms since the session started */
  readonly now: () => number;
  /** Absolute deadline (performance.now() ms) of the running step. */
  deadline: number;
  wire: Wire | null;
  address: string | null;
  banner: { code: number; text: string } | null;
  heloFallback: boolean;
  ehloBefore: EhloInfo | null;
  ehloAfter: EhloInfo | null;
  ehloDiff: EhloDiff | null;
  starttls: StartTlsInfo;
  tls: TlsInfo | null;
  /** The peer's certificate chain as Node reports it, read right after the handshake. */
  peer: DetailedPeerCertificate | null;
  tlsFailure: TlsFailure | null;
  certificate: CertificateReport | null;
  unreachable: Failure | null;
  smtpError: (Failure & { afterTls: boolean }) | null;
  notes: string[];
  /** Built during the STARTTLS round trip (tls-prewarm.ts); null until then or without it. */
  prewarm: TlsPrewarm | null;
  /** Steps already performed (manual STARTTLS can run steps out of the plan's order). */
  done: Set<string>;
}

export function remaining(ctx: SessionContext): number {
  return Math.max(0, ctx.deadline - performance.now());
}

/** Send a command and wait for its reply within the step's deadline. */
export async function command(ctx: SessionContext, line: string): Promise<ReadResult> {
  const wire = ctx.wire;
  if (!wire || !wire.isOpen) return { kind: 'closed', reset: false, message: 'not connected' };
  if (wire.unsolicited > 0) {
    ctx.notes.push(
      `The server sent ${wire.unsolicited} reply(ies) nobody asked for before "${line.split(' ')[0] ?? ''}" (pipelining abuse or a desynchronised dialogue).`,
    );
    ctx.transcript.add('info', `discarded ${wire.unsolicited} unsolicited reply(ies)`);
    await drainUnsolicited(wire);
  }
  wire.send(line);
  const result = await wire.read(remaining(ctx));
  if (result.kind === 'reply') ctx.emit({ type: 'reply', reply: result.reply });
  return result;
}

async function drainUnsolicited(wire: Wire): Promise<void> {
  // Bounded: the queue holds only what already arrived.
  for (let i = 0; i < 1000 && wire.unsolicited > 0; i++) await wire.read(0);
}

/** Describe a failed read as a reason code and words, naming what the server did. */
export function readFailure(
  step: string,
  result: Exclude<ReadResult, { kind: 'reply' }>,
  timeoutMs: number,
): Failure {
  switch (result.kind) {
    case 'timeout': {
      const partial =
        result.partialBytes > 0
          ? ` (the server sent ${result.partialBytes} bytes without ending the line: a drip, or a line with no CRLF)`
          : '';
      return {
        reason: `${step}-timeout`,
        message: `no complete ${step} reply within ${timeoutMs} ms${partial}`,
      };
    }
    case 'closed':
      return result.reset
        ? { reason: 'connection-reset', message: `the server reset the connection during ${step}` }
        : {
            reason: 'connection-closed',
            message: `the server closed the connection during ${step}`,
          };
    case 'malformed':
      return {
        reason:
          result.error.kind === 'reply-too-large' || result.error.kind === 'too-many-lines'
            ? 'reply-too-large'
            : 'malformed-reply',
        message: `${result.error.message} during ${step}: "${result.error.line}"`,
      };
    default: {
      const never: never = result;
      return never;
    }
  }
}

export function firstLine(reply: Reply): string {
  return `${reply.code} ${reply.lines[0] ?? ''}`.trim();
}
