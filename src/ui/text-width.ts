// How many terminal cells a string takes, as Ink measures every line of every frame. The
// `string-width` package answers exactly but pays for it up front: an Intl.Segmenter (ICU data,
// ~15 ms) and an RGI_Emoji regular expression (~27 ms to compile) before the first frame, for
// arrows and check marks that need neither. Here a string is measured code point by code
// point (East Asian Width, UAX #11) whenever no code point in it can join a neighbour into one
// grapheme, draw as an emoji, or take no cells; anything else goes to `string-width` itself.
// test/ui/text-width.test.ts checks both give the same answer on generated text.
import { stripVTControlCharacters } from 'node:util';
import { eastAsianWidth } from 'get-east-asian-width';

export interface WidthOptions {
  ambiguousIsNarrow?: boolean;
  countAnsiEscapeCodes?: boolean;
}
export type WidthFn = (text: string, options?: WidthOptions) => number;

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * Marks, controls, format and default-ignorable characters, emoji and pictographs, regional
 * indicators, Hangul jamo (UAX #29 joins them into syllables) and surrogates (astral planes).
 */
export const NEEDS_SEGMENTS =
  /[\p{M}\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}\p{Emoji_Presentation}\p{Extended_Pictographic}\p{Regional_Indicator}\u1100-\u11ff\ua960-\ua97f\ud7b0-\ud7ff\ud800-\udfff]/u;

/** `full` is called once, the first time a string needs real segmentation. */
export function makeTextWidth(full: () => WidthFn): WidthFn {
  let exact: WidthFn | null = null;
  return (text, options = {}) => {
    if (typeof text !== 'string' || text.length === 0) return 0;
    let s = text;
    if (!options.countAnsiEscapeCodes && (s.includes('\x1b') || s.includes('\x9b')))
      s = stripVTControlCharacters(s);
    if (PRINTABLE_ASCII.test(s)) return s.length;
    if (NEEDS_SEGMENTS.test(s)) return (exact ??= full())(text, options);
    const ambiguousAsWide = options.ambiguousIsNarrow === false;
    let width = 0;
    for (const ch of s) width += eastAsianWidth(ch.codePointAt(0) ?? 0, { ambiguousAsWide });
    return width;
  };
}
