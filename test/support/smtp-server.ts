// A scriptable SMTP/TLS test server on node:net/node:tls, loopback only: STARTTLS or implicit
// TLS, any certificate chain, chosen replies, and misbehaving modes (see hostile.ts).
import { constants } from 'node:crypto';
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { createSecureContext, createServer as createTlsServer, TLSSocket } from 'node:tls';
import type { SecureContext, SecureVersion } from 'node:tls';
import { runHostile } from './hostile.js';
import type { HostileContext, HostileMode } from './hostile.js';
import { submissionEhlo, submissionSession } from './submission-server.js';
import type { SubmissionLog, SubmissionMode } from './submission-server.js';

export type { HostileMode } from './hostile.js';

export interface TestTlsOptions {
  key: string;
  /** The chain the server presents (leaf first). */
  cert: string;
  minVersion?: SecureVersion;
  maxVersion?: SecureVersion;
  ciphers?: string;
  /** Groups the server accepts (OpenSSL names, e.g. "X25519:P-256"). */
  ecdhCurve?: string;
  ocspResponse?: Buffer;
  /** Finite-field DH parameters (PEM) for DHE suites. */
  dhparam?: string;
  /** Server signature algorithms, e.g. 'rsa_pss_rsae_sha384' (the TLS 1.3 CertificateVerify). */
  sigalgs?: string;
  /** Choose by the server's own cipher order (SSL_OP_CIPHER_SERVER_PREFERENCE). */
  serverOrder?: boolean;
}

export interface TestServerOptions {
  host?: string;
  /** Listen on this port (default: any free one); domain tests put MX hosts on one port. */
  port?: number;
  hostname?: string;
  banner?: string[];
  ehlo?: string[];
  ehloAfterTls?: string[];
  starttls?: boolean;
  starttlsReply?: string;
  ehloRefused?: boolean;
  tls?: TestTlsOptions;
  implicitTls?: boolean;
  hostile?: HostileMode;
  onCommand?: (line: string, session: { tls: boolean }) => string[] | undefined;
  /** AUTH / MAIL / RCPT / DATA / BDAT as a submission server (submission-server.ts). */
  submission?: SubmissionMode;
  /** Extra EHLO keywords in submission mode (e.g. REQUIRETLS). */
  submissionEhloExtra?: string[];
}

export interface TestServer {
  host: string;
  port: number;
  /** Client lines in order, all connections. */
  received: string[];
  connections: number;
  /** Submission mode: the messages and AUTH lines received. */
  log: SubmissionLog;
  close(): Promise<void>;
}

export interface Conn {
  socket: Socket;
  /** The TCP socket under any TLS (a reset has to come from it). */
  raw: Socket;
  tls: boolean;
  write(lines: string[]): void;
  upgrade(): TLSSocket;
  /** Stop SMTP handling on this connection (a hostile mode takes the raw bytes over). */
  detach(): void;
}

