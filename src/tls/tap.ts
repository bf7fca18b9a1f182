// A recording tap between the TCP socket and node:tls: tls.connect is given this Duplex as its
// `socket`, and every byte either way passes through it unchanged, stamped with its time. Nothing
// is parsed here (that happens after the handshake, off the step's clock: src/tls/ladder.ts), so
// the tap costs one array push per chunk. It keeps the TCP socket's semantics: backpressure both
// ways (socket.pause() when TLS reads slowly, a write completes on 'drain'), the half-close
// setting, an error (ECONNRESET, EPIPE) passed on as the same error, a close as a close.
//
// The TLS secrets OpenSSL hands out (the 'keylog' event, NSS key log lines) are held here and
// only here: the ladder derives its keys from them; --keylog writes them to a file on request.
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

export interface TapChunk {
  /** C: what the client sent, S: what the server sent. */
  readonly dir: 'C' | 'S';
  /** performance.now() when the chunk passed. */
  readonly t: number;
  readonly bytes: Buffer;
}

/** Most bytes recorded per direction before the handshake is done (chains run to ~30 KiB). */
export const TAP_HANDSHAKE_CAP = 512 * 1024;
/** Most bytes recorded per direction once it is done (NewSessionTickets, then the SMTP reply). */
export const TAP_AFTER_CAP = 16 * 1024;
/** Most key log lines kept (TLS 1.3 gives five; a hostile peer cannot make more, but bound it). */
const MAX_SECRET_LINES = 16;

export class HandshakeTap {
  readonly chunks: TapChunk[] = [];
  readonly duplex: Duplex;
  /** Set when the handshake completed: from then on the smaller cap applies. */
  private securedAt: { C: number; S: number } | null = null;
  private readonly recorded = { C: 0, S: 0 };
  private readonly secretLines: string[] = [];
  /** Chunks seen when the ladder was last built (to build it again only when something came). */
  builtAt = -1;
  truncated = false;
  private stopped = false;

  constructor(
    socket: Socket,
    private readonly onKeylog?: (line: Buffer) => void,
  ) {
    this.duplex = tapDuplex(socket, (dir, bytes) => this.record(dir, bytes));
  }

  private record(dir: 'C' | 'S', bytes: Buffer): void {
    if (this.stopped) return;
    const cap = this.securedAt ? this.securedAt[dir] + TAP_AFTER_CAP : TAP_HANDSHAKE_CAP;
    if (this.recorded[dir] + bytes.length > cap) {
      this.truncated = true;
      return;
    }
    this.recorded[dir] += bytes.length;
    // The socket may reuse nothing it handed out, but a copy is cheap and makes that certain.
    this.chunks.push({ dir, t: performance.now(), bytes: Buffer.from(bytes) });
  }

  /** The 'keylog' listener of the TLSSocket. */
  keylog(line: Buffer): void {
    if (this.secretLines.length < MAX_SECRET_LINES) this.secretLines.push(line.toString('latin1'));
    this.onKeylog?.(line);
  }

  /** The handshake completed: record a little more (NewSessionTickets), then stop. */
  secured(): void {
    this.securedAt = { ...this.recorded };
  }

  /** Nothing more to record (the ladder is settled): the bytes just pass. */
  stop(): void {
    this.stopped = true;
  }

  /** Label → secret, from the NSS key log lines (e.g. SERVER_HANDSHAKE_TRAFFIC_SECRET). */
  secrets(): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    for (const line of this.secretLines) {
      const [label, , secret] = line.trim().split(' ');
      if (label && secret && /^[0-9a-f]+$/i.test(secret) && secret.length % 2 === 0)
        out.set(label, Buffer.from(secret, 'hex'));
    }
    return out;
  }
}

function tapDuplex(socket: Socket, record: (dir: 'C' | 'S', bytes: Buffer) => void): Duplex {
  let pendingWrite: ((err?: Error | null) => void) | null = null;
  let ended = false;
  const release = (err?: Error | null): void => {
    const cb = pendingWrite;
    pendingWrite = null;
    cb?.(err);
  };
  const onDrain = (): void => release();
  const duplex = new Duplex({
    // As the TCP socket would have had it (net.Socket: false), so TLS half-closes the same way.
    allowHalfOpen: socket.allowHalfOpen,
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      record('C', chunk);
      if (socket.write(chunk)) callback();
      else pendingWrite = callback;
    },
    final(callback) {
      socket.end();
      callback();
    },
    destroy(err, callback) {
      detach();
      socket.destroy();
      release(err);
      callback(err);
    },
  });
  const onData = (chunk: Buffer): void => {
    record('S', chunk);
    if (!duplex.push(chunk)) socket.pause();
  };
  const onEnd = (): void => {
    ended = true;
    duplex.push(null);
  };
  const onError = (err: Error): void => {
    duplex.destroy(err);
  };
  const onClose = (): void => {
    // After a FIN, let TLS read the end first (it says "disconnected before secure TLS
    // connection" then, as it would on the socket itself); otherwise the close is the news.
    if (!ended || duplex.readableEnded) duplex.destroy();
    else duplex.once('end', () => duplex.destroy());
  };
  const detach = (): void => {
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('error', onError);
    socket.off('close', onClose);
    socket.off('drain', onDrain);
  };
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('error', onError);
  socket.on('close', onClose);
  socket.on('drain', onDrain);
  // A socket already closed has no 'close' left to tell.
  if (socket.destroyed) process.nextTick(() => duplex.destroy());
  return duplex;
}
