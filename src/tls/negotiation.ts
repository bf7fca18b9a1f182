// What the client offered against what the server chose, read off the ladder: version, cipher
// suite, key-exchange group and signature scheme. Data only (registry names); the TUI and the
// --plain ladder highlight and word it.
import type { HandshakeFieldValue, HandshakeStep } from '../model/tls.js';

export type NegotiatedItem = 'version' | 'cipherSuite' | 'group' | 'signatureScheme';

export interface Negotiated {
  item: NegotiatedItem;
  offered: string[];
  chosen: string | null;
  /** Which message offered it and which chose it (step indexes in the ladder). */
  offeredAt: number | null;
  chosenAt: number | null;
}

const list = (v: HandshakeFieldValue | undefined): string[] => (Array.isArray(v) ? v : []);
const text = (v: HandshakeFieldValue | undefined): string | null =>
  typeof v === 'string' ? v : null;

/** The offer is the last ClientHello's (after a HelloRetryRequest, the second one). */
export function negotiation(steps: readonly HandshakeStep[]): Negotiated[] {
  let hello = -1;
  let serverHello = -1;
  let signer = -1;
  steps.forEach((s, i) => {
    if (s.dir === 'C' && s.type === 'client_hello') hello = i;
    if (s.dir === 'S' && s.type === 'server_hello') serverHello = i;
    if (s.dir === 'S' && typeof s.fields.signatureScheme === 'string') signer = i;
  });
  const ch = steps[hello]?.fields ?? {};
  const sh = steps[serverHello]?.fields ?? {};
  const sig = steps[signer]?.fields ?? {};
  // TLS 1.2 names the group in ServerKeyExchange, not in ServerHello.
  const ske = steps.findIndex((s) => s.dir === 'S' && s.type === 'server_key_exchange');
  const at = (i: number): number | null => (i >= 0 ? i : null);
  const row = (
    item: NegotiatedItem,
    offered: string[],
    chosen: string | null,
    chosenAt: number,
  ): Negotiated => ({
    item,
    offered,
    chosen,
    offeredAt: at(hello),
    chosenAt: chosen === null ? null : at(chosenAt),
  });
  return [
    row('version', list(ch.versions), text(sh.version), serverHello),
    row('cipherSuite', list(ch.cipherSuites), text(sh.cipherSuite), serverHello),
    text(sh.group) !== null
      ? row('group', list(ch.groups), text(sh.group), serverHello)
      : row('group', list(ch.groups), ske >= 0 ? text(steps[ske]?.fields.group) : null, ske),
    row('signatureScheme', list(ch.signatureAlgorithms), text(sig.signatureScheme), signer),
  ];
}
