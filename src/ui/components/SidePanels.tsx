// The information panels: explanation of the next step, TLS details, the certificate chain,
// the verdict. Below 120 columns one shows at a time (Tab cycles), as tall as its text needs;
// beside a wide transcript they stack, the chosen one first, each as tall as its wrapped text.
import React from 'react';
import { Box } from 'ink';
import { STEP_NAMES } from '../../model/index.js';
import type { Panel as PanelName, UiState } from '../state/reducer.js';
import type { Theme } from '../theme.js';
import { STAGES } from '../../probe/stage-table.js';
import { hasProblem, judgedSoFar } from '../failure-help.js';
import { certLines, explainLines, Lines, tlsLines, wrapRows } from './InfoPanels.js';
import type { Line } from './InfoPanels.js';
import { problemLines, verdictLines } from './VerdictPanel.js';

/** What the server said in the latest finished step (for "So far:" in the explanation). */
function lastServerLine(s: UiState): string {
  for (const name of [...STEP_NAMES].reverse()) {
    const st = s.steps[name];
    if (st.status !== 'pending' && st.status !== 'running' && st.detail) return st.detail;
  }
  return '';
}

/** The step that failed last, in words ("STARTTLS: STARTTLS refused: 454 …"). */
function failedStep(s: UiState): string | null {
  for (const name of [...STEP_NAMES].reverse()) {
    const st = s.steps[name];
    if (st.status === 'failed') return `${STAGES[name].label} failed — ${st.detail}`;
  }
  return null;
}

/** At a pause after something went wrong: what it was, before what comes next. */
function explainRows(s: UiState, theme: Theme): Line[] {
  const next = explainLines(
    s.paused?.next ?? s.current,
    s.paused?.preview ?? null,
    lastServerLine(s),
    theme,
  );
  if (!s.paused) return next;
  const so = judgedSoFar(s.facts, s.options);
  if (!hasProblem(so)) return next;
  // The next step after a failure is QUIT: its title says enough, the problem needs the room.
  return [...problemLines(so, s.options, failedStep(s), theme), ...next.slice(0, 1)];
}

/** A panel's lines, wrapped to `width`: its height on screen is their number. */
/** `domain`: a mail domain's judgement with this session's MX, shown above the host's verdict. */
export function panelRows(
  s: UiState,
  panel: PanelName,
  width: number,
  theme: Theme,
  domain: readonly Line[] = [],
): Line[] {
  switch (panel) {
    case 'explain':
      return wrapRows(explainRows(s, theme), width);
    case 'tls':
      return wrapRows(tlsLines(s.tls, theme), width);
    case 'cert':
      return wrapRows(certLines(s.certificate, s.selectedCert, theme), width);
    case 'verdict':
      return wrapRows(
        // A mail domain's judgement first: it is what the session was for, and what the exit
        // code says; the host's verdict follows.
        [
          ...domain,
          ...verdictLines(
            s.result,
            s.attempts,
            s.variantLabel,
            s.options,
            theme,
            domain.length > 0,
          ),
        ],
        width,
      );
    default: {
      const never: never = panel;
      return [{ text: String(never) }];
    }
  }
}

function hasContent(s: UiState, panel: PanelName): boolean {
  switch (panel) {
    case 'explain':
      return s.result === null;
    case 'verdict':
      return s.result !== null;
    case 'tls':
      return s.tls !== null;
    case 'cert':
      return s.certificate !== null;
    default: {
      const never: never = panel;
      return Boolean(never);
    }
  }
}

/** The panels beside a wide transcript: the chosen one first, then those with something. */
export function wideRows(
  s: UiState,
  width: number,
  height: number,
  theme: Theme,
  domain: readonly Line[] = [],
): Line[] {
  const others = (['explain', 'verdict', 'tls', 'cert'] as const).filter(
    (p) => p !== s.panel && hasContent(s, p),
  );
  const out: Line[] = [];
  for (const panel of [s.panel, ...others]) {
    if (out.length > 0) {
      if (height - out.length < 3) break; // a blank row and at least two rows of a panel
      out.push({ text: ' ' }); // a space: Ink gives an empty text no height
    }
    out.push(...panelRows(s, panel, width, theme, domain));
  }
  return out.slice(0, height);
}

export function PanelBox(props: {
  rows: Line[];
  width: number;
  height: number;
}): React.JSX.Element {
  return (
    <Box width={props.width} height={props.height}>
      <Lines lines={props.rows} width={props.width} height={props.height} />
    </Box>
  );
}
