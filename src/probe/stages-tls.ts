// The TLS stages: handshake (RFC 8446), certificate verification (RFC 5280, RFC 6125/9525),
// EHLO again inside TLS (RFC 3207 §4.2) and QUIT (RFC 5321 §4.1.1.10).
import type { Escaped } from '../model/text.js';
import type { ClientPhase } from '../smtp/client-state.js';
import { esc } from '../smtp/escape.js';
import { quitCommand } from '../smtp/commands.js';
import { diffEhlo } from '../smtp/ehlo-diff.js';
import { performHandshake } from '../tls/handshake.js';
import { verifyChain } from '../tls/chain-verify.js';
import { stacksThatStop } from '../tls/chain-limits.js';
import { negotiatedFindings } from '../tls/negotiated.js';
import { buildTrustStore } from '../tls/trust-store.js';
import { sniFor } from '../tls/sni.js';
import { presentedChain } from '../tls/presented.js';
import { HandshakeTap } from '../tls/tap.js';
import { clientContext } from './tls-prewarm.js';
import { afterHandshake } from './post-handshake.js';
import { pointFailure } from './handshake-xray.js';
import { command, fail, firstLine, note, remaining } from './context.js';
import type { ProbeContext, StageOutcome } from './context.js';
import { ehloExchange } from './stages-plain.js';

export async function tlsStage(ctx: ProbeContext): Promise<StageOutcome> {
  const wire = ctx.wire;
  if (!wire || !wire.isOpen) return { status: 'skipped', detail: esc`not connected`, stop: true };
  const { socket, discarded } = wire.releaseForUpgrade();
  if (discarded > 0) {
    note(ctx, { code: 'injected-after-starttls', count: discarded });
    ctx.transcript.add(
      'info',
      esc`discarded ${discarded} item(s) received before the TLS handshake`,
    );
  }
  const sni = sniFor(ctx.spec);
  ctx.transcript.add('tls', sni ? esc`TLS handshake (SNI ${sni})` : esc`TLS handshake (no SNI)`);
  const tap = new HandshakeTap(socket, ctx.spec.keylog);
  const result = await performHandshake({
    socket,
    tap,
    sni,
    timeoutMs: Math.min(ctx.spec.timeoutMs, remaining(ctx)),
    secureContext: ctx.prewarm?.secureContext ?? clientContext(ctx.spec),
    signal: ctx.signal,
  });
  if (!result.ok) {
    const tls = await pointFailure(tap, result.failure);
    fail(ctx, { stage: 'tls', kind: ctx.signal.aborted ? 'stopped' : 'tls', tls });
    ctx.transcript.add('tls', esc`TLS failed: ${result.failure.message}`);
    wire.destroy();
    return { status: 'failed', detail: null, stop: true };
  }
  ctx.handshakeTap = tap;
  ctx.peer = result.socket.getPeerCertificate(true);
  wire.adopt(result.socket, socket);
  ctx.tell({ type: 'tls', info: result.info });
  for (const f of negotiatedFindings(result.info)) note(ctx, f);
  const kex = result.info.keyExchangeGroup;
  if (kex?.type === 'DH' && kex.bits !== null && kex.bits < 2048)
    note(ctx, { code: 'weak-dhe', bits: kex.bits });
  const { protocol, cipher } = result.info;
  const suite = cipher.standardName || cipher.name;
  ctx.transcript.add('tls', esc`TLS started: ${protocol} ${suite}`);
  // The EHLO inside TLS goes out once a TLS 1.3 ticket is in (post-handshake.ts, issue #16).
  await afterHandshake(result.socket, result.info.handshakeMs, remaining(ctx));
  return { status: 'ok', detail: esc`${protocol} ${suite}` };
}

