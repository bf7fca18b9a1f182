// What to wait for between the end of the TLS handshake and the first command inside TLS
// (issue #16).
//
// A TLS 1.3 server sends its session tickets (RFC 8446 §4.6.1) after it has read our Finished,
// so they reach us one round trip after secureConnect. If our EHLO goes out before that, the
// server reads it right behind our Finished, writes the tickets, then its 250 reply. With Nagle
// on (Postfix, Node's own servers), that small reply waits in the server's kernel until the
// tickets are acknowledged, and we acknowledge them only when our delayed-ACK timer fires
// (~40 ms on Linux): the EHLO inside TLS cost 2 RTT + 44 ms at 50 ms RTT, and stalled in 15 of
// 40 loopback runs. Written once a ticket is in, the EHLO carries that acknowledgement and the
// reply leaves at once: 2 RTT, the least a server that sends tickets with Nagle on allows.
//
// There is nothing to wait for on TLS 1.2 (tickets come inside the handshake) nor, past a
// short cap, from a TLS 1.3 server that sends none; the cap follows the handshake's own time,
// which is at least the round trip a ticket needs.
import type { TLSSocket } from 'node:tls';

/** Why the wait ended. */
export type PostHandshakeWait = 'not-tls13' | 'ticket' | 'cap';

/** The part of a TLSSocket the wait uses (a fake one in tests). */
export type TicketSource = Pick<TLSSocket, 'getProtocol' | 'getTLSTicket' | 'once' | 'off'>;

/**
 * How long a TLS 1.3 client waits for a ticket: the handshake took at least one round trip
 * plus the server's key work, a ticket needs one round trip plus less work. Never below 5 ms
 * (timer granularity on a loaded loopback), never above 1 s or `maxMs`.
 */
export function ticketCapMs(handshakeMs: number, maxMs = 1000): number {
  return Math.max(0, Math.min(Math.max(handshakeMs * 1.5, 5), 1000, maxMs));
}

/**
 * Resolve when the first command inside TLS can be written without stalling behind the
 * server's session tickets. Always at least one event-loop turn after the call: a write in the
 * same turn as secureConnect (or as the 'session' event) is not flushed until later.
 */
export function afterHandshake(
  socket: TicketSource,
  handshakeMs: number,
  maxMs?: number,
): Promise<PostHandshakeWait> {
  const turn = (why: PostHandshakeWait): Promise<PostHandshakeWait> =>
    new Promise((resolve) => setImmediate(() => resolve(why)));
  if (socket.getProtocol() !== 'TLSv1.3') return turn('not-tls13');
  if (socket.getTLSTicket() !== undefined) return turn('ticket');
  return new Promise((resolve) => {
    const done = (why: PostHandshakeWait): void => {
      clearTimeout(timer);
      socket.off('session', onSession);
      setImmediate(() => resolve(why));
    };
    const onSession = (): void => done('ticket');
    const timer = setTimeout(() => done('cap'), ticketCapMs(handshakeMs, maxMs));
    socket.once('session', onSession);
  });
}
