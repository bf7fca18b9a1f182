// Which stages a session runs, in which order, for its TLS mode and `--quit-after`.
import type { ProbeSpec, QuitAfter } from '../model/probe-spec.js';
import type { StageId } from '../model/stages.js';

export interface Plan {
  stages: StageId[];
  /** Stages that never run in this mode, with the reason shown for them. */
  skipped: { stage: StageId; why: string }[];
  /** Stage after which the session goes straight to QUIT (or closes, before a greeting). */
  quitAfter: StageId | null;
}

export function planFor(o: ProbeSpec): Plan {
  const base = tlsPlan(o);
  const extra = submissionStages(o);
  if (extra.stages.length === 0 && extra.skipped.length === 0) return base;
  // The submission stages go after the last EHLO, before QUIT.
  const at = base.stages.indexOf('quit');
  return {
    stages: [...base.stages.slice(0, at), ...extra.stages, ...base.stages.slice(at)],
    skipped: [...base.skipped, ...extra.skipped],
    quitAfter: base.quitAfter,
  };
}

/** The submission stages a spec asks for (issue 15): none without --to or --auth-user. */
function submissionStages(o: ProbeSpec): Pick<Plan, 'stages' | 'skipped'> {
  const sub = o.submission;
  if (!sub) return { stages: [], skipped: [] };
  const stages: StageId[] = [];
  if (sub.auth) stages.push('auth');
  if (sub.to.length > 0) {
    stages.push('mail', 'rcpt');
    // With BDAT (RFC 3030) there is no DATA command: the message stage sends the chunk. Whether
    // CHUNKING is offered is known only at run time; DATA is then sent in the message stage.
    if (!sub.bdat) stages.push('data');
    stages.push('message');
  }
  const skipped =
    sub.bdat && sub.to.length > 0
      ? [{ stage: 'data' as const, why: '--bdat: BDAT carries the message' }]
      : [];
  return { stages, skipped };
}

function tlsPlan(o: ProbeSpec): Plan {
  const quitAfter: StageId | null = quitAfterStage(o.quitAfter);
  switch (o.tlsMode) {
    case 'starttls':
      return {
        stages: ['connect', 'banner', 'ehlo', 'starttls', 'tls', 'certificate', 'ehlo-tls', 'quit'],
        skipped: [],
        quitAfter,
      };
    case 'implicit': {
      // RFC 8314 §3.3: TLS first, then the greeting; no STARTTLS, one EHLO inside TLS.
      const why = 'implicit TLS (RFC 8314): no STARTTLS';
      return {
        stages: ['connect', 'tls', 'certificate', 'banner', 'ehlo', 'quit'],
        skipped: [
          { stage: 'starttls', why },
          { stage: 'ehlo-tls', why },
        ],
        // src/input/ refuses --quit-after starttls with implicit TLS: there is no such stage.
        quitAfter: quitAfter === 'ehlo-tls' ? 'ehlo' : quitAfter,
      };
    }
    case 'none': {
      const why = '--tls none';
      return {
        stages: ['connect', 'banner', 'ehlo', 'quit'],
        skipped: (['starttls', 'tls', 'certificate', 'ehlo-tls'] as const).map((stage) => ({
          stage,
          why,
        })),
        quitAfter,
      };
    }
    default: {
      const never: never = o.tlsMode;
      throw new Error(`unknown TLS mode ${String(never)}`);
    }
  }
}

function quitAfterStage(q: QuitAfter | undefined): StageId | null {
  if (q === undefined) return null;
  // The certificate is checked locally, at no extra round trip: keep it with the handshake.
  return q === 'tls' ? 'certificate' : q;
}
