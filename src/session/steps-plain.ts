// The plaintext steps: connect, banner (RFC 5321 §4.3.1), EHLO with HELO fallback
// (RFC 5321 §4.1.1.1) and the STARTTLS command (RFC 3207 §4).
import { connect as netConnect } from 'node:net';
import type { Socket } from 'node:net';
import { resolveTarget } from '../dns/resolve.js';
import { parseEhlo } from '../smtp/ehlo.js';
import { ehloCommand, heloCommand, starttlsCommand } from '../smtp/commands.js';
import { escapeText } from '../smtp/escape.js';
import { warmWhile } from './tls-prewarm.js';
import { Wire } from './wire.js';
import { command, firstLine, readFailure, remaining } from './context.js';
import type { SessionContext, StepOutcome } from './context.js';

function openSocket(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<Socket | NodeJS.ErrnoException> {
  return new Promise((resolve) => {
    const socket = netConnect({ host: address, port });
    // Commands are small and each waits for a reply: Nagle would only add delay (issue #5).
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      const err: NodeJS.ErrnoException = new Error('connect timeout');
      err.code = 'ETIMEDOUT';
      resolve(err);
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(err);
    });
  });
}

const CONNECT_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection-refused',
  ETIMEDOUT: 'connect-timeout',
  EHOSTUNREACH: 'network-unreachable',
  ENETUNREACH: 'network-unreachable',
  ECONNRESET: 'connection-reset',
};

export async function connectStep(ctx: SessionContext): Promise<StepOutcome> {
  const { host, port, family, timeoutMs } = ctx.options;
  const resolved = await resolveTarget(host, family, remaining(ctx));
  if (!resolved.ok) {
    ctx.unreachable = { reason: resolved.reason, message: escapeText(resolved.message) };
    return { status: 'failed', detail: ctx.unreachable.message, stop: true };
  }
  ctx.address = resolved.address;
  const where =
    resolved.family === 6 ? `[${resolved.address}]:${port}` : `${resolved.address}:${port}`;
  ctx.transcript.add('info', `connecting to ${where}`);
  const connecting = openSocket(resolved.address, port, Math.min(timeoutMs, remaining(ctx)));
  // Implicit TLS (RFC 8314) starts the handshake right after connecting.
  const result = await (ctx.options.tlsMode === 'implicit'
    ? warmWhile(ctx, connecting)
    : connecting);
  if (!('write' in result)) {
    const code = result.code ?? 'error';
    if (code === 'ECONNRESET') {
      // The TCP handshake completed (the kernel accepted) and the server reset it at once.
      ctx.smtpError = {
        reason: 'connection-reset',
        message: `the server reset the connection to ${where} before any greeting`,
        afterTls: false,
      };
      ctx.transcript.add('info', ctx.smtpError.message);
      return { status: 'failed', detail: ctx.smtpError.message, stop: true };
    }
    const reason = CONNECT_REASONS[code] ?? 'connect-failed';
    const words =
      code === 'ETIMEDOUT' ? `no answer within ${timeoutMs} ms` : escapeText(result.message);
    ctx.unreachable = { reason, message: `cannot connect to ${where}: ${words}` };
    ctx.transcript.add('info', ctx.unreachable.message);
    return { status: 'failed', detail: ctx.unreachable.message, stop: true };
  }
  ctx.wire = new Wire(result, ctx.transcript);
  ctx.transcript.add('info', `connected to ${where}`);
  return { status: 'ok', detail: `connected to ${where}` };
}