export function certificateStage(ctx: ProbeContext): StageOutcome {
  const chain = presentedChain(ctx.peer);
  if (chain.length === 0) {
    return { status: 'failed', detail: esc`the server presented no certificate` };
  }
  const verifyName = ctx.spec.verifyName ?? ctx.spec.host;
  const store =
    ctx.prewarm?.trustStore ??
    buildTrustStore(ctx.spec.caPems ?? [], { caOnly: ctx.spec.caOnly === true });
  const report = verifyChain(chain, store, verifyName, new Date());
  ctx.tell({ type: 'certificate', report });
  const failing = stacksThatStop(report.chain);
  if (failing.length > 0)
    note(ctx, { code: 'chain-too-long', certificates: report.chain.length, failing });
  const leaf = report.chain[0];
  const what = esc`${report.chain.length} certificate(s), leaf ${leaf?.subject ?? '?'}`;
  if (report.problems.length > 0) {
    const problems = report.problems.join(', ');
    ctx.transcript.add('info', esc`certificate problems: ${problems}`);
    return { status: 'failed', detail: esc`${what}: ${problems}` };
  }
  return { status: 'ok', detail: esc`${what}: trusted, matches ${verifyName}` };
}

export async function ehloTlsStage(ctx: ProbeContext): Promise<StageOutcome> {
  const implicit = ctx.spec.tlsMode === 'implicit';
  const out = await ehloExchange(ctx, implicit ? 'ehlo' : 'ehlo-tls');
  if (out.ehlo) {
    ctx.tell({ type: 'ehlo', phase: 'after', ehlo: out.ehlo });
    const before = ctx.facts().ehloBefore;
    if (before && !implicit) {
      const { diff, findings } = diffEhlo(before, out.ehlo);
      ctx.tell({ type: 'ehlo-diff', diff });
      for (const f of findings) note(ctx, f);
    }
  }
  return out;
}

export async function quitStage(ctx: ProbeContext): Promise<StageOutcome> {
  const wire = ctx.wire;
  if (!wire || !wire.isOpen) return { status: 'skipped', detail: esc`no open connection` };
  if (!wire.dialogue.allows('send-quit')) {
    // The state table says QUIT cannot be sent now: before the greeting (the client never
    // speaks first, RFC 5321 §4.3.1; inside TLS first for implicit TLS, RFC 8314 §3.3), after
    // "220 Ready to start TLS" (the server reads a ClientHello now, RFC 3207 §4), or once the
    // dialogue is out of step (a 221 could never be matched, and waiting for it would double
    // the time a broken server costs; RFC 5321 §3.8 asks for QUIT, but only a dialogue in
    // step can have one). Close instead, and say why.
    const why = closeReason(wire.dialogue.state.phase, wire.outOfStep);
    wire.destroy();
    ctx.transcript.add('info', esc`closed without QUIT: ${why}`);
    return { status: 'skipped', detail: esc`closed without QUIT: ${why}` };
  }
  const result = await command(ctx, quitCommand());
  wire.destroy();
  if (result.kind === 'reply') {
    return { status: result.reply.code === 221 ? 'ok' : 'failed', detail: firstLine(result.reply) };
  }
  return {
    status: 'failed',
    detail: result.kind === 'timeout' ? esc`no reply to QUIT` : esc`connection closed before 221`,
  };
}

function closeReason(phase: ClientPhase, outOfStep: Escaped | null): string {
  switch (phase) {
    case 'tls-first':
      return 'this port expects TLS first, and a plaintext QUIT would only look like a broken handshake';
    case 'awaiting-greeting':
      return 'the greeting was not read, and the client never speaks first';
    case 'tls-pending':
      return 'after the 220 to STARTTLS the server expects TLS now, not QUIT';
    case 'out-of-step':
      return outOfStep ?? 'the dialogue is out of step';
    case 'data-phase':
      // RFC 5321 §4.1.1.4: inside DATA a "QUIT" line is message text; closing without the
      // final "." abandons the message, so nothing is delivered (§3.8).
      return 'in the data phase a QUIT would be a line of the message; closing abandons it';
    case 'sasl-challenge':
      return 'the server waits for a SASL response, and a QUIT now would be taken as one';
    case 'awaiting-reply':
    case 'awaiting-starttls-reply':
    case 'awaiting-quit-reply':
    case 'awaiting-auth-reply':
    case 'awaiting-data-reply':
    case 'pipeline-open':
      return 'a reply is still awaited, and a QUIT now could not be matched to its 221';
    case 'greeting-refused':
    case 'ready':
    case 'tls-fresh':
    case 'closed':
      return 'the connection is closed';
    default: {
      const never: never = phase;
      return String(never);
    }
  }
}
