// The TUI's one store: engine events and user intents in, screen state out. Testable without
// Ink. The transcript is append-only and may reach 100k lines, so it lives in a Transcript
// buffer shared by reference and the state only carries its length (copying it per event
// would be quadratic).
import type {
  JudgedProbe,
  ProbeFacts,
  ProbeOptions,
  ProbeEvent,
  StepName,
  TranscriptEntry,
} from '../../model/index.js';
import { STEP_NAMES } from '../../model/index.js';
import type { CertificateReport, TlsInfo } from '../../model/tls.js';
import type { VerdictStatus } from '../../model/verdict.js';
import { classify, judge } from '../../policy/verdict.js';
import { initialFacts, reduceFacts } from '../../probe/facts.js';
import { stepDetail } from '../../wording/steps.js';
import type { StepView } from '../theme.js';
import { scanReducer } from './scan.js';
import type { ScanAction, ScanView } from './scan.js';

export type Panel = 'explain' | 'tls' | 'cert' | 'verdict';
export type Overlay =
  | { kind: 'help' }
  /** `data`: after 354, each line typed goes into the message (RFC 5321 §4.1.1.4). */
  | { kind: 'command'; data?: boolean }
  | { kind: 'confirm-auth'; line: string }
  | { kind: 'variant' }
  | { kind: 'variant-input'; field: 'sni' | 'ehloName' | 'verifyName'; label: string }
  /** The handshake X-ray (components/HandshakeView.tsx) at message `index`. */
  | { kind: 'handshake'; index: number }
  /** The scan's table (state/scan.ts, components/ScanPanel.ts). */
  | { kind: 'scan' };

export interface Attempt {
  label: string;
  status: VerdictStatus;
  reasons: string[];
  protocol: string | null;
}

export interface StepState {
  status: StepView;
  ms: number | null;
  detail: string;
}

export interface UiState {
  options: ProbeOptions;
  /** The launch options: a variant starts from these unless `combine` is on. */
  original: ProbeOptions;
  /** The next variant changes the current attempt's options instead of the original's. */
  combine: boolean;
  /** The facts so far (the engine's own fold), to explain a failed step at its pause. */
  facts: ProbeFacts;
  variantLabel: string;
  steps: Record<StepName, StepState>;
  transcript: TranscriptEntry[];
  transcriptLength: number;
  paused: { next: StepName; preview: string | null } | null;
  current: StepName | null;
  connected: boolean;
  tls: TlsInfo | null;
  certificate: CertificateReport | null;
  result: JudgedProbe | null;
  /** Lines scrolled up from the bottom; 0 follows the tail. */
  scroll: number;
  selectedCert: number;
  panel: Panel;
  overlay: Overlay | null;
  attempts: Attempt[];
  message: string | null;
  timestamps: boolean;
  auto: boolean;
  /** The scan of this server (key x), kept across new attempts. */
  scan: ScanView | null;
}

export type Action =
  | { type: 'event'; event: ProbeEvent }
  /** `added` lines were appended to the shared transcript buffer (see makeIngest). */
  | { type: 'transcript-grew'; added: number }
  | { type: 'scroll'; by: number; viewport: number }
  | { type: 'scroll-to'; where: 'top' | 'bottom'; viewport: number }
  | { type: 'toggle-combine' }
  | { type: 'select-cert'; index: number }
  | { type: 'panel'; panel: Panel | 'next' }
  | { type: 'overlay'; overlay: Overlay | null }
  | { type: 'message'; text: string | null }
  | { type: 'toggle-timestamps' }
  | { type: 'auto' }
  | { type: 'scan'; scan: ScanAction }
  | {
      type: 'new-session';
      options: ProbeOptions;
      label: string;
      keepAttempt: boolean;
      transcript: TranscriptEntry[];
    };

function freshSteps(): Record<StepName, StepState> {
  const steps = {} as Record<StepName, StepState>;
  for (const name of STEP_NAMES) steps[name] = { status: 'pending', ms: null, detail: '' };
  return steps;
}

export function initialState(options: ProbeOptions, auto: boolean, label = 'as given'): UiState {
  return {
    options,
    original: options,
    combine: false,
    facts: initialFacts(options),
    variantLabel: label,
    steps: freshSteps(),
    transcript: [],
    transcriptLength: 0,
    paused: null,
    current: null,
    connected: false,
    tls: null,
    certificate: null,
    result: null,
    scroll: 0,
    selectedCert: 0,
    panel: 'explain',
    overlay: null,
    attempts: [],
    message: null,
    timestamps: false,
    auto,
    scan: null,
  };
}

