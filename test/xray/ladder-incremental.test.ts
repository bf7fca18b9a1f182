// The ladder is built after the handshake and continued after later stages (the engine's
// flushHandshake): continuing a build must give exactly what one build of all the bytes gives,
// wherever the earlier build stopped. Bytes recorded from a real TLS 1.3 session on loopback.
import { once } from 'node:events';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { connect as tlsConnect, createServer, type TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { buildLadder, ladderBuilder } from '../../src/tls/ladder.js';
import { HandshakeTap } from '../../src/tls/tap.js';
import { getTestPki } from '../support/pki.js';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

/** One TLS session through a tap: handshake, both tickets, one line each way, close. */
async function recorded(maxVersion: 'TLSv1.2' | 'TLSv1.3'): Promise<HandshakeTap> {
  const c = getTestPki().cases.valid;
  const server = createServer({ key: c.keyPem, cert: c.chainPem, maxVersion }, (s) => {
    s.once('data', () => s.end('250 ok\r\n'));
    s.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  closers.push(() => server.close());
  const tcp = connect((server.address() as AddressInfo).port, '127.0.0.1');
  await once(tcp, 'connect');
  const tap = new HandshakeTap(tcp);
  const tls: TLSSocket = tlsConnect({
    socket: tap.duplex as unknown as Socket,
    servername: 'mx.lab.test',
    rejectUnauthorized: false,
  });
  tls.on('keylog', (line: Buffer) => tap.keylog(line));
  closers.push(() => tls.destroy());
  await once(tls, 'secureConnect');
  tap.secured();
  if (maxVersion === 'TLSv1.3') await once(tls, 'session');
  tls.write('EHLO client\r\n');
  await once(tls, 'data');
  tls.end();
  await once(tls, 'close');
  return tap;
}

describe('a ladder continued is the ladder built in one go', () => {
  for (const version of ['TLSv1.3', 'TLSv1.2'] as const)
    it(`${version}: at every point the first build could have stopped`, async () => {
      const tap = await recorded(version);
      const chunks = tap.chunks;
      const whole = buildLadder(chunks, tap.secrets());
      expect(whole.steps.length).toBeGreaterThan(4);
      for (let k = 0; k <= chunks.length; k++) {
        const builder = ladderBuilder(tap.secrets());
        const first = builder.feed(chunks.slice(0, k));
        expect(builder.feed(chunks)).toEqual(whole);
        // The first result is a snapshot: continuing did not change it.
        expect(first.steps.length).toBeLessThanOrEqual(whole.steps.length);
        expect(first).toEqual(buildLadder(chunks.slice(0, k), tap.secrets()));
      }
      // And chunk by chunk.
      const builder = ladderBuilder(tap.secrets());
      let last = builder.feed([]);
      for (let k = 1; k <= chunks.length; k++) last = builder.feed(chunks.slice(0, k));
      expect(last).toEqual(whole);
    });
});
