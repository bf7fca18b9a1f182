// The probe engine's public vocabulary: options in, typed events and a finished result out.
// The TUI (an Ink hook) and the headless reports (--json/--plain) read the same event stream.
import type { Reply } from '../smtp/reply.js';
import type { EhloInfo } from '../smtp/ehlo.js';
import type { CertificateReport } from '../tls/types.js';
import type { TlsInfo, TlsFailure } from '../tls/types.js';
import type { Verdict } from '../policy/verdict-types.js';

/** The steps of a session, in order (issue #2). */
export const STEP_NAMES = [
  'connect',
  'banner',
  'ehlo',
  'starttls',
  'tls',
  'certificate',
  'ehlo-tls',
  'quit',
] as const;
export type StepName = (typeof STEP_NAMES)[number];

export type StepStatus = 'ok' | 'failed' | 'skipped';

export type TlsMode = 'starttls' | 'implicit' | 'none';

/** Where `--quit-after` may stop the session early (then QUIT). */
export const QUIT_AFTER = ['connect', 'banner', 'ehlo', 'starttls', 'tls', 'ehlo-tls'] as const;
export type QuitAfter = (typeof QUIT_AFTER)[number];

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface ProbeOptions {
  host: string;
  port: number;
  tlsMode: TlsMode;
  /** Force an address family for resolution (`-4`/`-6`). */
  family?: 4 | 6;
  ehloName: string;
  /** SNI to send; `null` sends none. Undefined: the host name, or none for an IP literal. */
  sni?: string | null;
  /** Name the certificate must match; defaults to the host name. */
  verifyName?: string;
  /** Extra trust anchors, as PEM text (contents of `--ca-file`). */
  caPems?: string[];
  /** Per-step timeout in ms (default 15000). */
  timeoutMs: number;
  quitAfter?: QuitAfter;
  minTlsVersion?: TlsVersion;
  maxTlsVersion?: TlsVersion;
  /** Guided mode: pause before each step until `resume()` is called. */
  guided?: boolean;
  /**
   * Awaited after `step-started` is told and before the step's clock starts: a UI draws then.
   * Its renders run on this thread, and drawn after the command is written they would hold up
   * the reply's handling and count as the server's time in `steps[].ms`.
   */
  settle?: () => Promise<void>;
}

export type TranscriptDir = 'C' | 'S' | 'tls' | 'info';

/** One transcript line; `text` is already escaped (never holds a control byte). */
export interface TranscriptEntry {
  /** ms since the session started */
  t: number;
  dir: TranscriptDir;
  text: string;
}

export interface StepRecord {
  name: StepName;
  status: StepStatus;
  /** ISO timestamp */
  startedAt: string;
  ms: number;
  /** One escaped line saying what happened. */
  detail: string;
}

export interface StartTlsInfo {
  offered: boolean;
  reply: { code: number; enhanced: string | null; text: string } | null;
}

export interface EhloDiff {
  appeared: string[];
  vanished: string[];
  changed: { keyword: string; before: string[]; after: string[] }[];
  warnings: string[];
}

/** Everything a finished session knows; the reports render this. */
export interface SessionResult {
  target: { host: string; port: number; address: string | null; tlsMode: TlsMode };
  startedAt: string;
  steps: StepRecord[];
  transcript: TranscriptEntry[];
  banner: { code: number; text: string } | null;
  /** True when EHLO was refused and HELO was used instead. */
  heloFallback: boolean;
  ehlo: { before: EhloInfo | null; after: EhloInfo | null; diff: EhloDiff | null };
  starttls: StartTlsInfo;
  tls: TlsInfo | null;
  tlsFailure: TlsFailure | null;
  certificate: CertificateReport | null;
  /** Notes about server behaviour worth flagging (early talker, injected bytes after STARTTLS…). */
  notes: string[];
  verdict: Verdict;
}

/** Events emitted by the engine, in order. */
export type SessionEvent =
  | { type: 'step-started'; step: StepName; t: number }
  | { type: 'step-finished'; step: StepRecord }
  | { type: 'transcript'; entry: TranscriptEntry }
  /** Guided mode: the engine waits before `step`; `preview` is the command it will send, if any. */
  | { type: 'paused'; next: StepName; preview: string | null }
  | { type: 'reply'; reply: Reply }
  | { type: 'ehlo'; phase: 'before' | 'after'; ehlo: EhloInfo }
  | { type: 'tls'; info: TlsInfo }
  | { type: 'certificate'; report: CertificateReport }
  | { type: 'finished'; result: SessionResult };

export type SessionListener = (event: SessionEvent) => void;
