// The bundle measures text with src/ui/text-width.ts instead of `string-width` (a fast path for
// text that needs no segmentation). Both must agree, or Ink would misplace borders and cut lines.
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { makeTextWidth } from '../../src/ui/text-width.js';

const RUNS = { numRuns: 10_000, seed: 20261123 };

// Pieces the TUI really draws, plus the kinds of text that need real grapheme segmentation.
const PIECES = [
  'S: 250-mx.lab.test',
  ' ',
  '✓',
  '✗',
  '›',
  '·',
  '→',
  '—',
  '§',
  '…',
  '←',
  '│',
  'é',
  'ß',
  'Ω',
  '\u00ad', // soft hyphen: takes no cell
  'e\u0301', // combining acute
  '中文',
  '한국어',
  '\u1100\u1161\u11a8', // Hangul jamo that join into one syllable
  '👍',
  '👍🏽',
  '👩‍💻',
  '❤️',
  '☕',
  '🇩🇪',
  '1️⃣',
  '\u200b', // zero-width space
  '\u202e', // bidi override
  '\x1b[31m',
  '\x1b[0m',
  '\x1b[1;38;5;202m',
  '\x1b]8;;http://x\x07',
  '\x07',
  '\x7f',
  '\u0085',
  '\ufe0f',
  '\uff21', // fullwidth A
  '\u00a7',
  '\u2500',
];

const fast = makeTextWidth(() => stringWidth);

describe('text width', () => {
  it('agrees with string-width on strings built from terminal pieces', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }),
        fc.boolean(),
        (parts, narrow) => {
          const s = parts.join('');
          const options = { ambiguousIsNarrow: narrow };
          expect(fast(s, options)).toBe(stringWidth(s, options));
        },
      ),
      RUNS,
    );
  });

  it('agrees with string-width on arbitrary Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        expect(fast(s)).toBe(stringWidth(s));
      }),
      RUNS,
    );
  });

  it('measures ASCII and simple symbols without loading the exact measurer', () => {
    let loaded = false;
    const w = makeTextWidth(() => {
      loaded = true;
      return stringWidth;
    });
    expect(w('›· connect  → § — …')).toBe(19);
    expect(w('\x1b[32m✓\x1b[39m banner')).toBe(8);
    expect(loaded).toBe(false);
    expect(w('👩‍💻')).toBe(2);
    expect(loaded).toBe(true);
  });
});
