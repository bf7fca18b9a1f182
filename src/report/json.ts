// The `--json` report: one object, schemaVersion 1. Field names are a contract (issue #2).
import type { SessionResult } from '../session/types.js';

export const SCHEMA_VERSION = 1;

export function toJsonReport(r: SessionResult): Record<string, unknown> {
  return {
    schemaVersion: SCHEMA_VERSION,
    target: r.target,
    startedAt: r.startedAt,
    steps: r.steps,
    transcript: r.transcript,
    banner: r.banner,
    heloFallback: r.heloFallback,
    ehlo: {
      before: r.ehlo.before
        ? { greeting: r.ehlo.before.greeting, extensions: r.ehlo.before.extensions }
        : null,
      after: r.ehlo.after
        ? { greeting: r.ehlo.after.greeting, extensions: r.ehlo.after.extensions }
        : null,
      diff: r.ehlo.diff,
    },
    starttls: r.starttls,
    tls: r.tls,
    tlsFailure: r.tlsFailure,
    certificate: r.certificate,
    notes: r.notes,
    verdict: r.verdict,
  };
}

export function renderJson(r: SessionResult): string {
  return `${JSON.stringify(toJsonReport(r), null, 2)}\n`;
}
