// A loopback TCP proxy that delays every chunk by `oneWayMs` in each direction: a stand-in for
// `tc netem` where the kernel has no sch_netem. Data round trips cost 2 × oneWayMs; the TCP
// handshake to the proxy itself is not delayed (see the README's method notes).
import { connect, createServer } from 'node:net';
import type { Server, Socket } from 'node:net';

export function startDelayProxy(
  targetPort: number,
  oneWayMs: number,
): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const track = (s: Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  };
  const pipeDelayed = (from: Socket, to: Socket): void => {
    from.on('data', (d: Buffer) => {
      setTimeout(() => {
        if (!to.destroyed) to.write(d);
      }, oneWayMs);
    });
    from.on('end', () => setTimeout(() => to.end(), oneWayMs));
  };
  const server: Server = createServer((client) => {
    track(client);
    client.setNoDelay(true);
    const upstream = connect({ host: '127.0.0.1', port: targetPort });
    upstream.setNoDelay(true);
    track(upstream);
    pipeDelayed(client, upstream);
    pipeDelayed(upstream, client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => setTimeout(() => client.destroy(), oneWayMs));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const a = server.address();
      resolve({
        port: typeof a === 'object' && a ? a.port : 0,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
