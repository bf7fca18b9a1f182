// Make server-supplied text safe for any terminal or file: control characters, bidi overrides
// and invalid UTF-8 become visible escapes (\x1b, \u202e, \xff). Printable text is unchanged.
/* eslint-disable no-control-regex -- finding control characters is what this file is for */
import type { Escaped } from '../model/text.js';

const hex2 = (n: number): string => n.toString(16).padStart(2, '0');
const hex4 = (n: number): string => n.toString(16).padStart(4, '0');

function isBidiOrSeparator(cp: number): boolean {
  return (
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x2028 ||
    cp === 0x2029
  );
}

/** Escape one code point if it is unsafe; C0 and DEL as \xNN, the rest as \uNNNN. */
function escapeCodePoint(cp: number): string | null {
  if (cp < 0x20 || cp === 0x7f) return `\\x${hex2(cp)}`;
  if (cp >= 0x80 && cp <= 0x9f) return `\\u${hex4(cp)}`;
  if (isBidiOrSeparator(cp)) return `\\u${hex4(cp)}`;
  if (cp >= 0xd800 && cp <= 0xdfff) return `\\u${hex4(cp)}`; // a lone surrogate
  return null;
}

const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]/;

export function escapeText(s: string): Escaped {
  if (!UNSAFE.test(s)) return s as Escaped; // the common case: nothing to do
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < s.length) {
      const next = s.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += s[i] + (s[i + 1] as string); // a valid pair: printable astral character
        i++;
        continue;
      }
    }
    out += escapeCodePoint(code) ?? (s[i] as string);
  }
  return out as Escaped;
}

/** Length of a well-formed UTF-8 sequence starting at `i`, or 0 when it is invalid. */
function utf8Length(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  const cont = (k: number): boolean => i + k < b.length && ((b[i + k] as number) & 0xc0) === 0x80;
  if (c < 0x80) return 1;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    if (!cont(1) || !cont(2)) return 0;
    const c1 = b[i + 1] as number;
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 > 0x9f) return 0; // UTF-16 surrogate
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const c1 = b[i + 1] as number;
    if (c === 0xf0 && c1 < 0x90) return 0; // overlong
    if (c === 0xf4 && c1 > 0x8f) return 0; // above U+10FFFF
    return 4;
  }
  return 0;
}

const decoder = new TextDecoder('utf-8');

export function escapeBytes(bytes: Uint8Array): Escaped {
  let out = '';
  let runStart = 0;
  let i = 0;
  const flush = (end: number): void => {
    if (end > runStart) out += escapeText(decoder.decode(bytes.subarray(runStart, end)));
  };
  while (i < bytes.length) {
    const n = utf8Length(bytes, i);
    if (n === 0) {
      flush(i);
      out += `\\x${hex2(bytes[i] as number)}`;
      i += 1;
      runStart = i;
    } else {
      i += n;
    }
  }
  flush(bytes.length);
  return out as Escaped;
}

/**
 * A sentence of ours with values in it: the literal parts are this program's text, every value
 * is escaped (escaping is idempotent, so text that already is escaped is unchanged).
 */
export function esc(parts: TemplateStringsArray, ...values: unknown[]): Escaped {
  let out = parts[0] ?? '';
  values.forEach((v, i) => {
    out += escapeText(String(v)) + (parts[i + 1] ?? '');
  });
  return out as Escaped;
}

/** Escaped texts joined by a separator of ours. */
export function joinEscaped(texts: readonly Escaped[], separator: string): Escaped {
  return escapeText(texts.join(separator));
}
