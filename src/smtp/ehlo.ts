// EHLO reply → extension map (RFC 5321 §4.1.1.1). Implementation pending.
import type { Reply } from './reply.js';

export interface EhloInfo {
  /** First line's text: the server's name and greeting. */
  greeting: string;
  /** Keyword (upper-cased) → parameters, in the order advertised. Unknown keywords kept verbatim. */
  extensions: Record<string, string[]>;
}

export declare function parseEhlo(reply: Reply): EhloInfo;
