// The scan's rows in the TUI (key x): while it runs, a progress bar (connections against the
// budget) and, per version, the suites accepted so far as they come in; once done, the same
// tables `--scan --plain` prints (src/report/scan-plain.ts), scrolled with ↑/↓.
import { renderScanPlain } from '../../report/scan-plain.js';
import { SCAN_VERSIONS } from '../../scan/types.js';
import { cipherSuiteName } from '../../tlswire/index.js';
import type { ScanView } from '../state/scan.js';
import type { Theme } from '../theme.js';
import { fitWidth } from '../fit.js';
import { wrapLine } from '../wrap.js';
import type { Line } from './InfoPanels.js';

/** `[#####-----]` for `done` of `all`, `width` cells between the brackets. */
export function progressBar(done: number, all: number, width: number): string {
  const cells = Math.max(1, width);
  const full = all > 0 ? Math.min(cells, Math.round((done / all) * cells)) : 0;
  return `[${'#'.repeat(full)}${'-'.repeat(cells - full)}]`;
}

/** The finished report as rows of `width` (what `--scan --plain` prints). */
export function scanReportRows(v: ScanView, width: number): Line[] {
  if (!v.result) return [];
  return (
    renderScanPlain(v.result)
      .trimEnd()
      .split('\n')
      // A table row too wide for the screen goes on under itself, indented past its own start,
      // so its last column does not read as a row of its own.
      .flatMap((text) =>
        wrapLine(text, width, (/^ */.exec(text)?.[0].length ?? 0) + 4).map((row) => ({
          text: row,
        })),
      )
  );
}

/** The overlay's rows; `report`: the finished report's rows (scanReportRows), made by the caller. */
export function scanRows(
  v: ScanView,
  report: readonly Line[],
  height: number,
  width: number,
  theme: Theme,
): Line[] {
  const title = {
    text: fitWidth(`Scan of ${v.target}  (x or Esc closes; the scan goes on)`, width),
    bold: theme.bold,
  };
  if (v.status === 'failed')
    return [
      title,
      { text: fitWidth(`The scan failed: ${v.error ?? ''}`, width), color: theme.color('red') },
    ];
  if (v.status === 'done') {
    const rows = report;
    const room = Math.max(1, height - 1);
    const shown = rows.slice(v.scroll, v.scroll + room);
    const more =
      rows.length > room
        ? `  ↑/↓ scroll (${v.scroll + 1}–${v.scroll + shown.length} of ${rows.length})`
        : '';
    return [
      { ...title, text: fitWidth(`Scan of ${v.target}  done  x or Esc closes${more}`, width) },
      ...shown,
    ];
  }
  const label = ` ${v.probes} of at most ${v.budget} connections`;
  const bar = progressBar(v.probes, v.budget, Math.min(40, width - label.length - 2));
  const rows: Line[] = [
    title,
    { text: fitWidth(`${bar}${label}`, width), color: theme.color('cyan') },
  ];
  for (const version of [...SCAN_VERSIONS].reverse()) {
    const codes = v.accepted[version] ?? [];
    const names = codes.map(cipherSuiteName).join(', ');
    rows.push({
      text: fitWidth(
        `${version.padEnd(8)} ${String(codes.length).padStart(3)} accepted  ${names}`,
        width,
      ),
      ...(codes.length > 0 ? { color: theme.color('green') } : {}),
    });
  }
  rows.push({ text: "Then groups, certificates per key type and each sender's negotiation." });
  return rows;
}
