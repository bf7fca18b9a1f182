// Which steps a session runs, in which order, for its TLS mode and `--quit-after`.
import { ehloCommand } from '../smtp/commands.js';
import { escapeText } from '../smtp/escape.js';
import type { SessionContext } from './context.js';
import { sniFor } from '../tls/sni.js';
import type { ProbeOptions, QuitAfter, StepName } from './types.js';

export interface Plan {
  steps: StepName[];
  /** Steps that never run in this mode, with the reason shown for them. */
  skipped: { step: StepName; why: string }[];
  /** Step after which the session goes straight to QUIT. */
  quitAfter: StepName | null;
}

export function planFor(o: ProbeOptions): Plan {
  const quitAfter: StepName | null = quitAfterStep(o.quitAfter);
  switch (o.tlsMode) {
    case 'starttls':
      return {
        steps: ['connect', 'banner', 'ehlo', 'starttls', 'tls', 'certificate', 'ehlo-tls', 'quit'],
        skipped: [],
        quitAfter,
      };
    case 'implicit': {
      // RFC 8314 §3: TLS first, then the greeting; no STARTTLS, one EHLO inside TLS.
      const why = 'implicit TLS (RFC 8314): no STARTTLS';
      return {
        steps: ['connect', 'tls', 'certificate', 'banner', 'ehlo', 'quit'],
        skipped: [
          { step: 'starttls', why },
          { step: 'ehlo-tls', why },
        ],
        quitAfter: quitAfter === 'ehlo-tls' ? 'ehlo' : quitAfter,
      };
    }
    case 'none': {
      const why = '--tls none';
      return {
        steps: ['connect', 'banner', 'ehlo', 'quit'],
        skipped: (['starttls', 'tls', 'certificate', 'ehlo-tls'] as const).map((step) => ({
          step,
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

function quitAfterStep(q: QuitAfter | undefined): StepName | null {
  if (q === undefined) return null;
  // The certificate is checked locally, at no extra round trip: keep it with the handshake.
  return q === 'tls' ? 'certificate' : q;
}

/** The exact command the next step sends (shown while guided mode waits for Enter). */
export function previewFor(step: StepName, ctx: SessionContext): string | null {
  const { host, port, ehloName } = ctx.options;
  const ehlo = ehloCommand(ehloName);
  switch (step) {
    case 'connect':
      return `connect to ${escapeText(host)} port ${port}`;
    case 'banner':
      return null;
    case 'ehlo':
    case 'ehlo-tls':
      return ehlo.ok ? ehlo.line : null;
    case 'starttls':
      return 'STARTTLS';
    case 'tls': {
      const sni = sniFor(ctx.options);
      return `TLS ClientHello${sni ? ` (SNI ${escapeText(sni)})` : ' (no SNI)'}`;
    }
    case 'certificate':
      return null;
    case 'quit':
      return 'QUIT';
    default: {
      const never: never = step;
      return String(never);
    }
  }
}
