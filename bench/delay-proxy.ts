// A loopback TCP proxy that delays every chunk by `oneWayMs` in each direction: a stand-in for
// `tc netem` where the kernel has no sch_netem. Data round trips cost 2 × oneWayMs; the TCP
// handshake to the proxy itself is not delayed (see the README's method notes).
import { spawnSync } from 'node:child_process';
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

/**
 * Why `tc netem` in a network namespace cannot be used here, or null when it can: tried in a
 * throwaway namespace, so the machine's own loopback is never touched.
 */
export function netemUnavailable(): string | null {
  const ns = `smtpscope-bench-${process.pid}`;
  const run = (args: string[]): { ok: boolean; err: string } => {
    const r = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8' });
    return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
  };
  const add = run(['ip', 'netns', 'add', ns]);
  if (!add.ok) return `ip netns add failed: ${add.err || 'not permitted'}`;
  try {
    const q = run(['ip', 'netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', 'lo', 'root', 'netem']);
    return q.ok ? null : `tc netem failed: ${q.err}`;
  } finally {
    run(['ip', 'netns', 'del', ns]);
  }
}