export async function bannerStep(ctx: SessionContext): Promise<StepOutcome> {
  const wire = ctx.wire;
  if (!wire) return { status: 'skipped', detail: 'not connected', stop: true };
  const result = await wire.read(remaining(ctx));
  if (result.kind !== 'reply') {
    ctx.smtpError = { ...readFailure('banner', result, ctx.options.timeoutMs), afterTls: false };
    return { status: 'failed', detail: ctx.smtpError.message, stop: true };
  }
  ctx.emit({ type: 'reply', reply: result.reply });
  const reply = result.reply;
  ctx.banner = { code: reply.code, text: reply.text };
  if (wire.unsolicited > 0) {
    ctx.notes.push(
      'Early talker: the server sent more than one greeting before the client spoke (smtpscope never sends before the banner; Postfix postscreen treats pre-greeting traffic as spam behaviour).',
    );
  }
  if (reply.code !== 220) {
    ctx.smtpError = {
      reason: `banner-${reply.code}`,
      message: `the server greeted with ${escapeText(firstLine(reply))} instead of 220`,
      afterTls: ctx.tls !== null,
    };
    return { status: 'failed', detail: ctx.smtpError.message, stop: true };
  }
  return { status: 'ok', detail: firstLine(reply) };
}

/** EHLO (before or inside TLS); falls back to HELO when EHLO is refused with 5xx. */
export async function ehloExchange(
  ctx: SessionContext,
  step: 'ehlo' | 'ehlo-tls',
): Promise<StepOutcome & { ehlo?: ReturnType<typeof parseEhlo> }> {
  const built = ehloCommand(ctx.options.ehloName);
  if (!built.ok) return { status: 'failed', detail: built.error, stop: true };
  const afterTls = ctx.tls !== null;
  const result = await command(ctx, built.line);
  if (result.kind !== 'reply') {
    ctx.smtpError = { ...readFailure(step, result, ctx.options.timeoutMs), afterTls };
    return { status: 'failed', detail: ctx.smtpError.message, stop: true };
  }
  if (result.reply.code === 250) {
    return { status: 'ok', detail: firstLine(result.reply), ehlo: parseEhlo(result.reply) };
  }
  if (result.reply.code >= 500 && result.reply.code < 600) {
    const helo = heloCommand(ctx.options.ehloName);
    const again = helo.ok ? await command(ctx, helo.line) : null;
    if (again?.kind === 'reply' && again.reply.code === 250) {
      ctx.heloFallback = true;
      ctx.notes.push(
        `EHLO was refused (${escapeText(firstLine(result.reply))}); HELO worked, so no extensions (and no STARTTLS) are available.`,
      );
      return {
        status: 'ok',
        detail: `EHLO refused, HELO accepted: ${firstLine(again.reply)}`,
        ehlo: parseEhlo(again.reply),
      };
    }
  }
  ctx.smtpError = {
    reason: `${step}-rejected`,
    message: `the server answered EHLO with ${escapeText(firstLine(result.reply))}`,
    afterTls,
  };
  return { status: 'failed', detail: ctx.smtpError.message, stop: true };
}

export async function starttlsStep(ctx: SessionContext): Promise<StepOutcome> {
  const offered = ctx.ehloBefore !== null && 'STARTTLS' in ctx.ehloBefore.extensions;
  ctx.starttls = { offered, reply: null };
  if (!offered) {
    return { status: 'failed', detail: 'STARTTLS is not advertised in the EHLO reply', stop: true };
  }
  const result = await warmWhile(ctx, command(ctx, starttlsCommand()));
  if (result.kind !== 'reply') {
    const failure = readFailure('starttls', result, ctx.options.timeoutMs);
    ctx.tlsFailure = {
      reason:
        result.kind === 'timeout'
          ? 'handshake-timeout'
          : result.kind === 'closed'
            ? 'connection-reset'
            : 'other',
      message: failure.message,
      alert: null,
      code: null,
    };
    return { status: 'failed', detail: failure.message, stop: true };
  }
  const { reply } = result;
  ctx.starttls.reply = { code: reply.code, enhanced: reply.enhanced, text: reply.text };
  if (reply.code !== 220) {
    return { status: 'failed', detail: `STARTTLS refused: ${firstLine(reply)}`, stop: true };
  }
  return { status: 'ok', detail: firstLine(reply) };
}
