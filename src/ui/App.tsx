// The session screen: steps, live transcript, the lower panel (explanation, TLS, certificate,
// verdict), and a footer with the next command and the keys. Usable from 60×15; on screens of
// 120 columns or more the panels move beside the transcript (layout.ts sizes everything).
import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Box, Text, useInput, useStdout } from 'ink';
import type { Key } from 'ink';
import stringWidth from 'string-width';
import type { ProbeOptions, TranscriptEntry } from '../model/index.js';
import type { VerdictStatus } from '../model/verdict.js';
import { sniFor } from '../tls/sni.js';
import { useSession } from './use-session.js';
import type { SessionFactory } from './use-session.js';
import { visibleWindow } from './state/ingest.js';
import type { UiState } from './state/reducer.js';
import { makeTheme } from './theme.js';
import { stepColumnWidth, StepList } from './components/StepList.js';
import { PREFIX_WIDTH, TranscriptView } from './components/TranscriptView.js';
import { PanelBox, panelRows, wideRows } from './components/SidePanels.js';
import { helpRows, LineInput, variantRows } from './components/Overlays.js';
import { wrapRows } from './components/InfoPanels.js';
import { WIDE_COLUMNS, layout, narrowPanelHeight } from './layout.js';
import { judgedSoFar, offersModeSwitch } from './failure-help.js';
import { describeChanges, versionRange } from './variants.js';
import { HandshakeDetail, HandshakeLadder, handshakeSteps } from './components/HandshakeView.js';
import { splitKeys } from './key-split.js';
import { handleKey, runVariant, sendTyped } from './keys.js';
import type { KeyContext } from './keys.js';
import type { VariantKey } from './variants.js';
import { scanReportRows, scanRows } from './components/ScanPanel.js';
import type { ScanTool } from './state/scan.js';
import type { DomainView } from './state/policy.js';
import type { JudgedProbe } from '../model/events.js';

/** Below this the step list and a 3-row panel no longer fit. */
export const MIN_SIZE = { columns: 60, rows: 15 } as const;

