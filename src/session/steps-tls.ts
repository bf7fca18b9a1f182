// The TLS steps: handshake (RFC 8446), certificate verification (RFC 5280, RFC 6125/9525),
// EHLO again inside TLS (RFC 3207 §4.2) and QUIT (RFC 5321 §4.1.1.10).
import { X509Certificate } from 'node:crypto';
import type { DetailedPeerCertificate } from 'node:tls';
import { escapeText } from '../smtp/escape.js';
import { quitCommand } from '../smtp/commands.js';
import { diffEhlo } from '../smtp/ehlo-diff.js';
import { performHandshake } from '../tls/handshake.js';
import { verifyChain } from '../tls/chain-verify.js';
import { buildTrustStore } from '../tls/trust-store.js';
import { sniFor } from '../tls/sni.js';
import { clientContext } from './tls-prewarm.js';
import { afterHandshake } from './post-handshake.js';
import { command, firstLine, remaining } from './context.js';
import type { SessionContext, StepOutcome } from './context.js';
import { ehloExchange } from './steps-plain.js';

export async function tlsStep(ctx: SessionContext): Promise<StepOutcome> {
  const wire = ctx.wire;
  if (!wire || !wire.isOpen) return { status: 'skipped', detail: 'not connected', stop: true };
  const { socket, discarded } = wire.releaseForUpgrade();
  if (discarded > 0) {
    ctx.notes.push(
      `The server sent data after its 220 reply to STARTTLS; smtpscope discarded it (RFC 3207 §4.2). A client that kept it would be open to command injection (CVE-2011-0411).`,
    );
    ctx.transcript.add('info', `discarded ${discarded} item(s) received before the TLS handshake`);
  }
  const sni = sniFor(ctx.options);
  ctx.transcript.add('tls', `TLS handshake${sni ? ` (SNI ${escapeText(sni)})` : ' (no SNI)'}`);
  const result = await performHandshake({
    socket,
    sni,
    timeoutMs: Math.min(ctx.options.timeoutMs, remaining(ctx)),
    secureContext: ctx.prewarm?.secureContext ?? clientContext(ctx.options),
  });
  if (!result.ok) {
    ctx.tlsFailure = result.failure;
    ctx.transcript.add('tls', `TLS failed: ${result.failure.message}`);
    wire.destroy();
    return { status: 'failed', detail: result.failure.message, stop: true };
  }
  ctx.tls = result.info;
  ctx.peer = result.socket.getPeerCertificate(true);
  wire.adopt(result.socket);
  const { protocol, cipher } = result.info;
  ctx.transcript.add('tls', `TLS started: ${protocol} ${cipher.standardName || cipher.name}`);
  ctx.emit({ type: 'tls', info: result.info });
  // The EHLO inside TLS goes out once the server's TLS 1.3 session ticket is in (issue #16).
  await afterHandshake(result.socket, result.info.handshakeMs, remaining(ctx));
  return { status: 'ok', detail: `${protocol} ${cipher.standardName || cipher.name}` };
}

const MAX_CHAIN = 64;

/** The presented chain, leaf first, as OpenSSL ordered it (bounded against hostile chains). */
function presentedChain(peer: DetailedPeerCertificate | null): X509Certificate[] {
  const out: X509Certificate[] = [];
  let cur: DetailedPeerCertificate | undefined = peer ?? undefined;
  const seen = new Set<string>();
  while (cur && cur.raw && out.length < MAX_CHAIN && !seen.has(cur.fingerprint256)) {
    seen.add(cur.fingerprint256);
    try {
      out.push(new X509Certificate(cur.raw));
    } catch {
      break;
    }
    cur = cur.issuerCertificate;
  }
  return out;
}

export function certificateStep(ctx: SessionContext): StepOutcome {
  const chain = presentedChain(ctx.peer);
  if (chain.length === 0) {
    return { status: 'failed', detail: 'the server presented no certificate' };
  }
  const verifyName = ctx.options.verifyName ?? ctx.options.host;
  const store = ctx.prewarm?.trustStore ?? buildTrustStore(ctx.options.caPems ?? []);
  const report = verifyChain(chain, store, verifyName, new Date());
  ctx.certificate = report;
  ctx.emit({ type: 'certificate', report });
  const leaf = report.chain[0];
  const what = `${report.chain.length} certificate(s), leaf ${leaf?.subject ?? '?'}`;
  if (report.problems.length > 0) {
    ctx.transcript.add('info', `certificate problems: ${report.problems.join(', ')}`);
    return { status: 'failed', detail: `${what}: ${report.problems.join(', ')}` };
  }
  return { status: 'ok', detail: `${what}: trusted, matches ${escapeText(verifyName)}` };
}

export async function ehloTlsStep(ctx: SessionContext): Promise<StepOutcome> {
  const out = await ehloExchange(ctx, ctx.options.tlsMode === 'implicit' ? 'ehlo' : 'ehlo-tls');
  if (out.ehlo) {
    ctx.ehloAfter = out.ehlo;
    ctx.emit({ type: 'ehlo', phase: 'after', ehlo: out.ehlo });
    if (ctx.ehloBefore) {
      const diff = diffEhlo(ctx.ehloBefore, out.ehlo);
      ctx.ehloDiff = diff;
      for (const w of diff.warnings) ctx.notes.push(w);
    }
  }
  return out;
}

export async function quitStep(ctx: SessionContext): Promise<StepOutcome> {
  const wire = ctx.wire;
  if (!wire || !wire.isOpen) return { status: 'skipped', detail: 'no open connection' };
  if (ctx.starttls.reply?.code === 220 && !ctx.tls) {
    // After "220 Ready to start TLS" the server reads a ClientHello: a plaintext QUIT would only
    // look like a broken handshake. Close instead (--quit-after starttls).
    wire.destroy();
    return {
      status: 'skipped',
      detail: 'closed after the 220 to STARTTLS: the server expects TLS now, not QUIT',
    };
  }
  if (wire.outOfStep) {
    // RFC 5321 §3.8 asks for QUIT and its reply, but a server that stopped answering or broke
    // the reply grammar cannot be kept in step: its 221 could never be told apart, and waiting
    // for it would double the time a broken server costs. Close instead, and say so.
    wire.destroy();
    ctx.transcript.add('info', `closed without QUIT: ${wire.outOfStep}`);
    return { status: 'skipped', detail: `closed without QUIT: ${wire.outOfStep}` };
  }
  const result = await command(ctx, quitCommand());
  wire.destroy();
  if (result.kind === 'reply') {
    return { status: result.reply.code === 221 ? 'ok' : 'failed', detail: firstLine(result.reply) };
  }
  return {
    status: 'failed',
    detail: result.kind === 'timeout' ? 'no reply to QUIT' : 'connection closed before 221',
  };
}
