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
  'quit',
] as const;
export type StageId = (typeof STAGE_IDS)[number];

/** Old name of StageId, kept for the report contract's vocabulary (`steps[].name`). */
export type StepName = StageId;
export const STEP_NAMES = STAGE_IDS;

export type StepStatus = 'ok' | 'failed' | 'skipped';
