// A server whose UDP side says "truncated" and whose TCP side misbehaves: bytes one at a time,
// a length it never delivers, a reply to another query. Each ends in a value, in bounded time.
import type { Socket } from 'node:net';
import * as packet from 'dns-packet';
import { afterEach, describe, expect, it } from 'vitest';
import { createResolver } from '../../src/dns/resolver.js';
import { listenSamePort } from '../support/same-port.js';
import { grownHandles, handles } from './helpers.js';

type TcpBehaviour = (socket: Socket, query: packet.DecodedPacket, reply: Buffer) => void;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()));
});

function answerTo(q: packet.DecodedPacket, flags = 0): Buffer {
  return packet.encode({
    type: 'response',
    id: q.id,
    flags: packet.RECURSION_AVAILABLE | flags,
    questions: q.questions,
    answers: flags === 0 ? [{ name: 'mx.lab.test', type: 'A', ttl: 60, data: '192.0.2.80' }] : [],
  });
}

async function hostile(tcpSide: TcpBehaviour): Promise<number> {
  const sockets = new Set<Socket>();
  const pair = await listenSamePort(
    (udp, msg, from) => {
      const q = packet.decode(msg);
      udp.send(answerTo(q, packet.TRUNCATED_RESPONSE), from.port, from.address);
    },
    (socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
      socket.once('data', (data: Buffer) => {
        const q = packet.decode(data.subarray(2));
        const body = answerTo(q);
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(body.length);
        tcpSide(socket, q, Buffer.concat([prefix, body]));
      });
    },
  );
  closers.push(async () => {
    for (const s of sockets) s.destroy();
    await pair.close();
  });
  return pair.port;
}

const resolverAt = (port: number) =>
  createResolver({
    servers: [{ host: '127.0.0.1', port }],
    timeoutMs: 300,
    tries: 1,
    cacheSize: 0,
  });

describe('hostile TCP answers after TC', () => {
  it('a reply trickled one byte at a time is still read', async () => {
    const port = await hostile((socket, _q, reply) => {
      let i = 0;
      const next = (): void => {
        if (i >= reply.length || socket.destroyed) return;
        socket.write(reply.subarray(i, ++i), () => setTimeout(next, 1));
      };
      next();
    });
    expect(await resolverAt(port).query('mx.lab.test', 'A')).toMatchObject({
      kind: 'answer',
      answers: [{ address: '192.0.2.80' }],
    });
  });

  it('a length that is never delivered ends at the timeout, the connection closed', async () => {
    const port = await hostile((socket) => socket.write(Buffer.from([0xff, 0xff, 1, 2, 3])));
    const before = await handles();
    const t0 = performance.now();
    expect(await resolverAt(port).query('mx.lab.test', 'A')).toEqual({ kind: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(300 * 2 + 300);
    expect(await grownHandles(before)).toEqual([]);
  });

  it('a TCP reply with another id, or a closed connection, is no answer', async () => {
    const wrongId = await hostile((socket, _q, reply) => {
      reply.writeUInt16BE((reply.readUInt16BE(2) + 1) & 0xffff, 2);
      socket.write(reply);
    });
    expect(await resolverAt(wrongId).query('mx.lab.test', 'A')).toMatchObject({
      kind: 'malformed',
      message: expect.stringContaining('not ours'),
    });
    const hangUp = await hostile((socket) => socket.end());
    expect(await resolverAt(hangUp).query('mx.lab.test', 'A')).toEqual({ kind: 'timeout' });
  });
});
