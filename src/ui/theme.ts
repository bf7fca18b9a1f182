// Colours used by the TUI, or none at all (NO_COLOR, --no-color).
import type { StepStatus } from '../model/index.js';
import type { VerdictStatus } from '../model/verdict.js';

export interface Theme {
  color: (name: string) => string | undefined;
  bold: boolean;
}

export function makeTheme(enabled: boolean): Theme {
  return { color: (name) => (enabled ? name : undefined), bold: enabled };
}

export type StepView = StepStatus | 'pending' | 'running';

export const STEP_MARK: Record<StepView, string> = {
  pending: '·',
  running: '…',
  ok: '✓',
  failed: '✗',
  skipped: '–',
};

export const STEP_COLOR: Record<StepView, string> = {
  pending: 'gray',
  running: 'yellow',
  ok: 'green',
  failed: 'red',
  skipped: 'gray',
};

export function verdictColor(status: VerdictStatus): string {
  if (status === 'ok') return 'green';
  if (status === 'incomplete') return 'gray';
  return status === 'certificate-invalid' || status === 'tls-weak' ? 'yellow' : 'red';
}

/** Days left coloured by urgency: red under 7, yellow under 30. */
export function daysColor(days: number): string {
  return days < 7 ? 'red' : days < 30 ? 'yellow' : 'green';
}
