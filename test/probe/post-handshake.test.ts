// The first command inside TLS waits for a TLS 1.3 session ticket, and only for that (issue
// #16). Asserted as an order of events, never as a duration.
import { EventEmitter } from 'node:events';
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { connect as tlsConnect, createServer as createTlsServer } from 'node:tls';
import type { SecureVersion, TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { afterHandshake, ticketCapMs } from '../../src/probe/post-handshake.js';
import type { TicketSource } from '../../src/probe/post-handshake.js';
import { getTestPki } from '../support/pki.js';

/** A TLSSocket as far as the wait sees it. */
class FakeSocket extends EventEmitter {
  ticket: Buffer | undefined = undefined;
  constructor(private readonly protocol: string) {
    super();
  }
  getProtocol(): string {
    return this.protocol;
  }
  getTLSTicket(): Buffer | undefined {
    return this.ticket;
  }
  deliverTicket(): void {
    this.ticket = Buffer.from('ticket');
    this.emit('session', Buffer.from('session'));
  }
}
const fake = (protocol: string): FakeSocket & TicketSource =>
  new FakeSocket(protocol) as FakeSocket & TicketSource;

const later = (ms: number, f: () => void): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(() => {
      f();
      resolve();
    }, ms),
  );

describe('afterHandshake (a fake socket)', () => {
  it('on TLS 1.3 resolves only after the ticket arrived', async () => {
    const s = fake('TLSv1.3');
    const events: string[] = [];
    // A 20 ms handshake gives a 30 ms cap; the ticket comes at 10 ms.
    const wait = afterHandshake(s, 20).then((why) => events.push(`resolved:${why}`));
    await later(10, () => {
      events.push('ticket');
      s.deliverTicket();
    });
    await wait;
    expect(events).toEqual(['ticket', 'resolved:ticket']);
    expect(s.listenerCount('session')).toBe(0);
  });

  it('does not wait when the ticket is already in', async () => {
    const s = fake('TLSv1.3');
    s.ticket = Buffer.from('ticket');
    expect(await afterHandshake(s, 1000)).toBe('ticket');
    expect(s.listenerCount('session')).toBe(0);
  });

  it('on TLS 1.2 does not wait for a session event', async () => {
    const s = fake('TLSv1.2');
    const events: string[] = [];
    const wait = afterHandshake(s, 1000).then((why) => events.push(`resolved:${why}`));
    const ticket = later(20, () => events.push('ticket'));
    await Promise.all([wait, ticket]);
    expect(events).toEqual(['resolved:not-tls13', 'ticket']);
    expect(s.listenerCount('session')).toBe(0);
  });

  it('gives up on a TLS 1.3 ticket that never comes, at the cap', async () => {
    const s = fake('TLSv1.3');
    const events: string[] = [];
    // A 2 ms handshake: the 5 ms floor; the session budget can only shorten it.
    const wait = afterHandshake(s, 2).then((why) => events.push(`resolved:${why}`));
    const ticket = later(60, () => events.push('late ticket'));
    await Promise.all([wait, ticket]);
    expect(events).toEqual(['resolved:cap', 'late ticket']);
    expect(s.listenerCount('session')).toBe(0);
  });

  it('caps the wait by the handshake time, 5 ms to 1 s, and by the time left', () => {
    expect(ticketCapMs(1)).toBe(5);
    expect(ticketCapMs(40)).toBe(60);
    expect(ticketCapMs(5000)).toBe(1000);
    expect(ticketCapMs(40, 12)).toBe(12);
    expect(ticketCapMs(40, -3)).toBe(0);
  });
});

// A real TLS server on loopback (Node's: TLS 1.3 tickets on, Nagle on), reached through a relay
// that holds every server→client chunk for DELAY_MS. The ticket then arrives DELAY_MS after
// secureConnect: a client that wrote at once (one event-loop turn, the old behaviour) would
// write before it, every time.
const DELAY_MS = 40;
const closers: (() => void)[] = [];
afterEach(() => {
  for (const close of closers.splice(0)) close();
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  const a = server.address();
  return typeof a === 'object' && a ? a.port : 0;
}

async function slowTicketPath(maxVersion: SecureVersion): Promise<number> {
  const c = getTestPki().cases.valid;
  const sockets: Socket[] = [];
  closers.push(() => sockets.forEach((s) => s.destroy()));
  const tlsServer = createTlsServer({ key: c.keyPem, cert: c.chainPem, maxVersion }, (s) => {
    sockets.push(s);
    s.on('error', () => undefined);
  });
  const tlsPort = await listen(tlsServer);
  const relay = createServer((client) => {
    const up = connect(tlsPort, '127.0.0.1');
    sockets.push(client, up);
    client.on('error', () => undefined);
    up.on('error', () => undefined);
    client.on('data', (d: Buffer) => up.write(d));
    up.on('data', (d: Buffer) =>
      setTimeout(() => {
        if (!client.destroyed) client.write(d);
      }, DELAY_MS),
    );
  });
  return listen(relay);
}

function handshake(port: number): Promise<{ socket: TLSSocket; ms: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ca: [] });
    closers.push(() => socket.destroy());
    socket.once('error', reject);
    socket.once('secureConnect', () => resolve({ socket, ms: performance.now() - t0 }));
  });
}

describe('afterHandshake (a loopback TLS server whose ticket comes late)', () => {
  it('on TLS 1.3 resolves after the ticket, not before', async () => {
    const { socket, ms } = await handshake(await slowTicketPath('TLSv1.3'));
    expect(socket.getProtocol()).toBe('TLSv1.3');
    const events: string[] = [];
    socket.on('session', () => events.push('session'));
    expect(socket.getTLSTicket()).toBeUndefined(); // the ticket is still in the relay
    const why = await afterHandshake(socket, ms);
    events.push(`resolved:${why}`);
    expect(socket.getTLSTicket()).toBeDefined();
    expect(events[0]).toBe('session');
    expect(events).toContain('resolved:ticket');
  });

  it('on TLS 1.2 resolves without a session event to wait for', async () => {
    const { socket, ms } = await handshake(await slowTicketPath('TLSv1.2'));
    expect(socket.getProtocol()).toBe('TLSv1.2');
    expect(await afterHandshake(socket, ms)).toBe('not-tls13');
  });
});
