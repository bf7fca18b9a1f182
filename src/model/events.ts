// What a probe tells while it runs, in order. Every event carries the id of the probe it belongs
// to, so a runner can interleave many probes on one stream (src/runner/) and the TUI can tell
// an attempt's events from an older one's.
import type { EhloDiff, EhloInfo, ProbeFacts, StopCause } from './facts.js';
import type { ProbeFailure, ReplyFacts } from './failure.js';
import type { Finding } from './findings.js';
import type { StageId, StepStatus } from './stages.js';
import type { SubmissionUpdate } from './submission.js';
import type { Escaped } from './text.js';
import type { CertificateReport, TlsInfo } from './tls.js';
import type { Verdict } from './verdict.js';

export type TranscriptDir = 'C' | 'S' | 'tls' | 'info';

/** One transcript line; `text` is escaped (never holds a control byte). */
export interface TranscriptEntry {
  /** ms since the session started */
  t: number;
  dir: TranscriptDir;
  text: Escaped;
}

export interface StepRecord {
  name: StageId;
  status: StepStatus;
  /** ISO timestamp */
  startedAt: string;
  ms: number;
  /** One escaped line saying what happened; null when `failure` says it. */
  detail: Escaped | null;
  /** The failure that ended this step, if one did. */
  failure?: ProbeFailure;
}

/** A finished probe: its steps, its transcript and its facts. */
export interface ProbeResult {
  probeId: string;
  target: { host: string; port: number; address: string | null; tlsMode: ProbeFacts['tlsMode'] };
  startedAt: string;
  /** ISO timestamp of the end, and the whole run's duration in ms. */
  finishedAt: string;
  ms: number;
  steps: StepRecord[];
  transcript: TranscriptEntry[];
  facts: ProbeFacts;
}

/** A finished probe and what a sender would make of it (src/policy/verdict.ts). */
export interface JudgedProbe extends ProbeResult {
  verdict: Verdict;
}

type Body =
  | { type: 'step-started'; step: StageId; t: number }
  | { type: 'step-finished'; step: StepRecord }
  | { type: 'transcript'; entry: TranscriptEntry }
  /**
   * The engine waits before `next`; `preview` is the command it will send, if any. Told every
   * time the engine is (again) waiting, including after a command typed at a pause.
   */
  /** `again`: told again after a command typed at the pause (the engine still waits). */
  | { type: 'paused'; next: StageId; preview: Escaped | null; again: boolean }
  | { type: 'reply'; reply: ReplyFacts }
  // Facts as they are observed; src/probe/facts.ts folds them into ProbeFacts.
  | { type: 'connected'; address: string }
  | { type: 'banner'; banner: { code: number; text: Escaped } }
  | { type: 'ehlo'; phase: 'before' | 'after'; ehlo: EhloInfo }
  | { type: 'helo-fallback' }
  | { type: 'starttls'; offered: boolean; reply: ReplyFacts | null }
  | { type: 'tls'; info: TlsInfo }
  | { type: 'certificate'; report: CertificateReport }
  | { type: 'ehlo-diff'; diff: EhloDiff }
  /** A submission stage's observation (issue 15). */
  | { type: 'submission'; update: SubmissionUpdate }
  | { type: 'finding'; finding: Finding }
  /** What stopped the probe (told once, for the first failure that ends it). */
  | { type: 'failure'; failure: ProbeFailure }
  /** The run stopped early as `--quit-after` asked, after `stage`. */
  | { type: 'quit-after'; stage: StageId }
  /**
   * The run was stopped; `before`: the stage that was running or next, null at the end; `by`:
   * the user (Ctrl-C, q) or a deadline of the caller's (--domain-timeout in a batch).
   */
  | { type: 'stopped'; before: StageId | null; by: StopCause }
  | { type: 'finished'; result: ProbeResult };

export type ProbeEvent = Body & { probeId: string };
export type ProbeEventType = ProbeEvent['type'];

export type ProbeListener = (event: ProbeEvent) => void;
