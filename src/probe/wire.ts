// One SMTP connection's socket: writes what the dialogue (src/smtp/dialogue.ts, sans-IO) allows,
// feeds received bytes to it and hands replies to whoever waits. It listens with 'data' events
// rather than `for await`, because breaking out of an async iterator destroys a socket we may
// still upgrade. Every read ends at its deadline or when the probe's AbortSignal fires.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { Escaped } from '../model/text.js';
import { Dialogue } from '../smtp/dialogue.js';
import type { Refusal } from '../smtp/client-state.js';
import type { ReplyError } from '../smtp/reply-parser.js';
import type { Reply } from '../smtp/reply.js';
import { esc, escapeText } from '../smtp/escape.js';
import { LIMITS } from '../smtp/limits.js';
import type { Transcript } from './transcript.js';

export type ReadResult =
  | { kind: 'reply'; reply: Reply }
  /** `partialBytes`: bytes of an unfinished line received so far (a drip or a line without end). */
  | { kind: 'timeout'; partialBytes: number }
  | { kind: 'closed'; reset: boolean; message: Escaped }
  | { kind: 'malformed'; error: ReplyError }
  | { kind: 'aborted' }
  /** The dialogue's state does not allow this command now (nothing was written). */
  | { kind: 'refused'; refusal: Refusal };

type Waiter = (result: ReadResult) => void;

export class Wire {
  readonly dialogue: Dialogue;
  private queue: { result: ReadResult; unsolicited: boolean }[] = [];
  /**
   * Replies our sent commands still owe that have not arrived: a reply that arrives with
   * nobody waiting is queued as solicited while this is positive (a pipelined group's replies,
   * RFC 2920), and counted as unsolicited otherwise.
   */
  private owed = 0;
  private waiter: Waiter | null = null;
  private ended: ReadResult | null = null;
  /** Replies that arrived while nobody was waiting for one. */
  unsolicited = 0;
  /**
   * Why the dialogue lost step (a read timed out, a reply broke the grammar or the caps), or
   * null. Once set, no reply can be matched to a command any more, so a QUIT would only wait.
   */
  outOfStep: Escaped | null = null;
  private socket: Socket | TLSSocket;
  /** Bytes received since the last complete line (not capped: the parser's buffer is). */
  private partial = 0;
  /** The TCP socket under an adopted TLS socket. */
  private under: Socket | null = null;

  constructor(
    socket: Socket | TLSSocket,
    private readonly transcript: Transcript,
    mode: 'plain' | 'implicit',
    private readonly signal: AbortSignal,
  ) {
    this.socket = socket;
    this.dialogue = new Dialogue(mode);
    this.attach(socket);
  }

  get current(): Socket | TLSSocket {
    return this.socket;
  }

  get isOpen(): boolean {
    return this.ended === null && !this.socket.destroyed;
  }

  /** The codes of the replies received that nobody asked for yet, in order. */
  unsolicitedCodes(): number[] {
    return this.queue.flatMap((q) =>
      q.unsolicited && q.result.kind === 'reply' ? [q.result.reply.code] : [],
    );
  }

  /** Bytes or replies received that no command has asked for yet. */
  get pendingInput(): number {
    return this.queue.length + this.dialogue.bufferedBytes;
  }

  private readonly onData = (chunk: Buffer): void => {
    const events = this.dialogue.receive(chunk);
    this.partial = events.some((e) => e.type === 'line')
      ? this.dialogue.bufferedBytes
      : this.partial + chunk.length;
    for (const ev of events) {
      switch (ev.type) {
        case 'line':
          this.transcript.add(
            'S',
            ev.cut === null
              ? ev.text
              : esc`${ev.text} \u2026 [line cut at the cap, ${ev.cut} more bytes]`,
          );
          break;
        case 'reply':
          this.deliver({ kind: 'reply', reply: ev.reply });
          break;
        case 'error':
          this.outOfStep ??= escapeText(ev.error.message);
          this.deliver({ kind: 'malformed', error: ev.error });
          break;
        default: {
          const never: never = ev;
          throw new Error(`unhandled dialogue event ${String(never)}`);
        }
      }
    }
  };

  private readonly onError = (err: NodeJS.ErrnoException): void => {
    const reset = err.code === 'ECONNRESET' || err.code === 'EPIPE';
    this.finish({ kind: 'closed', reset, message: escapeText(err.message) });
  };

  private readonly onClose = (): void => {
    this.finish({ kind: 'closed', reset: false, message: esc`the server closed the connection` });
  };

  private attach(socket: Socket | TLSSocket): void {
    socket.on('data', this.onData);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('end', this.onClose);
  }

  private detach(socket: Socket | TLSSocket): void {
    socket.off('data', this.onData);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    socket.off('end', this.onClose);
  }

