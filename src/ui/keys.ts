// Keys → intents. Components render; this turns a key press into one engine call or one store
// action. No protocol logic here: the engine does all of that.
import type { Key } from 'ink';
import { validateEhloName } from '../smtp/commands.js';
import { isAuthCommand } from '../smtp/redact.js';
import { saveCertificatePem, saveChainPem, saveSession } from '../report/save.js';
import { escapeText } from '../smtp/escape.js';
import { rawResultWords } from '../wording/raw-command.js';
import type { SessionControls } from './use-session.js';
import { applyVariant, changesLabel, NEEDS_VALUE } from './variants.js';
import { offersModeSwitch } from './failure-help.js';
import type { VariantKey } from './variants.js';
import { handshakeSteps } from './components/HandshakeView.js';
import { scanKey, scanOverlayKey } from './scan-keys.js';
import type { ScanTool } from './state/scan.js';

export interface KeyContext {
  controls: SessionControls;
  viewport: number;
  saveDir: string;
  now: () => Date;
  quit: () => void;
  /** Key x: the scan, handed in by the CLI (absent in a build without it). */
  scan?: ScanTool | undefined;
  /** How far the finished scan's report scrolls (its rows less the rows in view). */
  scanScrollMax: number;
  /** The running scan, to stop it when another starts or the TUI quits. */
  scanControl: { current: AbortController | null };
  /** Key m: back to a mail domain's MX list (absent for a host). */
  pickMx?: (() => void) | undefined;
}

function fail(err: unknown): string {
  return escapeText(err instanceof Error ? err.message : String(err));
}

export function sendTyped(ctx: KeyContext, line: string, confirmed: boolean): void {
  const { state, dispatch, session } = ctx.controls;
  // Inside DATA the input stays as it is (mounted, so no keystroke of the next line is lost
  // while it would open again); a command closes it until its reply is in.
  const inMessage = state.overlay?.kind === 'command' && state.overlay.data === true;
  if (!inMessage) dispatch({ type: 'overlay', overlay: null });
  if (!confirmed && isAuthCommand(line) && !state.tls) {
    dispatch({ type: 'overlay', overlay: { kind: 'confirm-auth', line } });
    return;
  }
  void session()
    ?.sendRaw(line, { confirmPlaintextAuth: confirmed })
    .then((r) => {
      dispatch({
        type: 'message',
        text: rawResultWords(r),
      });
      // After 354, and after each message line, the input stays open: the lines of a message
      // are typed one after the other until the lone "." (RFC 5321 §4.1.1.4).
      const inData = r.ok ? r.reply.code === 354 : r.error === 'data-line-sent';
      if (inData) dispatch({ type: 'overlay', overlay: { kind: 'command', data: true } });
      else if (inMessage) dispatch({ type: 'overlay', overlay: null });
    });
}

export function runVariant(ctx: KeyContext, key: VariantKey, value?: string): void {
  const { state, dispatch, start } = ctx.controls;
  if (key === '5' && value !== undefined) {
    const err = validateEhloName(value);
    if (err) return dispatch({ type: 'message', text: err });
  }
  // A variant changes one thing of the launch options, unless the user asked to combine it
  // with the current attempt's: "another SNI" after "TLS 1.2 only" is not TLS 1.2 silently.
  const base = state.combine ? state.options : state.original;
  const v = applyVariant(base, key, value);
  start(v.options, changesLabel(state.original, v.options), true);
}

