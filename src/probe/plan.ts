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
