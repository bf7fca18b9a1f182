// Key x: scan the server this session talked to (src/scan, handed in by the CLI as a Scanner),
// its table in an overlay that fills in live; x or Esc closes it while the scan goes on, and x
// opens it again. One scan per server address and port: a finished one is shown, not re-run.
import type { Key } from 'ink';
import type { KeyContext } from './keys.js';

export function scanKey(ctx: KeyContext): void {
  const { state, dispatch } = ctx.controls;
  const say = (text: string): void => dispatch({ type: 'message', text });
  const o = state.options;
  const target = `${o.host}:${o.port}`;
  if (state.scan && state.scan.target === target && state.scan.status !== 'failed')
    return dispatch({ type: 'overlay', overlay: { kind: 'scan' } });
  const tool = ctx.scan;
  if (!tool) return say('the scan is not available in this build');
  if (!state.result) return say('x scans once this session has ended (a runs the rest)');
  const address = state.result.facts.address;
  if (o.tlsMode === 'none' || !address)
    return say('x needs a session that reached the server with TLS (--tls starttls or implicit)');
  const controller = new AbortController();
  ctx.scanControl.current?.abort();
  ctx.scanControl.current = controller;
  dispatch({ type: 'scan', scan: { kind: 'start', target, budget: tool.budget } });
  dispatch({ type: 'overlay', overlay: { kind: 'scan' } });
  tool
    .run(
      { ...o, tlsMode: o.tlsMode },
      address,
      (progress) => dispatch({ type: 'scan', scan: { kind: 'progress', progress } }),
      controller.signal,
    )
    .then(
      (result) => dispatch({ type: 'scan', scan: { kind: 'done', result } }),
      (err: unknown) =>
        dispatch({
          type: 'scan',
          scan: { kind: 'failed', error: err instanceof Error ? err.message : String(err) },
        }),
    );
}

/** Keys while the scan's overlay is open. */
export function scanOverlayKey(ctx: KeyContext, input: string, key: Key): void {
  const { dispatch } = ctx.controls;
  const page = Math.max(1, ctx.viewport - 1);
  const scroll = (by: number): void =>
    dispatch({ type: 'scan', scan: { kind: 'scroll', by, max: ctx.scanScrollMax } });
  if (input === 'x' || key.escape) return dispatch({ type: 'overlay', overlay: null });
  if (input === 'q') return ctx.quit();
  if (key.downArrow) return scroll(1);
  if (key.upArrow) return scroll(-1);
  if (key.pageDown) return scroll(page);
  if (key.pageUp) return scroll(-page);
}
