// The plaintext stages: connect, banner (RFC 5321 §4.3.1), EHLO with HELO fallback
// (RFC 5321 §4.1.1.1) and the STARTTLS command (RFC 3207 §4).
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import type { FailureKind } from '../model/failure.js';
import type { EhloInfo } from '../model/facts.js';
import { resolveTarget } from '../dns/resolve.js';
import { resolverFor } from '../dns/shared.js';
import { parseEhlo } from '../smtp/ehlo.js';
import { ehloCommand, heloCommand, starttlsCommand } from '../smtp/commands.js';
import { esc, escapeText } from '../smtp/escape.js';
import { warmWhile } from './tls-prewarm.js';
import { Wire } from './wire.js';
import {
  command,
  fail,
  firstLine,
  note,
  observeReply,
  readFailure,
  remaining,
  replyFacts,
} from './context.js';
import type { ProbeContext, StageOutcome } from './context.js';

type Opened = { ok: true; socket: Socket } | { ok: false; code: string; message: string };

function openSocket(
  address: string,
  port: number,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<Opened> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: address, port });
    // Commands are small and each waits for a reply: Nagle would only add delay (issue #5).
    socket.setNoDelay(true);
    const done = (result: Opened): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      if (!result.ok) socket.destroy();
      resolve(result);
    };
    const onAbort = (): void => done({ ok: false, code: 'ABORT_ERR', message: 'stopped' });
    const timer = setTimeout(
      () => done({ ok: false, code: 'ETIMEDOUT', message: 'connect timeout' }),
      timeoutMs,
    );
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('connect', () => done({ ok: true, socket }));
    socket.once('error', (err: NodeJS.ErrnoException) =>
      done({ ok: false, code: err.code ?? 'error', message: err.message }),
    );
  });
}

const CONNECT_KINDS: Record<string, FailureKind> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'connect-timeout',
  EHOSTUNREACH: 'network-unreachable',
  ENETUNREACH: 'network-unreachable',
  ECONNRESET: 'reset',
  ABORT_ERR: 'stopped',
};

export async function connectStage(ctx: ProbeContext): Promise<StageOutcome> {
  const { host, port, family, timeoutMs } = ctx.spec;
  const resolved = await resolveTarget(
    ctx.spec.address ?? host,
    family,
    remaining(ctx),
    ctx.signal,
    {
      ...(ctx.spec.resolver ? { resolver: resolverFor(ctx.spec.resolver) } : {}),
    },
  );
  if (!resolved.ok) {
    const detail = escapeText(resolved.message);
    fail(ctx, { stage: 'connect', kind: resolved.reason, detail, host: escapeText(host) });
    return { status: 'failed', detail: null, stop: true };
  }
  const where =
    resolved.family === 6 ? `[${resolved.address}]:${port}` : `${resolved.address}:${port}`;
  ctx.tell({ type: 'connected', address: resolved.address });
  ctx.transcript.add('info', esc`connecting to ${where}`);
  const connecting = openSocket(
    resolved.address,
    port,
    Math.min(timeoutMs, remaining(ctx)),
    ctx.signal,
  );
  // Implicit TLS (RFC 8314) starts the handshake right after connecting.
  const opened = await (ctx.spec.tlsMode === 'implicit' ? warmWhile(ctx, connecting) : connecting);
  if (!opened.ok) {
    const kind = CONNECT_KINDS[opened.code] ?? 'connect-failed';
    fail(ctx, { stage: 'connect', kind, where, timeoutMs, detail: escapeText(opened.message) });
    ctx.transcript.add(
      'info',
      kind === 'reset'
        ? esc`the server reset the connection to ${where} before any greeting`
        : esc`cannot connect to ${where}: ${kind === 'connect-timeout' ? `no answer within ${timeoutMs} ms` : opened.message}`,
    );
    return { status: 'failed', detail: null, stop: true };
  }
  ctx.wire = new Wire(
    opened.socket,
    ctx.transcript,
    ctx.spec.tlsMode === 'implicit' ? 'implicit' : 'plain',
    ctx.signal,
  );
  ctx.transcript.add('info', esc`connected to ${where}`);
  return { status: 'ok', detail: esc`connected to ${where}` };
}

