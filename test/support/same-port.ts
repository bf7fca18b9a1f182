// A DNS test server listens on UDP and TCP with one port number (resolvers retry over TCP on the
// server's port, RFC 7766 §5). Port 0 picks a free UDP port; the TCP side must then get the same
// number, which another process's connection may hold (EADDRINUSE): so a few tries.
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server, type Socket } from 'node:net';

export interface SamePort {
  readonly port: number;
  readonly udp: UdpSocket;
  readonly tcp: Server;
  close(): Promise<void>;
}

export async function listenSamePort(
  onUdp: (udp: UdpSocket, msg: Buffer, from: RemoteInfo) => void,
  onTcp: (socket: Socket) => void,
  tries = 8,
): Promise<SamePort> {
  let lastError: unknown;
  for (let attempt = 0; attempt < tries; attempt++) {
    const udp = createSocket('udp4');
    udp.on('message', (msg, from) => onUdp(udp, msg, from));
    await new Promise<void>((resolve) => udp.bind(0, '127.0.0.1', resolve));
    const port = udp.address().port;
    const tcp = createServer(onTcp);
    try {
      await new Promise<void>((resolve, reject) => {
        tcp.once('error', reject);
        tcp.listen(port, '127.0.0.1', () => resolve());
      });
    } catch (err: unknown) {
      lastError = err;
      udp.close();
      continue;
    }
    const close = async (): Promise<void> => {
      await Promise.all([
        new Promise<void>((resolve) => udp.close(() => resolve())),
        new Promise<void>((resolve) => tcp.close(() => resolve())),
      ]);
    };
    return { port, udp, tcp, close };
  }
  throw new Error(`cannot listen on one UDP and TCP port: ${String(lastError)}`);
}
