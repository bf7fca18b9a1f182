// One SMTP connection's dialogue without the socket: command lines out (checked against the
// client state table, AUTH secrets redacted for display), received bytes in (replies parsed,
// lines escaped for display). src/probe/wire.ts puts a socket and timers around it; tests drive
// it with scripted server bytes and compare whole transcripts (no sockets).
import type { Escaped } from '../model/text.js';
import {
  initialState,
  replyEvent,
  sendEventFor,
  transition,
  withPipelining,
} from './client-state.js';
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
    const refusal = this.move(sendEventFor(line, this.current));
    if (refusal) return { ok: false, refusal };
    return { ok: true, wire: `${line}\r\n`, shown: escapeText(this.redactor.client(line)) };
  }

  /** PIPELINING offered (or not) in the latest EHLO reply (RFC 2920 §3). */
  setPipelining(on: boolean): void {
    this.current = withPipelining(this.current, on);
  }

  /**
   * One line typed in the data phase (manual mode), dot-stuffed (RFC 5321 §4.5.2); the lone
   * "." ends the message and owes the reply.
   */
  sendDataLine(line: string): SendResult {
    const end = line === '.';
    const refusal = this.move(end ? 'send-data-end' : 'send-data-line');
    if (refusal) return { ok: false, refusal };
    const wire = end ? '.' : line.startsWith('.') ? `.${line}` : line;
    return { ok: true, wire: `${wire}\r\n`, shown: escapeText(wire) };
  }

  /**
   * A whole message in the data phase: `stuffed` is dot-stuffed and ends with CRLF.CRLF
   * (src/smtp/message.ts dotStuff). Its reply is owed.
   */
  sendMessage(stuffed: Buffer): { ok: true; wire: Buffer } | { ok: false; refusal: Refusal } {
    const refusal = this.move('send-data-end');
    return refusal ? { ok: false, refusal } : { ok: true, wire: stuffed };
  }

  /** BDAT with the whole message as its one, LAST chunk (RFC 3030 §2; no dot-stuffing). */
  sendBdat(
    message: Buffer,
  ): { ok: true; wire: Buffer; shown: Escaped } | { ok: false; refusal: Refusal } {
    const line = `BDAT ${message.length} LAST`;
    const refusal = this.move('send-bdat');
    if (refusal) return { ok: false, refusal };
    return {
      ok: true,
      wire: Buffer.concat([Buffer.from(`${line}\r\n`), message]),
      shown: escapeText(line),
    };
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
