// The `--json` report: one object, schemaVersion 1. Field names are a contract (issue #2): the
// probe's facts are laid out in it as they always were, with the words (summary, fix, notes,
// explanations, step details) made by src/wording/.
import type { JudgedProbe, StepRecord, TranscriptEntry } from '../model/events.js';
import type { EhloInfo } from '../model/facts.js';
import type { ReplyFacts } from '../model/failure.js';
import type { Finding } from '../model/findings.js';
import type { CertificateReport, TlsFailure, TlsInfo } from '../model/tls.js';
import type { VerdictReport } from '../model/verdict.js';
import { certificateExplanations } from '../wording/certificate.js';
import { diffWarnings, notes } from '../wording/findings.js';
import { stepDetail } from '../wording/steps.js';
import { toSubmissionJson } from './submission-json.js';
import type { SubmissionJson } from './submission-json.js';
import { describeVerdict } from '../wording/verdict.js';
import { TOOL } from './tool.js';
import type { SenderJudgement } from '../model/domain.js';
import { hostSenders } from '../policy/senders.js';
import { senderWhy } from '../wording/domain-senders.js';

export const SCHEMA_VERSION = 1;

export interface JsonReport {
  schemaVersion: number;
  /** Added in place (schemaVersion 1 readers ignore what they do not know). */
  tool: { name: string; version: string };
  /** "host" here; a domain run's report says "domain" (src/report/domain-json.ts). */
  kind: 'host';
  target: JudgedProbe['target'];
  startedAt: string;
  finishedAt: string;
  /** The whole run, in ms. */
  ms: number;
  steps: (Omit<StepRecord, 'detail' | 'failure'> & { detail: string })[];
  transcript: TranscriptEntry[];
  banner: { code: number; text: string } | null;
  heloFallback: boolean;
  ehlo: {
    before: Omit<EhloInfo, 'rawExtensions'> | null;
    after: Omit<EhloInfo, 'rawExtensions'> | null;
    diff: {
      appeared: string[];
      vanished: string[];
      changed: { keyword: string; before: string[]; after: string[] }[];
      warnings: string[];
    } | null;
  };
  starttls: { offered: boolean | null; reply: ReplyFacts | null };
  tls: TlsInfo | null;
  tlsFailure: TlsFailure | null;
  certificate: (CertificateReport & { explanations: string[] }) | null;
  notes: string[];
  /** The notes as codes with their data (added beside `notes`; schemaVersion 1 readers ignore it). */
  findings: Finding[];
  /** `senders`: what the senders one host can be judged for would do (issue 12). */
  verdict: VerdictReport & {
    senders: Record<
      HostSender,
      { outcome: string; why: string; mx: string | null; reason: string }
    >;
  };
  /** AUTH / MAIL / RCPT / DATA (issue 15): only in a run asked to submit (--to, --auth-user). */
  submission?: SubmissionJson;
}

type HostSender = 'opportunistic' | 'strictTls' | 'verifiedTls';

export function toJsonReport(r: JudgedProbe): JsonReport {
  const f = r.facts;
  // The unescaped extensions are for decisions only: never in a report.
  const ehlo = (e: EhloInfo | null): Omit<EhloInfo, 'rawExtensions'> | null =>
    e ? { greeting: e.greeting, extensions: e.extensions } : null;
  return {
    schemaVersion: SCHEMA_VERSION,
    tool: { ...TOOL },
    kind: 'host',
    target: r.target,
    startedAt: r.startedAt,
    finishedAt: r.finishedAt,
    ms: r.ms,
    steps: r.steps.map((s) => ({
      name: s.name,
      status: s.status,
      startedAt: s.startedAt,
      ms: s.ms,
      detail: stepDetail(s),
    })),
    transcript: r.transcript,
    banner: f.banner,
    heloFallback: f.heloFallback,
    ehlo: {
      before: ehlo(f.ehloBefore),
      after: ehlo(f.ehloAfter),
      diff: f.ehloDiff ? { ...f.ehloDiff, warnings: diffWarnings(f.findings) } : null,
    },
    starttls: f.starttls,
    tls: f.tls,
    tlsFailure: f.failure?.kind === 'tls' && f.failure.tls ? f.failure.tls : null,
    certificate: f.certificate
      ? { ...f.certificate, explanations: certificateExplanations(f.certificate) }
      : null,
    notes: notes(f.findings),
    findings: f.findings,
    verdict: { ...describeVerdict(r), senders: hostSenderReports(r) },
    ...submissionField(r),
  };
}

function hostSenderReports(r: JudgedProbe): JsonReport['verdict']['senders'] {
  const s = hostSenders(r.facts, r.target.host);
  const one = (
    j: SenderJudgement,
  ): { outcome: string; why: string; mx: string | null; reason: string } => ({
    outcome: j.outcome,
    why: senderWhy(j),
    mx: j.mx,
    reason: j.reason,
  });
  return {
    opportunistic: one(s.opportunistic),
    strictTls: one(s.strictTls),
    verifiedTls: one(s.verifiedTls),
  };
}

function submissionField(r: JudgedProbe): { submission?: SubmissionJson } {
  const s = toSubmissionJson(r);
  return s ? { submission: s } : {};
}

export function renderJson(r: JudgedProbe): string {
  return `${JSON.stringify(toJsonReport(r), null, 2)}\n`;
}