  private deliver(result: ReadResult): void {
    const owed = result.kind === 'reply' && this.owed > 0;
    if (owed) this.owed -= 1;
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(result);
    } else {
      const unsolicited = result.kind === 'reply' && !owed;
      this.queue.push({ result, unsolicited });
      if (unsolicited) this.unsolicited += 1;
    }
  }

  private finish(result: ReadResult): void {
    if (this.ended) return;
    this.ended = result;
    this.dialogue.closed(true);
    this.deliver(result);
  }

  /** Next reply (or failure) within `timeoutMs`, or sooner if the probe is aborted. */
  read(timeoutMs: number): Promise<ReadResult> {
    const queued = this.queue.shift();
    if (queued) {
      if (queued.unsolicited) this.unsolicited -= 1;
      return Promise.resolve(queued.result);
    }
    if (this.ended) return Promise.resolve(this.ended);
    if (this.signal.aborted) return Promise.resolve({ kind: 'aborted' });
    return new Promise((resolve) => {
      const done = (result: ReadResult): void => {
        clearTimeout(timer);
        this.signal.removeEventListener('abort', onAbort);
        this.waiter = null;
        resolve(result);
      };
      const onAbort = (): void => done({ kind: 'aborted' });
      const timer = setTimeout(
        () => {
          this.outOfStep ??= esc`no reply within ${Math.round(timeoutMs)} ms`;
          this.dialogue.lostStep();
          if (this.partial > 0) {
            this.transcript.add(
              'info',
              esc`timed out with ${this.partial} bytes received and no line ending (kept at most ${LIMITS.maxLineBytes})`,
            );
          }
          done({ kind: 'timeout', partialBytes: this.partial });
        },
        Math.max(0, timeoutMs),
      );
      this.signal.addEventListener('abort', onAbort, { once: true });
      this.waiter = done;
    });
  }

  /**
   * Send one command line (CRLF appended) if the dialogue's state allows it; the transcript
   * shows it with AUTH secrets redacted. Returns the refusal otherwise (nothing is written).
   */
  send(line: string): { ok: true } | { ok: false; refusal: Refusal } {
    const out = this.dialogue.send(line);
    if (!out.ok) return out;
    this.transcript.add('C', out.shown);
    this.socket.write(out.wire);
    this.owed += 1;
    return { ok: true };
  }

  /** PIPELINING offered in the latest EHLO reply: the dialogue allows pipelined groups. */
  setPipelining(on: boolean): void {
    this.dialogue.setPipelining(on);
  }

  /** A line typed in the data phase (manual mode); the lone "." owes a reply. */
  sendDataLine(line: string): { ok: true } | { ok: false; refusal: Refusal } {
    const out = this.dialogue.sendDataLine(line);
    if (!out.ok) return out;
    this.transcript.add('C', out.shown);
    this.socket.write(out.wire);
    if (line === '.') this.owed += 1;
    return { ok: true };
  }

  /**
   * The message in the data phase (dot-stuffed, ending CRLF.CRLF), or as one BDAT chunk. The
   * transcript shows its first `shownLines` lines and how many more there were.
   */
  sendMessage(
    message: Buffer,
    how: 'data' | 'bdat',
    shownLines: number,
  ): { ok: true } | { ok: false; refusal: Refusal } {
    const out =
      how === 'data' ? this.dialogue.sendMessage(message) : this.dialogue.sendBdat(message);
    if (!out.ok) return out;
    if (how === 'bdat' && 'shown' in out) this.transcript.add('C', out.shown as Escaped);
    const lines = message.toString('utf8').split('\r\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (const l of lines.slice(0, shownLines)) this.transcript.add('C', escapeText(l));
    if (lines.length > shownLines)
      this.transcript.add(
        'info',
        esc`\u2026 ${lines.length - shownLines} more line(s) of the message`,
      );
    this.socket.write(out.wire);
    this.owed += 1;
    return { ok: true };
  }

  /**
   * Hand the plain socket over for a TLS upgrade. Bytes the server sent after its 220 are
   * discarded (RFC 3207 §4.2: the client must not trust pre-TLS buffered data); the count
   * is returned so the caller can flag a possible injection (CVE-2011-0411 style).
   */
  releaseForUpgrade(): { socket: Socket; discarded: number } {
    const discarded = this.pendingInput;
    this.detach(this.socket);
    this.queue = [];
    this.unsolicited = 0;
    this.owed = 0;
    this.outOfStep = null;
    return { socket: this.socket as Socket, discarded };
  }

  /**
   * Continue on the upgraded TLS socket; the dialogue's parser starts afresh. `under` is the TCP
   * socket beneath it: a TLSSocket over another stream (the handshake tap) does not always
   * close what is under it, and a server that half-closed would wait for our FIN forever.
   */
  adopt(socket: TLSSocket, under?: Socket): void {
    this.under = under ?? null;
    this.socket = socket;
    this.ended = null;
    this.dialogue.tlsUp();
    this.attach(socket);
  }

  destroy(): void {
    this.detach(this.socket);
    this.socket.destroy();
    this.under?.destroy();
    this.dialogue.closed(false);
    if (this.waiter)
      this.finish({ kind: 'closed', reset: false, message: esc`closed by smtpscope` });
  }
}
