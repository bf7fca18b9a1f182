// Assemble the finished session's result (the report model) from the context's facts.
import { classify } from '../policy/verdict.js';
import type { SessionContext } from './context.js';
import type { Plan } from './plan.js';
import { STEP_NAMES } from './types.js';
import type { SessionResult, StepName, StepRecord } from './types.js';

function notTestedReason(ctx: SessionContext, plan: Plan, aborted: boolean): string | null {
  if (ctx.tls || ctx.tlsFailure) return null;
  if (ctx.options.tlsMode === 'none') return '--tls none';
  if (aborted) return 'stopped by the user';
  if (plan.quitAfter) return `--quit-after ${ctx.options.quitAfter ?? plan.quitAfter}`;
  return null;
}

export function buildResult(
  ctx: SessionContext,
  records: Map<StepName, StepRecord>,
  startedAt: Date,
  plan: Plan,
  aborted: boolean,
): SessionResult {
  const order = [...plan.steps, ...STEP_NAMES.filter((s) => !plan.steps.includes(s))];
  const steps = order.flatMap((name) => {
    const r = records.get(name);
    return r ? [r] : [];
  });
  const implicit = ctx.options.tlsMode === 'implicit';
  const verdict = classify({
    tlsMode: ctx.options.tlsMode,
    unreachable: ctx.unreachable,
    smtpError: ctx.smtpError,
    starttlsOffered: implicit || !ctx.ehloBefore ? null : 'STARTTLS' in ctx.ehloBefore.extensions,
    starttlsRefusal:
      ctx.starttls.reply && ctx.starttls.reply.code !== 220
        ? { code: ctx.starttls.reply.code, text: ctx.starttls.reply.text }
        : null,
    tlsFailure: ctx.tlsFailure,
    tlsUp: ctx.tls !== null,
    certificate: ctx.certificate,
    notTested: notTestedReason(ctx, plan, aborted),
    versionLimit:
      ctx.options.minTlsVersion || ctx.options.maxTlsVersion
        ? { min: ctx.options.minTlsVersion, max: ctx.options.maxTlsVersion }
        : null,
  });
  return {
    target: {
      host: ctx.options.host,
      port: ctx.options.port,
      address: ctx.address,
      tlsMode: ctx.options.tlsMode,
    },
    startedAt: startedAt.toISOString(),
    steps,
    transcript: ctx.transcript.entries,
    banner: ctx.banner,
    heloFallback: ctx.heloFallback,
    ehlo: { before: ctx.ehloBefore, after: ctx.ehloAfter, diff: ctx.ehloDiff },
    starttls: ctx.starttls,
    tls: ctx.tls,
    tlsFailure: ctx.tlsFailure,
    certificate: ctx.certificate,
    notes: ctx.notes,
    verdict,
  };
}
