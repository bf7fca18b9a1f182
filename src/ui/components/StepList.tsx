// The step list: each step with its state mark and its time in ms.
import React from 'react';
import { Box, Text } from 'ink';
import { STEP_NAMES, SUBMISSION_STAGES } from '../../model/index.js';
import type { StepName } from '../../model/index.js';
import type { StepState } from '../state/reducer.js';
import { STAGES } from '../../probe/stage-table.js';
import { STEP_COLOR, STEP_MARK } from '../theme.js';
import type { Theme } from '../theme.js';
import { fitWidth } from '../fit.js';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function msText(st: StepState): string {
  return st.ms !== null && st.status !== 'skipped' ? `${Math.round(st.ms)} ms` : '';
}

const LABEL_WIDTH = Math.max(...STEP_NAMES.map((n) => STAGES[n].label.length)) + 3;

/** The column's width: the longest label, a space, the longest time, a free column (≥ 24). */
export function stepColumnWidth(steps: Record<StepName, StepState>): number {
  const ms = Math.max(...STEP_NAMES.map((n) => msText(steps[n]).length));
  return Math.max(24, LABEL_WIDTH + 1 + ms + 1);
}

export function StepList(props: {
  steps: Record<StepName, StepState>;
  next: StepName | null;
  width: number;
  theme: Theme;
  tick: number;
  /** The run asks to submit (--to, --auth-user): the submission stages are listed too. */
  submission?: boolean;
}): React.JSX.Element {
  const { steps, next, width, theme, tick } = props;
  // A plain run lists its 8 steps as before; the submission steps only when asked for.
  const optional = new Set<StepName>(SUBMISSION_STAGES);
  const names = STEP_NAMES.filter(
    (n) => props.submission || !optional.has(n) || steps[n].status !== 'pending',
  );
  return (
    <Box flexDirection="column" width={width}>
      <Text bold={theme.bold}>Steps</Text>
      {names.map((name) => {
        const st = steps[name];
        const mark =
          st.status === 'running'
            ? (SPINNER[tick % SPINNER.length] as string)
            : STEP_MARK[st.status];
        const ms = msText(st);
        const pointer = name === next && st.status === 'pending' ? '›' : ' ';
        // At least one space between the label and its time, whatever the time's width.
        const room = Math.max(0, width - ms.length - 2); // and the last column kept free
        const label = fitWidth(`${pointer}${mark} ${STAGES[name].label}`, room).padEnd(room);
        return (
          <Text key={name} wrap="truncate-end" color={theme.color(STEP_COLOR[st.status])}>
            {`${label} ${ms}`.trimEnd()}
          </Text>
        );
      })}
    </Box>
  );
}