function onEvent(s0: UiState, e: ProbeEvent): UiState {
  const facts = reduceFacts(s0.facts, e, s0.options);
  const s = facts === s0.facts ? s0 : { ...s0, facts };
  switch (e.type) {
    case 'transcript':
      return grew(s, 1);
    case 'step-started':
      return {
        ...s,
        paused: null,
        current: e.step,
        steps: { ...s.steps, [e.step]: { status: 'running', ms: null, detail: '' } },
      };
    case 'step-finished': {
      const { name, status, ms } = e.step;
      const detail = stepDetail(e.step);
      const connected =
        name === 'connect' ? status === 'ok' : name === 'quit' ? false : s.connected;
      return { ...s, connected, steps: { ...s.steps, [name]: { status, ms, detail } } };
    }
    case 'paused':
      return { ...s, paused: { next: e.next, preview: e.preview }, current: e.next };
    case 'tls':
      return { ...s, tls: e.info };
    case 'certificate':
      return { ...s, certificate: e.report, selectedCert: 0 };
    case 'finished':
      return {
        ...s,
        result: judge(e.result),
        paused: null,
        current: null,
        connected: false,
        panel: 'verdict',
      };
    case 'reply':
    case 'ehlo':
    case 'connected':
    case 'banner':
    case 'helo-fallback':
    case 'starttls':
    case 'ehlo-diff':
    case 'finding':
    case 'failure':
    case 'quit-after':
    case 'stopped':
    case 'submission':
      return s;
    default: {
      const never: never = e;
      return never;
    }
  }
}

/**
 * The entries are already in the shared buffer (see makeIngest). A user who has scrolled up
 * keeps the same lines in view: the tail grows below them.
 */
function grew(s: UiState, added: number): UiState {
  return {
    ...s,
    transcriptLength: s.transcript.length,
    scroll: s.scroll > 0 ? s.scroll + added : 0,
  };
}

export function reducer(s: UiState, a: Action): UiState {
  switch (a.type) {
    case 'event':
      return onEvent(s, a.event);
    case 'transcript-grew':
      return grew(s, a.added);
    case 'scroll': {
      const max = Math.max(0, s.transcriptLength - a.viewport);
      return { ...s, scroll: Math.min(max, Math.max(0, s.scroll + a.by)) };
    }
    case 'scroll-to':
      // The top is the first full window, as far as scrolling up goes, not the first line alone.
      return {
        ...s,
        scroll: a.where === 'bottom' ? 0 : Math.max(0, s.transcriptLength - a.viewport),
      };
    case 'toggle-combine':
      return { ...s, combine: !s.combine };
    case 'select-cert': {
      const n = s.certificate?.chain.length ?? 0;
      if (n === 0) return s;
      return { ...s, selectedCert: Math.min(n - 1, Math.max(0, a.index)), panel: 'cert' };
    }
    case 'panel': {
      const order: Panel[] = ['explain', 'tls', 'cert', 'verdict'];
      const next =
        a.panel === 'next'
          ? (order[(order.indexOf(s.panel) + 1) % order.length] as Panel)
          : a.panel;
      return { ...s, panel: next };
    }
    case 'overlay':
      return { ...s, overlay: a.overlay };
    case 'message':
      return { ...s, message: a.text };
    case 'toggle-timestamps':
      return { ...s, timestamps: !s.timestamps };
    case 'auto':
      return { ...s, auto: true };
    case 'scan':
      return { ...s, scan: scanReducer(s.scan, a.scan) };
    case 'new-session': {
      // An attempt left at a pause after it failed (a variant tried on the spot) is kept too.
      const seen = s.result !== null || s.facts.failure !== null;
      const attempts = a.keepAttempt && seen ? [...s.attempts, attemptOf(s)] : s.attempts;
      return {
        ...initialState(a.options, s.auto, a.label),
        original: s.original,
        transcript: a.transcript,
        attempts,
        timestamps: s.timestamps,
        scan: s.scan,
      };
    }
    default: {
      const never: never = a;
      return never;
    }
  }
}

function attemptOf(s: UiState): Attempt {
  const v = s.result?.verdict ?? classify(s.facts);
  return {
    label: s.variantLabel,
    status: v.status,
    reasons: v.reasons,
    protocol: (s.result?.facts ?? s.facts).tls?.protocol ?? null,
  };
}
