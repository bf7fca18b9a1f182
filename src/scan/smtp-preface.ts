// The SMTP part of a scan probe: connect, read the banner, EHLO, STARTTLS (RFC 3207 §4), and hand
// back the socket at the point where the server expects a ClientHello. For implicit TLS (RFC 8314
// §3.3) the socket is ready as soon as it connects. A 421, a refused connection or a banner that
// does not come is how MTAs throttle (Postfix anvil and postscreen, tarpits): those are told apart
// from real failures, so that the scan backs off instead of calling things "not supported".
// The commands and replies go through the engine's sans-IO Dialogue (src/smtp/dialogue.ts), so
// the scan obeys the same client state table as every probe.
import { connect, type Socket } from 'node:net';
import { Dialogue } from '../smtp/dialogue.js';
import { parseEhlo } from '../smtp/ehlo.js';
import type { Reply } from '../smtp/reply.js';
import type { HelloOutcome } from './types.js';

export interface PrefaceSpec {
  readonly address: string;
  readonly port: number;
  readonly tlsMode: 'starttls' | 'implicit';
  readonly ehloName: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export type Preface =
  | { readonly ok: true; readonly socket: Socket }
  | { readonly ok: false; readonly outcome: Exclude<HelloOutcome, { kind: 'hello' }> };

type Read =
  { kind: 'reply'; reply: Reply } | { kind: 'timeout' } | { kind: 'closed'; error: string | null };

/** Replies in order from one socket, each read with a deadline. */
class ReplyReader {
  private readonly dialogue = new Dialogue('plain');
  private readonly queue: Read[] = [];
  private waiter: ((r: Read) => void) | null = null;
  private ended: Read | null = null;

  constructor(private readonly socket: Socket) {
    socket.on('data', this.onData);
    socket.on('error', (e: NodeJS.ErrnoException) => this.end(e.code ?? e.message));
    socket.on('close', () => this.end(null));
  }

  private readonly onData = (chunk: Buffer): void => {
    for (const ev of this.dialogue.receive(chunk)) {
      if (ev.type === 'reply') this.deliver({ kind: 'reply', reply: ev.reply });
      else if (ev.type === 'error') this.end(`malformed reply: ${ev.error.kind}`);
    }
  };

  /** Sends a command if the state table allows it now; false (and nothing sent) if not. */
  send(line: string): boolean {
    const out = this.dialogue.send(line);
    if (out.ok) this.socket.write(out.wire);
    return out.ok;
  }

  private end(error: string | null): void {
    if (this.ended) return;
    this.ended = { kind: 'closed', error };
    this.deliver(this.ended);
  }

  private deliver(r: Read): void {
    const w = this.waiter;
    this.waiter = null;
    if (w) w(r);
    else this.queue.push(r);
  }

  read(timeoutMs: number, signal?: AbortSignal): Promise<Read> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    if (this.ended) return Promise.resolve(this.ended);
    return new Promise((resolve) => {
      const done = (r: Read): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiter = null;
        resolve(r);
      };
      const onAbort = (): void => done({ kind: 'closed', error: 'stopped' });
      const timer = setTimeout(() => done({ kind: 'timeout' }), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiter = done;
    });
  }

  detach(): void {
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('error');
    this.socket.removeAllListeners('close');
    // Errors after the hand-over are the TLS reader's business; never let one go unhandled.
    this.socket.on('error', () => undefined);
  }
}

function connectSocket(spec: PrefaceSpec): Promise<{ socket: Socket } | { error: string }> {
  return new Promise((resolve) => {
    const socket = connect({ host: spec.address, port: spec.port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ error: 'timeout' });
    }, spec.timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve({ socket });
    });
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ error: e.code ?? e.message });
    });
  });
}

const firstLine = (r: Reply): string => `${r.code} ${r.lines[0] ?? ''}`.trim();

export async function openPreface(spec: PrefaceSpec): Promise<Preface> {
  const fail = (outcome: Exclude<HelloOutcome, { kind: 'hello' }>): Preface => ({
    ok: false,
    outcome,
  });
  const c = await connectSocket(spec);
  if ('error' in c) {
    // A refused or timed-out connect mid-scan is a server (or its firewall) turning us away.
    return c.error === 'ECONNREFUSED' || c.error === 'timeout' || c.error === 'ECONNRESET'
      ? fail({
          kind: 'throttled',
          why: c.error === 'timeout' ? 'tarpit' : 'refused',
          detail: c.error,
        })
      : fail({ kind: 'error', detail: `connect: ${c.error}` });
  }
  const socket = c.socket;
  if (spec.tlsMode === 'implicit') return { ok: true, socket };
  const reader = new ReplyReader(socket);
  const close = (outcome: Exclude<HelloOutcome, { kind: 'hello' }>): Preface => {
    socket.destroy();
    return fail(outcome);
  };
  const banner = await reader.read(spec.timeoutMs, spec.signal);
  if (banner.kind === 'timeout')
    return close({ kind: 'throttled', why: 'tarpit', detail: 'no banner in time' });
  if (banner.kind === 'closed')
    return close({ kind: 'throttled', why: 'closed-before-banner', detail: banner.error ?? '' });
  // RFC 5321 §3.1: 554 instead of 220 refuses service; 421 (and other 4xx) says "come back later".
  if (banner.reply.code >= 400 && banner.reply.code < 500)
    return close({ kind: 'throttled', why: 'reply-421', detail: firstLine(banner.reply) });
  if (banner.reply.code !== 220)
    return close({ kind: 'error', detail: `banner ${firstLine(banner.reply)}` });
  if (!reader.send(`EHLO ${spec.ehloName}`))
    return close({ kind: 'error', detail: 'EHLO not allowed now' });
  const ehlo = await reader.read(spec.timeoutMs, spec.signal);
  if (ehlo.kind !== 'reply')
    return close({
      kind: 'error',
      detail: `EHLO: ${ehlo.kind === 'timeout' ? 'timeout' : 'closed'}`,
    });
  if (ehlo.reply.code === 421)
    return close({ kind: 'throttled', why: 'reply-421', detail: firstLine(ehlo.reply) });
  if (ehlo.reply.code !== 250)
    return close({ kind: 'error', detail: `EHLO ${firstLine(ehlo.reply)}` });
  // Decided on the received keyword (rawExtensions), not its escaped display form.
  if (!('STARTTLS' in parseEhlo(ehlo.reply).rawExtensions))
    return close({ kind: 'error', detail: 'STARTTLS not offered', code: 'not-offered' });
  if (!reader.send('STARTTLS')) return close({ kind: 'error', detail: 'STARTTLS not allowed now' });
  const ready = await reader.read(spec.timeoutMs, spec.signal);
  if (ready.kind !== 'reply')
    return close({
      kind: 'error',
      detail: `STARTTLS: ${ready.kind === 'timeout' ? 'timeout' : 'closed'}`,
    });
  if (ready.reply.code === 421)
    return close({ kind: 'throttled', why: 'reply-421', detail: firstLine(ready.reply) });
  if (ready.reply.code !== 220)
    return close({ kind: 'error', detail: `STARTTLS ${firstLine(ready.reply)}` });
  reader.detach();
  return { ok: true, socket };
}
