// Which server name the ClientHello carries. One rule, used by the handshake, the step preview
// and the TUI header, so the screen never claims an SNI the wire did not send.
import { ipFamily } from '../smtp/ip-literal.js';

/**
 * `sni: null` means "send none"; `undefined` means "the target host". RFC 6066 §3: SNI carries
 * a host name, never an IP literal, so an IP target sends none unless --sni names one.
 */
export function sniFor(options: { sni?: string | null; host: string }): string | null {
  if (options.sni === null) return null;
  const name = options.sni ?? options.host;
  return ipFamily(name) === 0 ? name : null;
}
