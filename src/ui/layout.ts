// Where everything goes, from the screen's size and what there is to show: the header, message
// and footer take the rows their wrapped text needs; below 120 columns the panel under the
// transcript is as tall as its text (the step list's 9 rows always stay); on wide screens the
// transcript is as wide as its lines need and the panels beside it take the rest of the width.
// Pure, so the arithmetic is tested without Ink.
import stringWidth from 'string-width';
import { wrapLine } from './wrap.js';
import { capRows } from './fit.js';

/** The step list's title and its eight steps. */
export const STEP_ROWS = 9;
/** From here on the panels stand beside the transcript. */
export const WIDE_COLUMNS = 120;
/** The panels' column never gets narrower than this beside a transcript. */
const MIN_PANEL = 48;
/** Room the panels keep when the transcript has long lines (wider than this is hard to read). */
const MAX_PANEL = 90;
/** Nor the transcript narrower than this. */
const MIN_TRANSCRIPT = 40;

export interface LayoutInput {
  columns: number;
  rows: number;
  header: string;
  /** The message row's text, or null: the row stays (one blank row) so the screen holds still. */
  message: string | null;
  footer: string;
  stepsWidth: number;
  /** Cells the widest visible transcript line needs (prefix included). */
  transcriptNeed: number;
}

export interface Layout {
  wide: boolean;
  header: string[];
  message: string[];
  footer: string[];
  /** Rows between the header and the message. */
  body: number;
  transcriptWidth: number;
  /** Wide: the column beside the transcript; narrow: the full width under it. */
  panelWidth: number;
}

/**
 * Rows of at most `width` cells, breaking first between the parts of a line that two or more
 * spaces separate ("q quit  ? keys", "SNI mx.lab.test  guided"), so a part stays whole; a part
 * wider than the row wraps at its own spaces.
 */
export function packParts(text: string, width: number): string[] {
  const rows: string[] = [];
  let row = '';
  const tokens = text.split(/( {2,})/);
  for (let k = 0; k < tokens.length; k += 2) {
    const part = tokens[k] ?? '';
    const sep = tokens[k - 1] ?? '';
    if (row && stringWidth(row) + sep.length + stringWidth(part) <= width) {
      row += sep + part;
      continue;
    }
    if (row) rows.push(row);
    const pieces = wrapLine(part, width, 0);
    rows.push(...pieces.slice(0, -1));
    row = pieces.at(-1) ?? '';
  }
  rows.push(row);
  return rows;
}

/** Packed, at most `max` rows; the last kept row is cut with "…" when more would follow. */
function capped(text: string, width: number, max: number): string[] {
  return capRows(packParts(text, width), max, width);
}

export function layout(i: LayoutInput): Layout {
  const wide = i.columns >= WIDE_COLUMNS;
  // Small screens keep one row each for header and footer; the body needs its 9 rows.
  const spare = i.rows - STEP_ROWS - 3;
  const header = capped(i.header, i.columns, spare >= 4 ? 2 : 1);
  const footer = capped(i.footer, i.columns, spare >= 6 ? 2 : 1);
  // A blank row is one space: Ink gives an empty text no height.
  const message = i.message ? capped(i.message, i.columns, spare >= 8 ? 3 : 1) : [' '];
  const body = Math.max(STEP_ROWS, i.rows - header.length - footer.length - message.length);
  if (!wide) {
    return {
      wide,
      header,
      message,
      footer,
      body,
      transcriptWidth: i.columns - i.stepsWidth - 1,
      panelWidth: i.columns,
    };
  }
  const rest = i.columns - i.stepsWidth - 1;
  // The panels keep about half of the room (their text wraps into a narrow column far worse
  // than a transcript line does); the transcript takes what its lines need up to the rest.
  const panel = Math.max(MIN_PANEL, Math.min(MAX_PANEL, Math.floor(rest / 2)));
  const transcriptWidth = Math.max(
    MIN_TRANSCRIPT,
    Math.min(i.transcriptNeed + 1, rest - 1 - panel),
  );
  return {
    wide,
    header,
    message,
    footer,
    body,
    transcriptWidth,
    panelWidth: rest - transcriptWidth - 1,
  };
}

/** Below the transcript: as many rows as the panel's text, at least 3, and the steps stay. */
export function narrowPanelHeight(body: number, wanted: number): number {
  return Math.max(Math.min(3, body - STEP_ROWS), Math.min(wanted, body - STEP_ROWS));
}