export function handleKey(ctx: KeyContext, input: string, key: Key): void {
  const { state, dispatch, session, start } = ctx.controls;
  const overlay = state.overlay;
  if (key.ctrl && input === 'c') return ctx.quit();
  if (overlay?.kind === 'command' || overlay?.kind === 'variant-input') {
    if (key.escape) dispatch({ type: 'overlay', overlay: null });
    return; // the text input has the keys
  }
  if (overlay?.kind === 'confirm-auth') {
    if (input === 'y') sendTyped(ctx, overlay.line, true);
    else dispatch({ type: 'overlay', overlay: null });
    return;
  }
  if (overlay?.kind === 'help') return dispatch({ type: 'overlay', overlay: null });
  if (overlay?.kind === 'scan') return scanOverlayKey(ctx, input, key);
  if (overlay?.kind === 'handshake') {
    // One message per key press (→, Enter, space, j), back with ← (k); h or Esc closes.
    const last = handshakeSteps(state).length - 1;
    const move = (by: number): void =>
      dispatch({
        type: 'overlay',
        overlay: { kind: 'handshake', index: Math.min(last, Math.max(0, overlay.index + by)) },
      });
    if (input === 'q') return ctx.quit();
    if (input === 'h' || key.escape) return dispatch({ type: 'overlay', overlay: null });
    if (key.rightArrow || key.downArrow || key.return || input === ' ' || input === 'j')
      return move(1);
    if (key.leftArrow || key.upArrow || input === 'k') return move(-1);
    return;
  }
  if (overlay?.kind === 'variant') {
    const choice = NEEDS_VALUE[input as VariantKey];
    if (choice) return dispatch({ type: 'overlay', overlay: { kind: 'variant-input', ...choice } });
    if (/^[1-7]$/.test(input)) return runVariant(ctx, input as VariantKey);
    if (input === 'c') return dispatch({ type: 'toggle-combine' });
    return dispatch({ type: 'overlay', overlay: null });
  }
  const page = Math.max(1, ctx.viewport - 1);
  if (key.return) return session()?.resume(); // a no-op unless the engine waits at a pause
  if (key.upArrow) return dispatch({ type: 'scroll', by: 1, viewport: ctx.viewport });
  if (key.downArrow) return dispatch({ type: 'scroll', by: -1, viewport: ctx.viewport });
  if (key.pageUp) return dispatch({ type: 'scroll', by: page, viewport: ctx.viewport });
  if (key.pageDown) return dispatch({ type: 'scroll', by: -page, viewport: ctx.viewport });
  if (key.home) return dispatch({ type: 'scroll-to', where: 'top', viewport: ctx.viewport });
  if (key.end) return dispatch({ type: 'scroll-to', where: 'bottom', viewport: ctx.viewport });
  if (key.leftArrow) return dispatch({ type: 'select-cert', index: state.selectedCert - 1 });
  if (key.rightArrow) return dispatch({ type: 'select-cert', index: state.selectedCert + 1 });
  if (key.tab) return dispatch({ type: 'panel', panel: 'next' });
  if (/^[1-9]$/.test(input)) return dispatch({ type: 'select-cert', index: Number(input) - 1 });
  switch (input) {
    case 'q':
      return ctx.quit();
    case '?':
      return dispatch({ type: 'overlay', overlay: { kind: 'help' } });
    case 'a':
      dispatch({ type: 'auto' });
      return session()?.setAuto(true);
    case 'i':
      // The one-key hint of a silent port (or a plaintext answer on an implicit-TLS probe).
      if (offersModeSwitch(state.facts, state.options)) return runVariant(ctx, '7');
      return;
    case 'r':
      return start(state.options, state.variantLabel, false);
    case 't':
      return dispatch({ type: 'toggle-timestamps' });
    case 'x':
      return scanKey(ctx);
    case 'm':
      if (!ctx.pickMx) return;
      // The session ends first (QUIT if the dialogue allows it), then the list shows again.
      ctx.scanControl.current?.abort();
      return void (session()?.abort() ?? Promise.resolve()).then(() => ctx.pickMx?.());
    case 'h':
      if (handshakeSteps(state).length > 0)
        return dispatch({ type: 'overlay', overlay: { kind: 'handshake', index: 0 } });
      return dispatch({ type: 'message', text: 'no TLS handshake has run yet' });
    case ':':
      if (state.paused && state.connected)
        return dispatch({ type: 'overlay', overlay: { kind: 'command' } });
      return dispatch({
        type: 'message',
        text: 'commands can be typed at a pause, once connected',
      });
    case 'v':
      if (state.paused || state.result)
        return dispatch({ type: 'overlay', overlay: { kind: 'variant' } });
      return;
    case 's':
      if (!state.result)
        return dispatch({ type: 'message', text: 'the session is still running: save at the end' });
      try {
        const { transcriptPath, jsonPath } = saveSession(state.result, ctx.saveDir, ctx.now());
        return dispatch({ type: 'message', text: `saved ${transcriptPath} and ${jsonPath}` });
      } catch (err) {
        return dispatch({ type: 'message', text: `cannot save: ${fail(err)}` });
      }
    case 'p': {
      const cert = state.certificate?.chain[state.selectedCert];
      if (!cert) return dispatch({ type: 'message', text: 'no certificate to save yet' });
      try {
        const path = saveCertificatePem(
          state.options,
          state.selectedCert,
          cert.pem,
          ctx.saveDir,
          ctx.now(),
        );
        return dispatch({ type: 'message', text: `saved ${path}` });
      } catch (err) {
        return dispatch({ type: 'message', text: `cannot save: ${fail(err)}` });
      }
    }
    case 'P': {
      const chain = state.certificate?.chain;
      if (!chain?.length) return dispatch({ type: 'message', text: 'no certificate to save yet' });
      try {
        const path = saveChainPem(state.options, chain, ctx.saveDir, ctx.now());
        return dispatch({
          type: 'message',
          text: `saved ${path} (${chain.length} certificate${chain.length === 1 ? '' : 's'})`,
        });
      } catch (err) {
        return dispatch({ type: 'message', text: `cannot save: ${fail(err)}` });
      }
    }
    default:
      return;
  }
}
