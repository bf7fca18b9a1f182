// The AUTH stage (RFC 4954): never before TLS unless --allow-plaintext-auth (RFC 3207 §6,
// RFC 8314 §5), the strongest mechanism both sides offer unless told, every SASL line redacted
// by the dialogue. 535/534/538 (RFC 4954 §6) are told as what they mean.
import type { AuthResult, SaslMechanism, SubmissionFacts } from '../model/submission.js';
import { esc } from '../smtp/escape.js';
import { chooseMechanism, saslClient } from '../smtp/sasl.js';
import { command, fail, firstLine, note, readFailure, replyFacts } from './context.js';
import type { ProbeContext, StageOutcome } from './context.js';
import { latestEhlo } from './stages-submit.js';

/** A bounded exchange: no mechanism here needs more than three challenges. */
const MAX_CHALLENGES = 5;

function resultOf(code: number): AuthResult {
  switch (code) {
    case 235:
      return 'accepted';
    case 535:
      return 'wrong-credentials';
    case 534:
      return 'mechanism-too-weak';
    case 538:
      return 'encryption-required';
    default:
      return 'rejected';
  }
}

function tellAuth(ctx: ProbeContext, auth: NonNullable<SubmissionFacts['auth']>): void {
  ctx.tell({ type: 'submission', update: { part: 'auth', auth } });
}

export async function authStage(ctx: ProbeContext): Promise<StageOutcome> {
  const a = ctx.spec.submission?.auth;
  if (!a) return { status: 'skipped', detail: esc`no --auth-user` };
  const plaintext = ctx.facts().tls === null;
  const refuse = (
    result: AuthResult,
    mechanism: SaslMechanism | null,
    detail: ReturnType<typeof esc>,
  ): StageOutcome => {
    tellAuth(ctx, { mechanism, result, reply: null, plaintext: false });
    ctx.transcript.add('info', detail);
    return { status: 'failed', detail, stop: true };
  };
  if (plaintext && !a.allowPlaintext)
    return refuse(
      'refused-plaintext',
      null,
      esc`AUTH not sent: the connection is not encrypted, and the password would cross it in clear (use STARTTLS or implicit TLS, or --allow-plaintext-auth)`,
    );
  const offered = latestEhlo(ctx)?.rawExtensions.AUTH;
  if (!offered)
    return refuse('not-offered', null, esc`AUTH not sent: the server does not offer AUTH here`);
  const mechanism = a.mechanism ?? chooseMechanism(offered);
  if (!mechanism)
    return refuse(
      'no-common-mechanism',
      null,
      esc`AUTH not sent: the server offers ${offered.join(' ')}, none of which smtpscope speaks`,
    );
  if (plaintext) {
    note(ctx, { code: 'plaintext-auth-sent', mechanism });
    ctx.transcript.add(
      'info',
      esc`WARNING: sending AUTH ${mechanism} without TLS (--allow-plaintext-auth)`,
    );
  }
  const client = saslClient(mechanism, a.user, a.password);
  const ir = client.initial();
  let line = ir === null ? `AUTH ${mechanism}` : `AUTH ${mechanism} ${ir}`;
  for (let i = 0; i <= MAX_CHALLENGES; i++) {
    const r = await command(ctx, line);
    if (r.kind !== 'reply') {
      tellAuth(ctx, { mechanism, result: 'rejected', reply: null, plaintext });
      fail(ctx, readFailure('auth', r, ctx.spec.timeoutMs));
      return { status: 'failed', detail: null, stop: true };
    }
    if (r.reply.code === 334 && i < MAX_CHALLENGES) {
      const step = client.respond((r.reply.unescaped ?? r.reply.lines)[0] ?? '');
      // RFC 4954 §4: "*" cancels the exchange; the server answers 501.
      line = step.ok ? step.line : '*';
      if (!step.ok) ctx.transcript.add('info', esc`AUTH cancelled: ${step.error}`);
      continue;
    }
    const result = resultOf(r.reply.code);
    tellAuth(ctx, { mechanism, result, reply: replyFacts(r.reply), plaintext });
    if (result !== 'accepted')
      return {
        status: 'failed',
        detail: esc`AUTH ${mechanism} refused: ${firstLine(r.reply)}`,
        stop: true,
      };
    return { status: 'ok', detail: esc`AUTH ${mechanism}: ${firstLine(r.reply)}` };
  }
  return { status: 'failed', detail: esc`AUTH: too many challenges`, stop: true };
}
