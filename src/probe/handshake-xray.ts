// The handshake X-ray's place in the engine: the tls stage records the handshake through a tap
// (src/tls/tap.ts); the ladder is built from it after the stage's clock has stopped (the engine
// calls flushHandshake between a stage's end and its record), and again after later stages, so
// the NewSessionTickets a TLS 1.3 server sends after the handshake join it. A failed handshake
// is built at once: the failure points at the last message seen.
//
// The ladder's code (the tlswire codec and its registry tables, ~100 KB) is imported on first
// use, not at start-up: evaluated eagerly it cost every run ~10 ms, `--version` included.

type LadderModule = typeof LadderCode;

/** The ladder builder, loaded on first use (and early by preloadLadder during a wait). */
let ladder: Promise<LadderModule> | null = null;
export function preloadLadder(): Promise<LadderModule> {
  ladder ??= import('../tls/ladder.js');
  return ladder;
}
import type { TlsFailure } from '../model/tls.js';
import type { HandshakeTap } from '../tls/tap.js';
import type * as LadderCode from '../tls/ladder.js';
import type { LadderBuilder } from '../tls/ladder.js';
import type { ProbeContext } from './context.js';

/** The failure with the messages seen, the last one, what was offered and the alert on the wire. */
export async function pointFailure(tap: HandshakeTap, failure: TlsFailure): Promise<TlsFailure> {
  const { buildLadder } = await preloadLadder();
  const built = buildLadder(tap.chunks, tap.secrets());
  return {
    ...failure,
    afterMessage: built.lastMessage,
    ...(built.offered ? { offered: built.offered } : {}),
    wireAlert: built.alert,
    handshake: built.steps,
  };
}

/** Each tap's ladder so far: a later build continues it (src/tls/ladder.ts). */
const builders = new WeakMap<HandshakeTap, LadderBuilder>();

/** Build the ladder again if bytes came since, and tell it with the TLS facts. */
export async function flushHandshake(ctx: ProbeContext): Promise<void> {
  const tap = ctx.handshakeTap;
  if (!tap || !ctx.facts().tls || tap.builtAt === tap.chunks.length) return;
  const { ladderBuilder } = await preloadLadder();
  const tls = ctx.facts().tls;
  if (!tls) return;
  tap.builtAt = tap.chunks.length;
  let builder = builders.get(tap);
  if (!builder) builders.set(tap, (builder = ladderBuilder(tap.secrets())));
  const built = builder.feed(tap.chunks);
  if (built.settled) tap.stop(); // application data both ways: the ladder is complete
  ctx.tell({
    type: 'tls',
    info: {
      ...tls,
      signatureScheme: built.signatureScheme,
      helloRetry: built.helloRetry,
      handshake: built.steps,
    },
  });
}

/** The session is over: the last build, then the secrets are let go. */
export async function endHandshake(ctx: ProbeContext): Promise<void> {
  await flushHandshake(ctx);
  ctx.handshakeTap = null;
}
