// net.isIP without its IPv6 pattern where the answer cannot be 6 (issue #16). Node's isIP tries
// IPv4, then a large IPv6 regular expression that V8 compiles on first use: 3.8 ms, and 0.9 ms
// more on the second call, when V8 compiles it to machine code. Every IPv6 literal has a colon
// (RFC 4291 §2.2), so a name without one needs only the IPv4 check.
//
// tls.connect runs net.isIP on its `servername` (Node 20's lib/_tls_wrap.js, until the DEP0123
// warning has fired once) and there is no documented way round that call, so a process that
// sends SNI compiles the pattern once; with this it compiles it only there.
import { isIP, isIPv4 } from 'node:net';

/** 4, 6 or 0, as net.isIP answers. */
export function ipFamily(name: string): 0 | 4 | 6 {
  if (!name.includes(':')) return isIPv4(name) ? 4 : 0;
  return isIP(name) as 0 | 4 | 6;
}
