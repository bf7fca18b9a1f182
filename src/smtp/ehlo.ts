// EHLO reply → extension map (RFC 5321 §4.1.1.1): first line greets, each further line is
// "keyword params…". Unknown keywords are kept verbatim; never throws.
import type { EhloInfo } from '../model/facts.js';
import type { Reply } from './reply.js';

export type { EhloInfo };

export function parseEhlo(reply: Reply): EhloInfo {
  const extensions: Record<string, string[]> = {};
  for (const line of reply.lines.slice(1)) {
    const words = line
      .trim()
      .split(/\s+/)
      .filter((w) => w.length > 0);
    const first = words[0];
    if (first === undefined) continue;
    let keyword = first.toUpperCase();
    let params = words.slice(1);
    // Old servers advertise "AUTH=LOGIN PLAIN" (pre-RFC 4954 clients looked for it).
    const eq = keyword.indexOf('=');
    if (eq > 0 && keyword.startsWith('AUTH=')) {
      params = [first.slice(eq + 1), ...params].filter((p) => p.length > 0);
      keyword = 'AUTH';
    }
    const known = Object.prototype.hasOwnProperty.call(extensions, keyword)
      ? extensions[keyword]
      : undefined;
    if (known) {
      for (const p of params) if (!known.includes(p)) known.push(p);
    } else {
      Object.defineProperty(extensions, keyword, {
        value: params,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return { greeting: reply.lines[0] ?? '', extensions };
}

export function hasExtension(ehlo: EhloInfo, keyword: string): boolean {
  return Object.prototype.hasOwnProperty.call(ehlo.extensions, keyword);
}
