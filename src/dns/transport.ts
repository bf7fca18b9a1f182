// One query to one server over UDP (RFC 1035 §4.2.1) or TCP with its 2-byte length prefix
// (RFC 1035 §4.2.2, RFC 7766). Each exchange owns one socket and one timer and releases both on
// every way out: reply, timeout, error or abort.
import { createSocket } from 'node:dgram';
import { connect } from 'node:net';
import { ipFamily } from '../smtp/ip-literal.js';
import type { DecodedPacket } from 'dns-packet';
import type { DnsServer } from './types.js';
import { receive } from './wire.js';
import type { OutgoingQuery } from './wire.js';

export type Exchange =
  | { kind: 'reply'; packet: DecodedPacket }
  | { kind: 'truncated' }
  | { kind: 'malformed'; message: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  /** No DNS server there (ICMP port unreachable, TCP refused or reset). */
  | { kind: 'unreachable'; message: string };

export type Transport = 'udp' | 'tcp';

function errorWords(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return (e.code ?? (err instanceof Error ? err.message : String(err))).slice(0, 120);
}

/** Runs `start` with settle-once semantics, a timer and an abort listener, all cleaned up. */
function exchange(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  start: (finish: (e: Exchange) => void) => () => void,
): Promise<Exchange> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve({ kind: 'aborted' });
      return;
    }
    let settled = false;
    let release: () => void = () => undefined;
    const finish = (e: Exchange): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      release();
      resolve(e);
    };
    const onAbort = (): void => finish({ kind: 'aborted' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), Math.max(1, timeoutMs));
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      release = start(finish);
    } catch (err: unknown) {
      // Socket set-up throws only on bad arguments; the caller still gets a value.
      finish({ kind: 'unreachable', message: errorWords(err) });
    }
    if (settled) release();
  });
}

export function udpExchange(
  server: DnsServer,
  query: OutgoingQuery,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Exchange> {
  return exchange(timeoutMs, signal, (finish) => {
    const v6 = ipFamily(server.host.replace(/%.*$/, '')) === 6;
    // An ephemeral bind: the kernel picks a random source port (RFC 6056), the other half of
    // RFC 5452's defence next to the random id.
    const socket = createSocket(v6 ? 'udp6' : 'udp4');
    let closed = false;
    socket.on('error', (err) => finish({ kind: 'unreachable', message: errorWords(err) }));
    socket.on('message', (msg) => {
      const r = receive(msg, query);
      switch (r.kind) {
        case 'ignore':
          return; // not our reply: keep waiting (RFC 5452 §9.1)
        case 'malformed':
        case 'truncated':
        case 'reply':
          finish(r);
          return;
      }
    });
    // connect() makes the kernel drop datagrams from any other address and port.
    socket.connect(server.port, server.host, () => {
      if (closed) return;
      socket.send(query.bytes, (err) => {
        if (err) finish({ kind: 'unreachable', message: errorWords(err) });
      });
    });
    return () => {
      closed = true;
      try {
        socket.close();
      } catch {
        // already closed
      }
    };
  });
}

export function tcpExchange(
  server: DnsServer,
  query: OutgoingQuery,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<Exchange> {
  return exchange(timeoutMs, signal, (finish) => {
    const socket = connect({ host: server.host, port: server.port });
    socket.setNoDelay(true);
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.bytes.length);
    socket.write(Buffer.concat([prefix, query.bytes]));
    const chunks: Buffer[] = [];
    let have = 0;
    let length: number | undefined;
    socket.on('data', (chunk: Buffer) => {
      // Bounded: one message of at most 2 + 65535 bytes is kept, copied once when complete
      // (a server trickling bytes costs no quadratic copying); then the connection is closed.
      chunks.push(chunk);
      have += chunk.length;
      if (length === undefined) {
        if (have < 2) return;
        const all = Buffer.concat(chunks);
        chunks.splice(0, chunks.length, all);
        length = all.readUInt16BE(0);
      }
      if (have < 2 + length) return;
      const r = receive(Buffer.concat(chunks).subarray(2, 2 + length), query);
      switch (r.kind) {
        case 'reply':
        case 'malformed':
          finish(r);
          return;
        case 'ignore':
          // One query per connection: anything else on it is a broken server, not a forger.
          finish({ kind: 'malformed', message: `the TCP reply is not ours (${r.why})` });
          return;
        case 'truncated':
          finish({ kind: 'malformed', message: 'the TCP reply is truncated too' });
          return;
      }
    });
    socket.on('error', (err) => finish({ kind: 'unreachable', message: errorWords(err) }));
    socket.on('close', () =>
      finish({ kind: 'unreachable', message: 'the connection closed before the reply' }),
    );
    return () => socket.destroy();
  });
}
