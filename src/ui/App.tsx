// The session screen: steps, live transcript, the lower panel (explanation, TLS, certificate,
// verdict), and a footer with the next command and the keys. Usable at 80×24; on screens of
// 120 columns or more the panel moves beside the transcript.
import React, { useCallback, useEffect, useRef, useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import type { Key } from 'ink';
import type { ProbeOptions } from '../model/index.js';
import { sniFor } from '../tls/sni.js';
import { useSession } from './use-session.js';
import type { SessionFactory } from './use-session.js';
import { visibleWindow } from './state/reducer.js';
import type { UiState } from './state/reducer.js';
import { makeTheme } from './theme.js';
import { fitWidth } from './fit.js';
import { StepList } from './components/StepList.js';
import { TranscriptView } from './components/TranscriptView.js';
import { Panel, WideColumn } from './components/SidePanels.js';
import { HelpOverlay, LineInput, VariantMenu } from './components/Overlays.js';
import { HandshakeDetail, HandshakeLadder, handshakeSteps } from './components/HandshakeView.js';
import { splitKeys } from './key-split.js';
import { handleKey, runVariant, sendTyped } from './keys.js';
import type { KeyContext } from './keys.js';
import type { VariantKey } from './variants.js';

/** The step list's title and its eight steps. */
const STEP_ROWS = 9;
/** Below this the step list and a 3-row panel no longer fit. */
export const MIN_SIZE = { columns: 60, rows: 15 } as const;

export interface AppProps {
  options: ProbeOptions;
  auto: boolean;
  color: boolean;
  factory: SessionFactory;
  saveDir: string;
  now: () => Date;
  onExit: (code: number) => void;
  /** Fixed size for tests; otherwise the terminal's, following resizes. */
  size?: { columns: number; rows: number };
}

function useTerminalSize(fixed?: { columns: number; rows: number }): {
  columns: number;
  rows: number;
} {
  const { stdout } = useStdout();
  const read = (): { columns: number; rows: number } =>
    fixed ?? { columns: stdout.columns || 80, rows: stdout.rows || 24 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  });
  return size;
}

function useTick(active: boolean): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setTick((n) => n + 1), 120);
    return () => clearInterval(t);
  }, [active]);
  return tick;
}

function footerHint(s: UiState): string {
  if (s.overlay?.kind === 'confirm-auth')
    return 'AUTH over plaintext would expose the credentials. Send anyway? y / n';
  if (s.overlay?.kind === 'handshake') return '→/Enter next message  ← back  h close  q quit';
  const h = handshakeSteps(s).length > 0 ? '  h handshake' : '';
  if (s.paused)
    return `Enter: ${s.paused.preview ?? `run ${s.paused.next}`}   q quit  ? keys${h}  a auto  : command  v variant`;
  // q and ? first: on a narrow terminal the end of the line is what gets cut.
  if (s.result)
    return `q quit  ? keys${h}  s save  p PEM  v variant  r restart  Tab panels  ←/→ certs`;
  return 'q quit  ? keys  ↑/↓ scroll  Tab panels';
}

