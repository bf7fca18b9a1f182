// Cutting a line to a column width, measured the way Ink measures it. Ink's own
// wrap="truncate-end" (cli-truncate → slice-ansi) keeps a double-width character that starts
// in the last column, so a CJK or emoji character on the boundary made a line one cell wider
// than its box: the terminal wrapped it, the frame grew past the screen and the header
// scrolled away (issue #10). Lines cut here are never wider than `columns`, so Ink has
// nothing left to truncate.
//
// `string-width` is what Ink measures with; the bundle points both at
// src/ui/string-width-shim.ts (scripts/bundle-options.mjs), tests use the package itself.
import stringWidth from 'string-width';
import { NEEDS_SEGMENTS } from './text-width.js';

const ELLIPSIS = '…';
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

let segmenter: Intl.Segmenter | null = null;

/** User-perceived characters (UAX #29): a cut between a base and its marks or ZWJ is wrong. */
export function* units(text: string): Generator<string> {
  if (!NEEDS_SEGMENTS.test(text)) {
    yield* text; // code points that never join: no segmenter needed (~15 ms to build)
    return;
  }
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const s of segmenter.segment(text)) yield s.segment;
}

/** `text` if it fits in `columns` cells, else its longest prefix that fits with "…" after it. */
export function fitWidth(text: string, columns: number): string {
  if (columns <= 0) return '';
  if (PRINTABLE_ASCII.test(text))
    return text.length <= columns ? text : `${text.slice(0, columns - 1)}${ELLIPSIS}`;
  if (stringWidth(text) <= columns) return text;
  const room = columns - stringWidth(ELLIPSIS);
  let out = '';
  let used = 0;
  for (const unit of units(text)) {
    const w = stringWidth(unit);
    if (used + w > room) break;
    out += unit;
    used += w;
  }
  return `${out}${ELLIPSIS}`;
}

/** At most `max` of `rows`; when some are left out, the last kept one ends in "…". */
export function capRows(rows: readonly string[], max: number, columns: number): string[] {
  if (rows.length <= max) return [...rows];
  if (max <= 0) return [];
  const kept = rows.slice(0, max);
  const last = kept[max - 1] ?? '';
  kept[max - 1] =
    stringWidth(last) < columns ? `${last}${ELLIPSIS}` : fitWidth(`${last}${ELLIPSIS}`, columns);
  return kept;
}