function defaultEhlo(name: string, starttls: boolean): string[] {
  const ext = [
    'PIPELINING',
    'SIZE 10240000',
    ...(starttls ? ['STARTTLS'] : []),
    'ENHANCEDSTATUSCODES',
    '8BITMIME',
    'SMTPUTF8',
  ];
  return [name, ...ext].map((l, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${l}`);
}

function defaultEhloTls(name: string): string[] {
  const ext = [
    'PIPELINING',
    'SIZE 10240000',
    'ENHANCEDSTATUSCODES',
    '8BITMIME',
    'SMTPUTF8',
    'AUTH PLAIN LOGIN',
  ];
  return [name, ...ext].map((l, i, all) => `250${i === all.length - 1 ? ' ' : '-'}${l}`);
}

export function secureContextFor(tls: TestTlsOptions): SecureContext {
  return createSecureContext({
    key: tls.key,
    cert: tls.cert,
    // Weak test certificates (RSA-1024, SHA-1) are refused at OpenSSL's default level 2.
    ciphers: tls.ciphers ?? 'DEFAULT@SECLEVEL=0',
    ...(tls.ecdhCurve ? { ecdhCurve: tls.ecdhCurve } : {}),
    ...(tls.minVersion ? { minVersion: tls.minVersion } : { minVersion: 'TLSv1' }),
    ...(tls.maxVersion ? { maxVersion: tls.maxVersion } : {}),
    ...(tls.dhparam ? { dhparam: tls.dhparam } : {}),
    ...(tls.sigalgs ? { sigalgs: tls.sigalgs } : {}),
    ...(tls.serverOrder ? { secureOptions: constants.SSL_OP_CIPHER_SERVER_PREFERENCE } : {}),
  });
}

export function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const host = opts.host ?? '127.0.0.1';
  const name = opts.hostname ?? 'mx.lab.test';
  const starttls = opts.starttls ?? opts.tls !== undefined;
  const ctx = opts.tls ? secureContextFor(opts.tls) : null;
  const sockets = new Set<Socket>();
  const state = { received: [] as string[], connections: 0 };
  const log: SubmissionLog = { messages: [], authLines: [] };
  const hostileCtx: HostileContext = { tlsPort: null };
  // stall-after-serverhello needs a real TLS responder to take a ServerHello from.
  const upstream =
    opts.hostile === 'stall-after-serverhello' && ctx
      ? createTlsServer(
          { key: opts.tls?.key, cert: opts.tls?.cert, ciphers: 'DEFAULT@SECLEVEL=0' },
          (s) => s.on('error', () => undefined),
        )
      : null;
  upstream?.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  const serve = (raw: Socket): void => {
    state.connections += 1;
    sockets.add(raw);
    raw.on('close', () => sockets.delete(raw));
    raw.on('error', () => undefined);
    let socket: Socket = raw;
    let buf = '';
    const sub = opts.submission ? submissionSession(opts.submission, log) : null;
    const conn: Conn = {
      socket: raw,
      raw,
      tls: false,
      write: (lines) => {
        if (!socket.destroyed) socket.write(lines.map((l) => `${l}\r\n`).join(''));
      },
      detach: () => {
        raw.removeListener('data', onData);
        buf = '';
      },
      upgrade: () => {
        raw.removeListener('data', onData);
        buf = ''; // RFC 3207 §4.2: discard anything pipelined before TLS
        const t = new TLSSocket(raw, {
          isServer: true,
          ...(ctx ? { secureContext: ctx } : {}),
          ...(opts.tls?.ocspResponse ? { requestOCSP: true } : {}),
        });
        if (opts.tls?.ocspResponse) {
          const ocsp = opts.tls.ocspResponse;
          t.on('OCSPRequest', (_c: Buffer, _i: Buffer, cb: (e: Error | null, r?: Buffer) => void) =>
            cb(null, ocsp),
          );
        }
        t.on('error', () => undefined);
        t.on('data', onData);
        sockets.add(t);
        t.on('close', () => sockets.delete(t));
        socket = t;
        conn.socket = t;
        conn.tls = true;
        return t;
      },
    };
    const handle = (line: string): void => {
      state.received.push(line);
      if (opts.hostile && runHostile(opts.hostile, 'command', conn, line, hostileCtx)) return;
      const custom = opts.onCommand?.(line, { tls: conn.tls });
      if (custom) return conn.write(custom);
      if (sub && sub(line, conn)) return;
      const verb = line.split(' ')[0]?.toUpperCase() ?? '';
      switch (verb) {
        case 'EHLO':
          if (opts.ehloRefused) return conn.write(['502 5.5.2 Error: command not recognized']);
          if (opts.submission && !opts.ehlo)
            return conn.write(
              submissionEhlo(name, conn.tls, starttls, opts.submission, opts.submissionEhloExtra),
            );
          return conn.write(
            conn.tls
              ? (opts.ehloAfterTls ?? defaultEhloTls(name))
              : (opts.ehlo ?? defaultEhlo(name, starttls)),
          );
        case 'HELO':
          return conn.write([`250 ${name}`]);
        case 'STARTTLS':
          if (!starttls || conn.tls || !ctx)
            return conn.write(['502 5.5.1 Error: command not implemented']);
          conn.write([opts.starttlsReply ?? '220 2.0.0 Ready to start TLS']);
          if ((opts.starttlsReply ?? '220').startsWith('220')) conn.upgrade();
          return;
        case 'NOOP':
        case 'RSET':
        case 'MAIL':
        case 'RCPT':
          return conn.write(['250 2.0.0 Ok']);
        case 'HELP':
          return conn.write(['214 2.0.0 See RFC 5321']);
        case 'QUIT':
          conn.write(['221 2.0.0 Bye']);
          socket.end();
          return;
        default:
          return conn.write(['502 5.5.2 Error: command not recognized']);
      }
    };
    function onData(chunk: Buffer): void {
      buf += chunk.toString('latin1');
      // Bounded: a client line longer than 64 KiB closes the connection.
      if (buf.length > 65536) return void socket.destroy();
      for (let i = buf.indexOf('\r\n'); i >= 0; i = buf.indexOf('\r\n')) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        handle(line);
      }
    }
    const greet = (): void => {
      if (opts.hostile && runHostile(opts.hostile, 'greet', conn, '', hostileCtx)) return;
      conn.write(opts.banner ?? [`220 ${name} ESMTP smtpscope-test`]);
    };
    if (opts.implicitTls) {
      const t = conn.upgrade();
      t.once('secure', greet);
    } else {
      raw.on('data', onData);
      greet();
    }
  };

  const server: Server = createServer(serve);
  const upstreamReady = upstream
    ? new Promise<void>((ok) =>
        upstream.listen(0, '127.0.0.1', () => {
          const a = upstream.address();
          hostileCtx.tlsPort = typeof a === 'object' && a ? a.port : null;
          ok();
        }),
      )
    : Promise.resolve();
  return upstreamReady.then(
    () =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, host, () => {
          const addr = server.address();
          const port = typeof addr === 'object' && addr ? addr.port : 0;
          resolve({
            host,
            port,
            received: state.received,
            log,
            get connections() {
              return state.connections;
            },
            close: () =>
              new Promise<void>((done) => {
                for (const s of sockets) s.destroy();
                upstream?.close();
                server.close(() => done());
              }),
          });
        });
      }),
  );
}
