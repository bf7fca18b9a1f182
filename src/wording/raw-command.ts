// Words for what became of a command typed at a pause (the TUI's `:`).
import type { RawResult } from '../probe/engine.js';
import type { Refusal } from '../smtp/client-state.js';
import { failureWords } from './failure.js';

const REFUSALS: Record<Refusal | 'starttls-before-ehlo', string> = {
  'before-greeting': 'the server has not greeted yet, and the client never speaks first',
  'before-tls': 'this connection expects the TLS handshake now, not a command',
  'awaiting-reply': 'a reply is still awaited',
  'greeting-refused': 'the server refused the session at its greeting: only QUIT is left',
  'ehlo-first': 'TLS is up: say EHLO again first (RFC 3207 §4.2)',
  'starttls-inside-tls': 'TLS is already up: STARTTLS cannot be sent again (RFC 3207 §4.2)',
  'out-of-step': 'the dialogue is out of step (a timeout or a broken reply): only closing is left',
  closed: 'the connection is closed',
  'sasl-response-first': 'the server sent a 334 challenge: answer it (or send * to cancel)',
  'in-data': 'in the data phase: type message lines, and a lone . to end the message',
  'starttls-before-ehlo': 'STARTTLS comes after EHLO: run the EHLO step first',
};

/** The line the TUI shows after a typed command. */
export function rawResultWords(r: RawResult): string {
  if (r.ok) return `${r.reply.code} ${r.reply.lines[0] ?? ''}`;
  switch (r.error) {
    case 'confirm':
      return 'confirm';
    case 'not-paused':
      return 'commands can be typed only while the session is paused';
    case 'not-connected':
      return 'not connected';
    case 'data-line-sent':
      return `message line ${r.lines} sent (no reply inside DATA); a lone . ends the message`;
    case 'no-reply':
      return 'STARTTLS got no reply';
    case 'invalid':
      return r.why;
    case 'refused':
      return `not sent: ${REFUSALS[r.refusal]}`;
    case 'failed':
      return failureWords(r.failure);
    default: {
      const never: never = r;
      return String(never);
    }
  }
}
