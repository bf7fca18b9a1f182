// The stages of one SMTP connection's session, in the order a STARTTLS session runs them. The
// probe engine's stage table (src/probe/stage-table.ts) says what each does; everything else
// names stages by these ids.

export const STAGE_IDS = [
  'connect',
  'banner',
  'ehlo',
  'starttls',
  'tls',
  'certificate',
  'ehlo-tls',
  // The submission stages (issue 15): run only when asked (`--to`, `--auth-user`), after the
  // EHLO inside TLS (or the one EHLO with --tls none).
  'auth',
  'mail',
  'rcpt',
  'data',
  'message',
  'quit',
] as const;
export type StageId = (typeof STAGE_IDS)[number];

/** Old name of StageId, kept for the report contract's vocabulary (`steps[].name`). */
export type StepName = StageId;
export const STEP_NAMES = STAGE_IDS;

export type StepStatus = 'ok' | 'failed' | 'skipped';

/** The stages that send mail; absent from a plain run's plan and steps. */
export const SUBMISSION_STAGES = ['auth', 'mail', 'rcpt', 'data', 'message'] as const;
export type SubmissionStage = (typeof SUBMISSION_STAGES)[number];