export function App(props: AppProps): React.JSX.Element {
  const controls = useSession(props.factory, props.options, props.auto);
  const { state: s } = controls;
  const { columns, rows } = useTerminalSize(props.size);
  const theme = makeTheme(props.color);
  const tick = useTick(s.current !== null && !s.paused);
  const wide = columns >= 120;
  const stepsWidth = 24;
  // Rows: header 1, steps + transcript (at least the 8 steps and their title), the panel below
  // (9 rows when there is room, 3 at the least), message 1, footer 1.
  // The handshake X-ray's explanation needs more rows than the other panels.
  const panelRows = s.overlay?.kind === 'handshake' ? 14 : 9;
  const panelHeight = wide ? 0 : Math.min(panelRows, Math.max(3, rows - 2 - 1 - STEP_ROWS));
  const topHeight = Math.max(STEP_ROWS, rows - 1 - panelHeight - 2);
  // In the X-ray the ladder takes the transcript's place and needs its width more.
  const panelWidth = wide
    ? Math.min(60, columns - stepsWidth - (s.overlay?.kind === 'handshake' ? 62 : 40))
    : columns;
  const transcriptWidth = columns - stepsWidth - 1 - (wide ? panelWidth + 1 : 0);
  const viewport = topHeight - 1;
  const ctx: KeyContext = {
    controls,
    viewport,
    saveDir: props.saveDir,
    now: props.now,
    quit: () => {
      const s0 = controls.session();
      void (s0 ? s0.abort() : Promise.resolve()).then(() => props.onExit(0));
    },
  };
  // The input handler reads the newest render's context: a key that arrives between a frame
  // and the effect that would re-subscribe a new closure must not see stale state.
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  // Several keys in one input (see key-split.ts) are handled one at a time, each after the
  // render of the one before, so each sees the state the previous key left.
  useInput(
    useCallback((input: string, key: Key) => {
      const keys = splitKeys(input, key);
      const next = (i: number): void => {
        const k = keys[i];
        if (!k) return;
        handleKey(ctxRef.current, k[0], k[1]);
        queueMicrotask(() => next(i + 1));
      };
      next(0);
    }, []),
  );
  const o = s.options;
  const header = `smtpscope  ${o.host}:${o.port}  ${o.tlsMode}  SNI ${sniFor(o) ?? 'none'}  ${s.auto ? 'auto' : 'guided'}  [${s.variantLabel}]`;
  const overlay = s.overlay;
  const xray =
    overlay?.kind === 'handshake'
      ? {
          steps: handshakeSteps(s),
          index: overlay.index,
          revealed: s.auto ? handshakeSteps(s).length - 1 : overlay.index,
          theme,
        }
      : null;
  const panel = xray ? (
    <HandshakeDetail
      {...xray}
      width={wide ? panelWidth : columns}
      height={wide ? topHeight : panelHeight}
    />
  ) : overlay?.kind === 'help' ? (
    <HelpOverlay
      width={wide ? panelWidth : columns}
      height={wide ? topHeight : panelHeight}
      theme={theme}
    />
  ) : overlay?.kind === 'variant' ? (
    <VariantMenu
      width={wide ? panelWidth : columns}
      height={wide ? topHeight : panelHeight}
      theme={theme}
    />
  ) : wide ? (
    <WideColumn s={s} width={panelWidth} height={topHeight} theme={theme} />
  ) : (
    <Panel s={s} panel={s.panel} width={columns} height={panelHeight} theme={theme} />
  );
  const input =
    overlay?.kind === 'command' ? (
      <LineInput prompt="SMTP> " onSubmit={(line) => sendTyped(ctx, line, false)} />
    ) : overlay?.kind === 'variant-input' ? (
      <LineInput
        prompt={overlay.label}
        onSubmit={(v) =>
          runVariant(
            ctx,
            ({ sni: '4', ehloName: '5', verifyName: '6' } as const)[overlay.field] as VariantKey,
            v,
          )
        }
      />
    ) : null;
  if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows)
    return (
      <Text wrap="wrap" color={theme.color('yellow')}>
        {`The terminal is ${columns}×${rows}; smtpscope needs at least ${MIN_SIZE.columns}×${MIN_SIZE.rows}. Enlarge it, use --plain, or press q.`}
      </Text>
    );
  return (
    <Box flexDirection="column" width={columns}>
      <Text wrap="truncate-end" bold={theme.bold} color={theme.color('cyan')}>
        {fitWidth(header, columns)}
      </Text>
      <Box height={topHeight}>
        <StepList
          steps={s.steps}
          next={s.paused?.next ?? null}
          width={stepsWidth}
          theme={theme}
          tick={tick}
        />
        <Box width={1} />
        {xray ? (
          <HandshakeLadder {...xray} width={transcriptWidth} height={topHeight} />
        ) : (
          <TranscriptView
            lines={visibleWindow(s, viewport)}
            total={s.transcriptLength}
            scroll={s.scroll}
            height={topHeight}
            width={transcriptWidth}
            timestamps={s.timestamps}
            theme={theme}
          />
        )}
        {wide ? <Box marginLeft={1}>{panel}</Box> : null}
      </Box>
      {wide ? null : panel}
      {input ?? (
        <Text wrap="truncate-end" color={theme.color('yellow')}>
          {fitWidth(s.message ?? '', columns)}
        </Text>
      )}
      <Text wrap="truncate-end" color={theme.color('gray')}>
        {fitWidth(footerHint(s), columns)}
      </Text>
    </Box>
  );
}
