// Loopback helpers for the tlswire tests: a throwaway self-signed certificate, a node:tls server
// on 127.0.0.1, and a TCP forwarder between a node:tls client and that server that records every
// byte each way, so the tests parse what real OpenSSL-backed peers put on the wire.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import {
  type AddressInfo,
  type Socket,
  connect as netConnect,
  createServer as netServer,
} from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ConnectionOptions,
  type TlsOptions,
  connect as tlsConnect,
  createServer as tlsServer,
} from 'node:tls';

export interface TestCert {
  readonly key: string;
  readonly cert: string;
}

/** A P-256 self-signed certificate for CN=x, made by the openssl CLI in a temporary folder. */
export function makeCert(): TestCert {
  const dir = mkdtempSync(join(tmpdir(), 'tlswire-cert-'));
  try {
    const key = join(dir, 'k.pem');
    const cert = join(dir, 'c.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-subj',
        '/CN=x',
        '-days',
        '2',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface RunningServer {
  readonly port: number;
  close(): Promise<void>;
}

/** A node:tls server on 127.0.0.1 that answers every connection's handshake and nothing else. */
export async function startTlsServer(options: TlsOptions): Promise<RunningServer> {
  const server = tlsServer(options, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TappedHandshake {
  readonly clientToServer: Uint8Array;
  readonly serverToClient: Uint8Array;
  /** The DER the client's TLSSocket reports for the server certificate, if the handshake finished. */
  readonly peerCertificate: Uint8Array | null;
  readonly clientError: Error | null;
}

function concat(chunks: Buffer[]): Uint8Array {
  return new Uint8Array(Buffer.concat(chunks));
}

/**
 * Runs one handshake between a node:tls client and server through a recording forwarder and
 * returns both byte streams. Resolves once the client has connected or failed and the forwarder
 * has gone quiet for a moment (what the client saw was recorded before it was forwarded).
 */
export async function tapHandshake(
  serverOptions: TlsOptions,
  clientOptions: ConnectionOptions,
): Promise<TappedHandshake> {
  const server = await startTlsServer(serverOptions);
  const up: Buffer[] = [];
  const down: Buffer[] = [];
  const open = new Set<Socket>();
  const forwarder = netServer((client) => {
    const upstream = netConnect(server.port, '127.0.0.1');
    open.add(client).add(upstream);
    client.on('data', (d: Buffer) => {
      up.push(d);
      upstream.write(d);
    });
    upstream.on('data', (d: Buffer) => {
      down.push(d);
      client.write(d);
    });
    const endBoth = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', endBoth).on('error', endBoth);
    upstream.on('close', endBoth).on('error', endBoth);
  });
  await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  const port = (forwarder.address() as AddressInfo).port;
  try {
    const outcome = await new Promise<{ cert: Uint8Array | null; error: Error | null }>(
      (resolve) => {
        const socket = tlsConnect({
          host: '127.0.0.1',
          port,
          rejectUnauthorized: false,
          ...clientOptions,
        });
        const timer = setTimeout(() => {
          socket.destroy();
          resolve({ cert: null, error: new Error('handshake timed out') });
        }, 10_000);
        socket.once('secureConnect', () => {
          clearTimeout(timer);
          const raw = socket.getPeerCertificate(true).raw;
          socket.end();
          resolve({ cert: new Uint8Array(raw), error: null });
        });
        socket.once('error', (error) => {
          clearTimeout(timer);
          resolve({ cert: null, error });
        });
      },
    );
    await new Promise((r) => setTimeout(r, 50));
    return {
      clientToServer: concat(up),
      serverToClient: concat(down),
      peerCertificate: outcome.cert,
      clientError: outcome.error,
    };
  } finally {
    for (const s of open) s.destroy();
    await new Promise<void>((resolve) => forwarder.close(() => resolve()));
    await server.close();
  }
}

/**
 * Writes `hello` to the server on a raw TCP socket and collects what comes back until `done`
 * says enough, the server closes, or 5 s pass.
 */
export async function sendRaw(
  port: number,
  hello: Uint8Array,
  done: (received: Uint8Array) => boolean,
): Promise<Uint8Array> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = netConnect(port, '127.0.0.1', () => socket.write(hello));
    const finish = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(concat(chunks));
    };
    const timer = setTimeout(finish, 5_000);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (done(concat(chunks))) finish();
    });
    socket.on('close', finish).on('error', finish);
  });
}
