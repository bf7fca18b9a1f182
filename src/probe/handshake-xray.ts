// The handshake X-ray's place in the engine: the tls stage records the handshake through a tap
// (src/tls/tap.ts); the ladder is built from it after the stage's clock has stopped (the engine
// calls flushHandshake between a stage's end and its record), and again after later stages, so
// the NewSessionTickets a TLS 1.3 server sends after the handshake join it. A failed handshake
// is built at once: the failure points at the last message seen.
import type { TlsFailure } from '../model/tls.js';
import { buildLadder } from '../tls/ladder.js';
import type { HandshakeTap } from '../tls/tap.js';
import type { ProbeContext } from './context.js';

/** The failure with the messages seen, the last one, what was offered and the alert on the wire. */
export function pointFailure(tap: HandshakeTap, failure: TlsFailure): TlsFailure {
  const ladder = buildLadder(tap.chunks, tap.secrets());
  return {
    ...failure,
    afterMessage: ladder.lastMessage,
    ...(ladder.offered ? { offered: ladder.offered } : {}),
    wireAlert: ladder.alert,
    handshake: ladder.steps,
  };
}

/** Build the ladder again if bytes came since, and tell it with the TLS facts. */
export function flushHandshake(ctx: ProbeContext): void {
  const tap = ctx.handshakeTap;
  const tls = ctx.facts().tls;
  if (!tap || !tls || tap.builtAt === tap.chunks.length) return;
  tap.builtAt = tap.chunks.length;
  const ladder = buildLadder(tap.chunks, tap.secrets());
  ctx.tell({
    type: 'tls',
    info: {
      ...tls,
      signatureScheme: ladder.signatureScheme,
      helloRetry: ladder.helloRetry,
      handshake: ladder.steps,
    },
  });
}

/** The session is over: the last build, then the secrets are let go. */
export function endHandshake(ctx: ProbeContext): void {
  flushHandshake(ctx);
  ctx.handshakeTap = null;
}
