// One SMTP connection's byte stream: writes command lines, feeds received bytes to the sans-IO
// reply parser and hands replies to whoever waits. It listens with 'data' events rather than
// `for await`, because breaking out of an async iterator destroys a socket we may still upgrade.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { ReplyParser } from '../smtp/reply-parser.js';
import type { ReplyError } from '../smtp/reply-parser.js';
import type { Reply } from '../smtp/reply.js';
import { escapeText } from '../smtp/escape.js';
import { LIMITS } from '../smtp/limits.js';
import { AuthRedactor } from '../smtp/redact.js';
import type { Transcript } from './transcript.js';

export type ReadResult =
  | { kind: 'reply'; reply: Reply }
  /** `partialBytes`: bytes of an unfinished line received so far (a drip or a line without end). */
  | { kind: 'timeout'; partialBytes: number }
  | { kind: 'closed'; reset: boolean; message: string }
  | { kind: 'malformed'; error: ReplyError };

type Waiter = (result: ReadResult) => void;

export class Wire {
  private parser = new ReplyParser();
  private queue: ReadResult[] = [];
  private waiter: Waiter | null = null;
  private ended: ReadResult | null = null;
  private readonly redactor = new AuthRedactor();
  /** Replies that arrived while nobody was waiting for one. */
  unsolicited = 0;
  /**
   * Why the dialogue lost step (a read timed out, a reply broke the grammar or the caps), or
   * null. Once set, no reply can be matched to a command any more, so a QUIT would only wait.
   */
  outOfStep: string | null = null;
  /** Received bytes not yet consumed by a complete reply when a command was sent. */
  private socket: Socket | TLSSocket;

  constructor(
    socket: Socket | TLSSocket,
    private readonly transcript: Transcript,
  ) {
    this.socket = socket;
    this.attach(socket);
  }

  get current(): Socket | TLSSocket {
    return this.socket;
  }

  get isOpen(): boolean {
    return this.ended === null && !this.socket.destroyed;
  }

  /** Bytes or replies received that no command has asked for yet. */
  get pendingInput(): number {
    return this.queue.length + this.parser.bufferedBytes;
  }

  /** Bytes received since the last complete line (not capped: the parser's buffer is). */
  private partial = 0;

  private readonly onData = (chunk: Buffer): void => {
    const events = this.parser.push(chunk);
    this.partial = events.some((e) => e.type === 'line')
      ? this.parser.bufferedBytes
      : this.partial + chunk.length;
    for (const ev of events) {
      switch (ev.type) {
        case 'line': {
          const cut = ev.truncated ? ` … [line cut at the cap, ${ev.droppedBytes} more bytes]` : '';
          this.transcript.add('S', ev.text + cut);
          break;
        }
        case 'reply':
          this.redactor.server(ev.reply);
          this.deliver({ kind: 'reply', reply: ev.reply });
          break;
        case 'error':
          this.outOfStep ??= ev.error.message;
          this.deliver({ kind: 'malformed', error: ev.error });
          break;
        default: {
          const never: never = ev;
          throw new Error(`unhandled parser event ${String(never)}`);
        }
      }
    }
  };

  private readonly onError = (err: NodeJS.ErrnoException): void => {
    const reset = err.code === 'ECONNRESET' || err.code === 'EPIPE';
    this.finish({ kind: 'closed', reset, message: escapeText(err.message) });
  };

  private readonly onClose = (): void => {
    this.finish({ kind: 'closed', reset: false, message: 'the server closed the connection' });
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
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(result);
    } else {
      this.queue.push(result);
      if (result.kind === 'reply') this.unsolicited += 1;
    }
  }

  private finish(result: ReadResult): void {
    if (this.ended) return;
    this.ended = result;
    this.deliver(result);
  }

  /** Next reply (or failure) within `timeoutMs`. */
  read(timeoutMs: number): Promise<ReadResult> {
    const queued = this.queue.shift();
    if (queued) {
      if (queued.kind === 'reply') this.unsolicited -= 1;
      return Promise.resolve(queued);
    }
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          this.waiter = null;
          this.outOfStep ??= `no reply within ${Math.round(timeoutMs)} ms`;
          if (this.partial > 0) {
            this.transcript.add(
              'info',
              `timed out with ${this.partial} bytes received and no line ending (kept at most ${LIMITS.maxLineBytes})`,
            );
          }
          resolve({ kind: 'timeout', partialBytes: this.partial });
        },
        Math.max(0, timeoutMs),
      );
      this.waiter = (result) => {
        clearTimeout(timer);
        resolve(result);
      };
    });
  }

  /** Send one command line (CRLF appended); the transcript shows it with AUTH secrets redacted. */
  send(line: string): void {
    this.transcript.add('C', escapeText(this.redactor.client(line)));
    this.socket.write(`${line}\r\n`);
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
    this.parser.reset();
    this.unsolicited = 0;
    this.outOfStep = null;
    return { socket: this.socket as Socket, discarded };
  }

  /** Continue on the upgraded TLS socket with a fresh parser. */
  adopt(socket: TLSSocket): void {
    this.socket = socket;
    this.ended = null;
    this.attach(socket);
  }

  destroy(): void {
    this.detach(this.socket);
    this.socket.destroy();
    if (this.waiter) this.finish({ kind: 'closed', reset: false, message: 'closed by smtpscope' });
  }
}
