// A probe's facts as a pure fold over its own events: what the engine observed, nothing it
// concluded. The verdict (src/policy/verdict.ts) is computed from the result.
import type { ProbeEvent } from '../model/events.js';
import type { ProbeFacts } from '../model/facts.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import { emptySubmission, reduceSubmission } from './submission-facts.js';

export function initialFacts(spec: ProbeSpec): ProbeFacts {
  return {
    tlsMode: spec.tlsMode,
    asMx: spec.asMx === true,
    address: null,
    banner: null,
    heloFallback: false,
    ehloBefore: null,
    ehloAfter: null,
    ehloDiff: null,
    starttls: { offered: null, reply: null },
    tls: null,
    certificate: null,
    failure: null,
    findings: [],
    stoppedByUser: false,
    stoppedBefore: null,
    stoppedBy: null,
    quitAfter: null,
    versionLimit:
      spec.minTlsVersion || spec.maxTlsVersion
        ? {
            ...(spec.minTlsVersion ? { min: spec.minTlsVersion } : {}),
            ...(spec.maxTlsVersion ? { max: spec.maxTlsVersion } : {}),
          }
        : null,
    ...(spec.submission ? { submission: emptySubmission() } : {}),
  };
}

export function reduceFacts(f: ProbeFacts, e: ProbeEvent, spec: ProbeSpec): ProbeFacts {
  switch (e.type) {
    case 'connected':
      return { ...f, address: e.address };
    case 'banner':
      return { ...f, banner: e.banner };
    case 'ehlo':
      return e.phase === 'before'
        ? {
            ...f,
            ehloBefore: e.ehlo,
            // After a HELO fallback there are no extensions (RFC 5321 §4.1.1.1), so no STARTTLS.
            starttls: {
              ...f.starttls,
              offered: !f.heloFallback && 'STARTTLS' in e.ehlo.rawExtensions,
            },
          }
        : { ...f, ehloAfter: e.ehlo };
    case 'helo-fallback':
      return { ...f, heloFallback: true };
    case 'starttls':
      return { ...f, starttls: { offered: e.offered, reply: e.reply } };
    case 'tls':
      return { ...f, tls: e.info };
    case 'certificate':
      return { ...f, certificate: e.report };
    case 'ehlo-diff':
      return { ...f, ehloDiff: e.diff };
    case 'finding':
      return { ...f, findings: [...f.findings, e.finding] };
    case 'failure':
      return f.failure ? f : { ...f, failure: e.failure };
    case 'quit-after':
      return spec.quitAfter ? { ...f, quitAfter: { flag: spec.quitAfter, stage: e.stage } } : f;
    case 'stopped':
      return { ...f, stoppedByUser: true, stoppedBefore: e.before, stoppedBy: e.by };
    case 'submission':
      return { ...f, submission: reduceSubmission(f.submission ?? emptySubmission(), e.update) };
    case 'step-started':
    case 'step-finished':
    case 'transcript':
    case 'paused':
    case 'reply':
    case 'finished':
      return f;
    default: {
      const never: never = e;
      return never;
    }
  }
}
