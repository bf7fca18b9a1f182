// Wrapping a line to a column width, measured the way Ink measures it (see fit.ts). Words move
// to the next row whole, the spaces at a break are dropped (a continuation row never starts
// with a space), a word wider than the row is split where it must be, and continuation rows
// are indented under the text after a label ("Why:  …" → the rest lines up after "Why:  ").
import stringWidth from 'string-width';
import { units } from './fit.js';

/** Columns taken by a leading "Label:" and the spaces after it, if the line has one. */
export function labelIndent(text: string): number {
  const m = /^ *[A-Za-z][A-Za-z0-9 ./-]{0,13}: +(?=\S)/.exec(text);
  return m ? m[0].length : 0;
}

/**
 * Split a word wider than a row into pieces: the first at most `first` cells, the others at
 * most `room`. A piece ends after a separator (":" of a fingerprint, "," "/" "." "-") when one
 * falls in its second half, so "45:B7:…" breaks between bytes rather than inside one.
 */
function splitWord(word: string, room: number, first: number): string[] {
  const out: string[] = [];
  let chars = [...units(word)]; // graphemes: a cut never parts an emoji from its ZWJ
  let limit = Math.max(1, first);
  while (chars.length > 0) {
    let used = 0;
    let n = 0;
    while (n < chars.length && used + stringWidth(chars[n] as string) <= limit) {
      used += stringWidth(chars[n] as string);
      n++;
    }
    n = Math.max(1, n);
    if (n < chars.length) {
      for (let k = n; k > n / 2; k--)
        if (/[:,/.-]/.test(chars[k - 1] as string)) {
          n = k;
          break;
        }
    }
    out.push(chars.slice(0, n).join(''));
    chars = chars.slice(n);
    limit = Math.max(1, room);
  }
  return out;
}

/**
 * `text` as rows of at most `width` cells. `indent` columns lead every row after the first
 * (default: the width of the line's label, when that leaves room for the text).
 */
export function wrapLine(text: string, width: number, indent = labelIndent(text)): string[] {
  if (width <= 0) return [''];
  if (stringWidth(text) <= width) return [text];
  const pad = indent > 0 && indent <= width / 2 ? ' '.repeat(indent) : '';
  const rows: string[] = [];
  let row = '';
  let used = 0;
  // Runs of spaces are kept inside a row (alignment) and dropped at a break.
  for (const [, spaces = '', word = ''] of text.trimEnd().matchAll(/( *)([^ ]+)/g)) {
    const sw = spaces.length;
    const ww = stringWidth(word);
    if (used > 0 && used + sw + ww <= width) {
      row += spaces + word;
      used += sw + ww;
      continue;
    }
    if (used === 0 && rows.length === 0 && sw + ww <= width) {
      row = spaces + word;
      used = sw + ww;
      continue;
    }
    const room = width - pad.length;
    if (ww > room) {
      // Wider than any row (a fingerprint): go on in this row, then split where it must.
      const lead = used > 0 ? row + spaces : rows.length === 0 ? spaces : pad;
      const left = width - stringWidth(lead);
      const pieces = splitWord(word, room, left >= 4 ? left : room);
      if (left < 4 && used > 0) rows.push(row);
      const head = left >= 4 ? lead : rows.length === 0 ? spaces : pad;
      for (const [i, piece] of pieces.entries()) {
        const r = (i === 0 ? head : pad) + piece;
        if (i < pieces.length - 1) rows.push(r);
        else {
          row = r;
          used = stringWidth(r);
        }
      }
      continue;
    }
    // The word starts a new row.
    if (used > 0) rows.push(row);
    row = pad + word;
    used = pad.length + ww;
  }
  if (used > 0 || rows.length === 0) rows.push(row);
  return rows;
}
