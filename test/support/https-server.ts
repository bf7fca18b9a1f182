// An HTTPS server on loopback for MTA-STS policy tests: one handler per Host name, any
// certificate, and the misbehaviours a policy host can have (redirects, 404, wrong type, size).
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type PolicyReply =
  | { kind: 'policy'; body: string | Buffer; contentType?: string }
  | { kind: 'status'; status: number; location?: string }
  | { kind: 'stall' };

export interface TestHttpsServer {
  port: number;
  /** For SMTPSCOPE_TEST_MTA_STS_ADDR. */
  addr: string;
  requests: { host: string; path: string }[];
  close(): Promise<void>;
}

export async function startHttpsServer(opts: {
  key: string;
  cert: string;
  /** By Host header (lowercase, no port). */
  replies: Record<string, PolicyReply>;
}): Promise<TestHttpsServer> {
  const requests: { host: string; path: string }[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer(
    { key: opts.key, cert: opts.cert },
    (req: IncomingMessage, res: ServerResponse) => {
      const host = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
      requests.push({ host, path: req.url ?? '' });
      const reply = opts.replies[host];
      if (!reply || req.url !== '/.well-known/mta-sts.txt') {
        res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found\n');
        return;
      }
      switch (reply.kind) {
        case 'policy':
          res.writeHead(200, { 'Content-Type': reply.contentType ?? 'text/plain' }).end(reply.body);
          return;
        case 'status':
          res.writeHead(reply.status, reply.location ? { Location: reply.location } : {}).end();
          return;
        case 'stall':
          return; // never answers: the client's deadline must end it
      }
    },
  );
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const a = server.address();
  const port = typeof a === 'object' && a ? a.port : 0;
  return {
    port,
    addr: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
