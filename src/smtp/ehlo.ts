// EHLO reply → extension map (RFC 5321 §4.1.1.1): first line greets, each further line is
// "keyword params…". Unknown keywords are kept verbatim; never throws.
//
// Keywords and parameters are read from the reply's unescaped text (reply.unescaped), and
// only then escaped for display: escaping first would turn a stray CR into the text "\x0d" and
// make it part of the keyword ("STARTTLS\X0D", so STARTTLS not offered).
import { escapeBytes } from './escape.js';
import type { EhloInfo } from '../model/facts.js';
import type { Reply } from './reply.js';

export type { EhloInfo };

/**
 * RFC 5321 §4.1.1.1 separates keyword and parameters with SP; HTAB is taken too, as the other
 * white space of SMTP's grammar (RFC 5234 WSP) that servers put there. Nothing else splits:
 * not \v, \f or U+00A0, which JavaScript's \s would.
 */
const WSP = /[ \t]+/;

/** ASCII-only upper case: "ß" must not become "SS", nor "ÿ" (0xff) leave the latin1 range. */
const upperAscii = (s: string): string => s.replace(/[a-z]+/g, (m) => m.toUpperCase());

/** Display form of latin1 text (one character per received byte). */
export function displayLatin1(s: string): string {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i) & 0xff;
  return escapeBytes(bytes);
}

const own = (o: Record<string, string[]>, k: string): string[] | undefined =>
  Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;

/** Sets o[k] without going through a setter (a keyword may be "__PROTO__"). */
function define(o: Record<string, string[]>, k: string, v: string[]): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

export function parseEhlo(reply: Reply): EhloInfo {
  const extensions: Record<string, string[]> = {};
  const rawExtensions: Record<string, string[]> = {};
  // Replies built by hand (not by ReplyParser) have no unescaped view: use the display one.
  const lines = reply.unescaped ?? reply.lines;
  for (const line of lines.slice(1)) {
    const words = line.split(WSP).filter((w) => w.length > 0);
    const first = words[0];
    if (first === undefined) continue;
    let keyword = upperAscii(first);
    let params = words.slice(1);
    // Old servers advertise "AUTH=LOGIN PLAIN" (pre-RFC 4954 clients looked for it).
    if (keyword.startsWith('AUTH=')) {
      params = [first.slice(5), ...params].filter((p) => p.length > 0);
      keyword = 'AUTH';
    }
    const shownKeyword = reply.unescaped ? displayLatin1(keyword) : keyword;
    const shown = (p: string): string => (reply.unescaped ? displayLatin1(p) : p);
    const raw = own(rawExtensions, keyword);
    const display = own(extensions, shownKeyword);
    if (raw && display) {
      for (const p of params) {
        if (raw.includes(p)) continue;
        raw.push(p);
        display.push(shown(p));
      }
    } else {
      define(rawExtensions, keyword, params);
      define(extensions, shownKeyword, params.map(shown));
    }
  }
  return { greeting: reply.lines[0] ?? '', extensions, rawExtensions };
}

export function hasExtension(ehlo: EhloInfo, keyword: string): boolean {
  return Object.prototype.hasOwnProperty.call(ehlo.extensions, keyword);
}
