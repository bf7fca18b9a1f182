// The information panels: explanation of the next step, TLS, certificate chain, verdict. Below
// 120 columns one shows at a time (Tab cycles); beside a wide transcript they stack, the chosen
// one first, so protocol, chain and verdict are all in view at the end of a session.
import React from 'react';
import { Box, Text } from 'ink';
import { STEP_NAMES } from '../../model/index.js';
import type { Panel as PanelName, UiState } from '../state/reducer.js';
import type { Theme } from '../theme.js';
import { certLines, explainLines, Lines, tlsLines } from './InfoPanels.js';
import { VerdictPanel } from './VerdictPanel.js';

/** What the server said in the latest finished step (for "So far:" in the explanation). */
function lastServerLine(s: UiState): string {
  for (const name of [...STEP_NAMES].reverse()) {
    const st = s.steps[name];
    if (st.status !== 'pending' && st.status !== 'running' && st.detail) return st.detail;
  }
  return '';
}

/** The state to show and the box to show it in. */
interface PanelArea {
  s: UiState;
  width: number;
  height: number;
  theme: Theme;
}

export function Panel(props: PanelArea & { panel: PanelName }): React.JSX.Element {
  const { s, width, height, theme } = props;
  switch (props.panel) {
    case 'explain':
      return (
        <Lines
          lines={explainLines(
            s.paused?.next ?? s.current,
            s.paused?.preview ?? null,
            lastServerLine(s),
            theme,
          )}
          width={width}
          height={height}
        />
      );
    case 'tls':
      return <Lines lines={tlsLines(s.tls, theme)} width={width} height={height} />;
    case 'cert':
      return (
        <Lines
          lines={certLines(s.certificate, s.selectedCert, theme)}
          width={width}
          height={height}
        />
      );
    case 'verdict':
      return (
        <VerdictPanel
          result={s.result}
          attempts={s.attempts}
          label={s.variantLabel}
          width={width}
          height={height}
          theme={theme}
        />
      );
    default: {
      const never: never = props.panel;
      return <Text>{String(never)}</Text>;
    }
  }
}

/** Rows each panel needs at most (the last one shown takes whatever is left). */
function wantedRows(s: UiState, panel: PanelName): number {
  switch (panel) {
    case 'explain':
      return 9;
    case 'verdict':
      return 8 + (s.attempts.length > 0 ? s.attempts.length + 2 : 0);
    case 'tls':
      return 7;
    case 'cert':
      return 9;
    default: {
      const never: never = panel;
      return Number(never);
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

export function WideColumn(props: PanelArea): React.JSX.Element {
  const { s, width, height, theme } = props;
  const others = (['explain', 'verdict', 'tls', 'cert'] as const).filter(
    (p) => p !== s.panel && hasContent(s, p),
  );
  const order: PanelName[] = [s.panel, ...others];
  const parts: React.JSX.Element[] = [];
  let left = height;
  for (const [i, panel] of order.entries()) {
    if (left < 3) break;
    const rows = i === order.length - 1 ? left : Math.min(left, wantedRows(s, panel));
    parts.push(
      <Box key={panel} marginBottom={left - rows > 0 ? 1 : 0}>
        <Panel s={s} panel={panel} width={width} height={rows} theme={theme} />
      </Box>,
    );
    left -= rows + 1;
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {parts}
    </Box>
  );
}
