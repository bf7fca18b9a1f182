// One SMTP connection's dialogue without the socket: command lines out (checked against the
// client state table, AUTH secrets redacted for display), received bytes in (replies parsed,
// lines escaped for display). src/probe/wire.ts puts a socket and timers around it; tests drive
// it with scripted server bytes and compare whole transcripts (no sockets).
import type { Escaped } from '../model/text.js';
import { initialState, replyEvent, sendEventFor, transition } from './client-state.js';
import type { ClientEvent, ClientState, Refusal } from './client-state.js';
import { escapeText } from './escape.js';
import { AuthRedactor } from './redact.js';
import { ReplyParser } from './reply-parser.js';
import type { ReplyError } from './reply-parser.js';
import type { Reply } from './reply.js';

export type DialogueEvent =
  /** A received line as people see it (`cut`: bytes beyond the line cap). */
  | { type: 'line'; text: Escaped; cut: number | null }
  | { type: 'reply'; reply: Reply }
  | { type: 'error'; error: ReplyError };

export type SendResult =
  /** `wire`: the bytes to write; `shown`: the line for the transcript, secrets redacted. */
  { ok: true; wire: string; shown: Escaped } | { ok: false; refusal: Refusal };

export class Dialogue {
  private parser = new ReplyParser();
  private readonly redactor = new AuthRedactor();
  private current: ClientState;

  constructor(mode: 'plain' | 'implicit') {
    this.current = initialState(mode);
  }

  get state(): ClientState {
    return this.current;
  }

  /** Bytes of an unfinished line held by the parser. */
  get bufferedBytes(): number {
    return this.parser.bufferedBytes;
  }

  /** Whether `event` is allowed now, without making it. */
  allows(event: ClientEvent): boolean {
    return transition(this.current, event).ok;
  }

  private move(event: ClientEvent): Refusal | null {
    const t = transition(this.current, event);
    if (!t.ok) return t.refusal;
    this.current = t.state;
    return null;
  }

  /** A command line (without CRLF) to send, if the state allows it now. */
  send(line: string): SendResult {
    const refusal = this.move(sendEventFor(line));
    if (refusal) return { ok: false, refusal };
    return { ok: true, wire: `${line}\r\n`, shown: escapeText(this.redactor.client(line)) };
  }

  receive(chunk: Uint8Array): DialogueEvent[] {
    const out: DialogueEvent[] = [];
    for (const ev of this.parser.push(chunk)) {
      switch (ev.type) {
        case 'line':
          out.push({
            type: 'line',
            text: escapeText(ev.text),
            cut: ev.truncated ? ev.droppedBytes : null,
          });
          break;
        case 'reply':
          this.redactor.server(ev.reply);
          // A reply in a phase that expects none (an early talker, an injected reply) leaves
          // the state as it is: the engine counts it as unsolicited.
          if (transition(this.current, replyEvent(this.current, ev.reply.code)).ok)
            this.move(replyEvent(this.current, ev.reply.code));
          out.push({ type: 'reply', reply: ev.reply });
          break;
        case 'error':
          // Lines that change code within one reply break RFC 5321 §4.2.1, but the final line
          // still ends the reply and decides it (§4.2.1: "the last line"): go on with it, and
          // let the caller note the inconsistency. Anything else loses the step.
          if (ev.error.kind === 'code-changed' && ev.error.reply) {
            const reply = ev.error.reply;
            if (transition(this.current, replyEvent(this.current, reply.code)).ok)
              this.move(replyEvent(this.current, reply.code));
            out.push({ type: 'reply', reply });
            break;
          }
          this.move('lost-step');
          out.push({ type: 'error', error: ev.error });
          break;
        default: {
          const never: never = ev;
          throw new Error(`unhandled parser event ${String(never)}`);
        }
      }
    }
    return out;
  }

  /** A read timed out: no later reply can be matched to a command. */
  lostStep(): void {
    this.move('lost-step');
  }

  /**
   * TLS is up. The parser starts afresh: bytes received before the handshake are not trusted
   * (RFC 3207 §4.2); the caller counts and discards them.
   */
  tlsUp(): void {
    this.parser.reset();
    this.move('tls-up');
  }

  closed(byPeer: boolean): void {
    this.move(byPeer ? 'peer-closed' : 'close');
  }
}
