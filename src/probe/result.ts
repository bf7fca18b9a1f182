// Assemble a finished probe's result: its steps in the plan's order, its transcript and facts.
// No verdict here: that is a pure function of the facts (src/policy/verdict.ts).
import type { ProbeResult, StepRecord, TranscriptEntry } from '../model/events.js';
import type { ProbeFacts } from '../model/facts.js';
import type { ProbeSpec } from '../model/probe-spec.js';
import { STAGE_IDS } from '../model/stages.js';
import type { StageId } from '../model/stages.js';
import type { Plan } from './plan.js';

export function buildResult(p: {
  probeId: string;
  spec: ProbeSpec;
  facts: ProbeFacts;
  records: Map<StageId, StepRecord>;
  plan: Plan;
  startedAt: Date;
  elapsedMs: number;
  transcript: TranscriptEntry[];
}): ProbeResult {
  const order = [...p.plan.stages, ...STAGE_IDS.filter((s) => !p.plan.stages.includes(s))];
  const steps = order.flatMap((name) => {
    const r = p.records.get(name);
    return r ? [r] : [];
  });
  return {
    probeId: p.probeId,
    target: {
      host: p.spec.host,
      port: p.spec.port,
      address: p.facts.address,
      tlsMode: p.spec.tlsMode,
    },
    startedAt: p.startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    ms: Math.round(p.elapsedMs * 10) / 10,
    steps,
    transcript: p.transcript,
    facts: p.facts,
  };
}