export async function bannerStage(ctx: ProbeContext): Promise<StageOutcome> {
  const wire = ctx.wire;
  if (!wire) return { status: 'skipped', detail: esc`not connected`, stop: true };
  const result = await wire.read(remaining(ctx));
  if (result.kind !== 'reply') {
    fail(ctx, readFailure('banner', result, ctx.spec.timeoutMs));
    return { status: 'failed', detail: null, stop: true };
  }
  observeReply(ctx, result.reply, 'greeting');
  const reply = result.reply;
  ctx.tell({ type: 'banner', banner: { code: reply.code, text: escapeText(reply.text) } });
  // More greetings before we spoke (RFC 5321 §4.3.1: one greeting, then the server waits).
  // Other replies queued now are told as unsolicited when EHLO is sent (context.ts command()).
  const greetings = wire.unsolicitedCodes().filter((c) => c === 220).length;
  if (greetings > 0) note(ctx, { code: 'multiple-greetings', count: greetings + 1 });
  if (reply.code !== 220) {
    fail(ctx, { stage: 'banner', kind: 'rejected', reply: replyFacts(reply) });
    return { status: 'failed', detail: null, stop: true };
  }
  return { status: 'ok', detail: firstLine(reply) };
}

/** EHLO (before or inside TLS); falls back to HELO when EHLO is refused with 5xx. */
export async function ehloExchange(
  ctx: ProbeContext,
  stage: 'ehlo' | 'ehlo-tls',
): Promise<StageOutcome & { ehlo?: EhloInfo }> {
  const built = ehloCommand(ctx.spec.ehloName);
  if (!built.ok) return { status: 'failed', detail: escapeText(built.error), stop: true };
  const result = await command(ctx, built.line);
  if (result.kind !== 'reply') {
    fail(ctx, readFailure(stage, result, ctx.spec.timeoutMs));
    return { status: 'failed', detail: null, stop: true };
  }
  if (result.reply.code === 250) {
    return { status: 'ok', detail: firstLine(result.reply), ehlo: parseEhlo(result.reply) };
  }
  if (result.reply.code >= 500 && result.reply.code < 600) {
    const helo = heloCommand(ctx.spec.ehloName);
    const again = helo.ok ? await command(ctx, helo.line) : null;
    if (again?.kind === 'reply' && again.reply.code === 250) {
      // RFC 5321 §4.1.1.1: a HELO reply carries no extensions, however many lines it has; so
      // there is no STARTTLS (RFC 3207 §4), whatever the lines after the first say.
      ctx.tell({ type: 'helo-fallback' });
      note(ctx, { code: 'helo-fallback', reply: firstLine(result.reply) });
      return {
        status: 'ok',
        detail: esc`EHLO refused, HELO accepted: ${firstLine(again.reply)}`,
        ehlo: {
          greeting: escapeText(again.reply.lines[0] ?? ''),
          extensions: {},
          rawExtensions: {},
        },
      };
    }
  }
  fail(ctx, { stage, kind: 'rejected', reply: replyFacts(result.reply) });
  return { status: 'failed', detail: null, stop: true };
}

export async function starttlsStage(ctx: ProbeContext): Promise<StageOutcome> {
  const before = ctx.facts().ehloBefore;
  const offered =
    before !== null && !ctx.facts().heloFallback && 'STARTTLS' in before.rawExtensions;
  if (!offered) {
    ctx.tell({ type: 'starttls', offered: false, reply: null });
    fail(ctx, { stage: 'starttls', kind: 'not-offered' });
    return { status: 'failed', detail: null, stop: true };
  }
  const result = await warmWhile(ctx, command(ctx, starttlsCommand()));
  if (result.kind !== 'reply') {
    // No reply to STARTTLS is an SMTP failure at this stage: no handshake was attempted.
    ctx.tell({ type: 'starttls', offered: true, reply: null });
    fail(ctx, readFailure('starttls', result, ctx.spec.timeoutMs));
    return { status: 'failed', detail: null, stop: true };
  }
  const { reply } = result;
  ctx.tell({ type: 'starttls', offered: true, reply: replyFacts(reply) });
  if (reply.code !== 220) {
    fail(ctx, { stage: 'starttls', kind: 'rejected', reply: replyFacts(reply) });
    return { status: 'failed', detail: null, stop: true };
  }
  return { status: 'ok', detail: firstLine(reply) };
}