export interface AppProps {
  options: ProbeOptions;
  auto: boolean;
  color: boolean;
  factory: SessionFactory;
  saveDir: string;
  now: () => Date;
  /**
   * On quit, with the last attempt's verdict status (the CLI maps it to its exit code), and the
   * domain's exit code when a mail domain's judgement with this MX is known.
   */
  onExit: (status: VerdictStatus, domainExit?: number) => void;
  /** A mail domain: its judgement with this session's MX probe (the CLI's, see run.tsx). */
  judgeAsMx?: (probe: JudgedProbe) => DomainView;
  /** Fixed size for tests; otherwise the terminal's, following resizes. */
  size?: { columns: number; rows: number };
  /** Key x: the scan, handed in by the CLI bundle (src/scan); without it x says so. */
  scan?: ScanTool;
  /** Key m: back to a mail domain's MX list (run.tsx), to step through another MX. */
  onPickMx?: (status: VerdictStatus, domainExit?: number) => void;
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

function footerHint(s: UiState, mxList: boolean): string {
  if (s.overlay?.kind === 'confirm-auth')
    return 'AUTH over plaintext would expose the credentials. Send anyway? y / n';
  if (s.overlay?.kind === 'handshake') return '→/Enter next message  ← back  h close  q quit';
  if (s.overlay?.kind === 'scan') return '↑/↓ PgUp/PgDn scroll  x or Esc close  q quit';
  // Inside DATA the input takes the message row, and Enter sends a line, not the next step:
  // the footer says how far the message is and how it ends.
  if (s.overlay?.kind === 'command' && s.overlay.data)
    return `${s.message ?? 'the message, line by line'}   Enter sends the line  Esc closes the input`;
  if (s.overlay?.kind === 'command') return 'Enter sends the command  Esc closes the input';
  const h = handshakeSteps(s).length > 0 ? '  h handshake' : '';
  const mode = `${h}${
    offersModeSwitch(s.facts, s.options)
      ? `  i ${s.options.tlsMode === 'implicit' ? 'STARTTLS' : 'implicit TLS'}`
      : ''
  }`;
  if (s.paused)
    return `Enter: ${s.paused.preview ?? `run ${s.paused.next}`}   q quit  ? keys${mode}  a auto  : command  v variant`;
  // q and ? first: on a narrow terminal the end of the line is what gets cut.
  if (s.result)
    return `q quit  ? keys${mode}  x scan${mxList ? '  m MX list' : ''}  s save  p PEM  v variant  r restart  Tab panels  ←/→ certs`;
  return 'q quit  ? keys  ↑/↓ scroll  Tab panels';
}

/** Cells the widest transcript line in view needs, as TranscriptView draws it. */
function transcriptNeed(lines: TranscriptEntry[], timestamps: boolean): number {
  let need = 0;
  for (const e of lines) need = Math.max(need, stringWidth(e.text));
  return need + PREFIX_WIDTH + (timestamps ? 9 : 0);
}

/** The row(s) of a wrapped text, each its own Text (already no wider than the screen). */
function Rows(props: {
  rows: string[];
  color?: string | undefined;
  bold?: boolean;
}): React.JSX.Element {
  return (
    <>
      {props.rows.map((row, i) => (
        <Text key={i} wrap="truncate-end" color={props.color} bold={props.bold ?? false}>
          {row}
        </Text>
      ))}
    </>
  );
}

export function App(props: AppProps): React.JSX.Element {
  const controls = useSession(props.factory, props.options, props.auto);
  const { state: s } = controls;
  const scanControl = useRef<AbortController | null>(null);
  const { columns, rows } = useTerminalSize(props.size);
  const theme = makeTheme(props.color);
  // A mail domain judged with this session's MX: once per result.
  const domainView = useMemo(
    () => (s.result && props.judgeAsMx ? props.judgeAsMx(s.result) : null),
    [s.result, props.judgeAsMx],
  );
  const domainLines = useMemo(
    () =>
      domainView
        ? [
            // On a narrow screen the short form: the panel is short too, and cuts at its bottom.
            ...(columns >= WIDE_COLUMNS ? domainView.lines : domainView.brief).map((text, i) => ({
              text,
              ...(i === 0 ? { bold: theme.bold } : {}),
            })),
            { text: ' ' },
          ]
        : [],
    [domainView, theme.bold, columns],
  );
  const tick = useTick(s.current !== null && !s.paused);
  const stepsWidth = stepColumnWidth(s.steps);
  const overlay = s.overlay;
  const o = s.options;
  const changes = describeChanges(s.original, o);
  // Every change from the launch options, not only the last variant's.
  const versions = o.minTlsVersion || o.maxTlsVersion ? `  ${versionRange(o)}` : '';
  const header = `smtpscope  ${o.host}:${o.port}  ${o.tlsMode}${versions}  SNI ${sniFor(o) ?? 'none'}  ${s.auto ? 'auto' : 'guided'}  [${changes.length ? changes.join(', ') : 'as given'}]`;
  // A first guess of the body's height, to measure the lines that may be in view.
  const guess = visibleWindow(s, Math.max(1, rows - 4));
  const lay = layout({
    columns,
    rows,
    header,
    message: overlay?.kind === 'command' || overlay?.kind === 'variant-input' ? null : s.message,
    footer: footerHint(s, props.onPickMx !== undefined),
    stepsWidth,
    transcriptNeed: transcriptNeed(guess, s.timestamps),
  });
  const { wide, body } = lay;
  const panelRowsNow =
    overlay?.kind === 'variant'
      ? wrapRows(variantRows(s.combine, s.variantLabel, theme), lay.panelWidth)
      : wide
        ? wideRows(s, lay.panelWidth, body, theme, domainLines)
        : panelRows(s, s.panel, columns, theme, domainLines);
  // The handshake X-ray's explanation needs more rows than the other panels.
  const xrayOpen = overlay?.kind === 'handshake';
  const panelHeight = wide
    ? body
    : narrowPanelHeight(body, xrayOpen ? Math.max(14, panelRowsNow.length) : panelRowsNow.length);
  const topHeight = body - (wide ? 0 : panelHeight);
  const viewport = topHeight - 1;
  // The finished scan's report as rows: made when its overlay is open, once per result and width.
  const scanOpen = overlay?.kind === 'scan';
  const scanReport = useMemo(
    () => (scanOpen && s.scan ? scanReportRows(s.scan, columns) : null),
    [scanOpen, s.scan?.result, columns],
  );
  // The exit code is the one --json would give for the last attempt: its verdict, or the
  // verdict of what it had seen when the user quit.
  const attemptStatus = (): VerdictStatus => {
    const now = ctxRef.current.controls.state;
    return (now.result ?? judgedSoFar(now.facts, now.options)).verdict.status;
  };
  const ctx: KeyContext = {
    controls,
    viewport,
    saveDir: props.saveDir,
    now: props.now,
    scan: props.scan,
    // Back to the MX list, telling what this attempt came to (quitting from the list exits so).
    pickMx: props.onPickMx
      ? () => props.onPickMx?.(attemptStatus(), domainView?.exitCode)
      : undefined,
    scanScrollMax: (scanReport?.length ?? 0) - (body - 1),
    scanControl,
    quit: () => {
      scanControl.current?.abort();
      const s0 = controls.session();
      // A mail domain's session exits as the domain's --json would with this MX, once judged.
      const domainExit = domainView?.exitCode;
      void (s0 ? s0.abort() : Promise.resolve()).then(() =>
        props.onExit(attemptStatus(), domainExit),
      );
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
  const input =
    overlay?.kind === 'command' ? (
      <LineInput
        prompt={overlay.data ? 'message> ' : 'SMTP> '}
        onSubmit={(line) => sendTyped(ctx, line, false)}
      />
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
    <HandshakeDetail {...xray} width={lay.panelWidth} height={panelHeight} />
  ) : (
    <PanelBox rows={panelRowsNow} width={lay.panelWidth} height={panelHeight} />
  );
  // The help takes the whole body at every size: its rows wrap, none is dropped or glued.
  const main =
    overlay?.kind === 'help' ? (
      <PanelBox rows={helpRows(columns, theme)} width={columns} height={body} />
    ) : overlay?.kind === 'scan' && s.scan ? (
      <PanelBox
        rows={scanRows(s.scan, scanReport ?? [], body, columns, theme)}
        width={columns}
        height={body}
      />
    ) : (
      <>
        <Box height={topHeight}>
          <StepList
            steps={s.steps}
            next={s.paused?.next ?? null}
            width={stepsWidth}
            theme={theme}
            tick={tick}
            submission={s.options.submission !== undefined}
          />
          <Box width={1} />
          {xray ? (
            <HandshakeLadder {...xray} width={lay.transcriptWidth} height={topHeight} />
          ) : (
            <TranscriptView
              lines={visibleWindow(s, viewport)}
              total={s.transcriptLength}
              scroll={s.scroll}
              height={topHeight}
              width={lay.transcriptWidth}
              timestamps={s.timestamps}
              theme={theme}
              fromTop={s.scroll > 0 && s.scroll >= s.transcriptLength - viewport}
            />
          )}
          {wide ? <Box marginLeft={1}>{panel}</Box> : null}
        </Box>
        {wide ? null : panel}
      </>
    );
  return (
    <Box flexDirection="column" width={columns}>
      <Rows rows={lay.header} bold={theme.bold} color={theme.color('cyan')} />
      {main}
      {input ?? <Rows rows={lay.message} color={theme.color('yellow')} />}
      <Rows rows={lay.footer} color={theme.color('gray')} />
    </Box>
  );
}
