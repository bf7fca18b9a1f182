// A packet-level delay path for the bench (issue #16): two network namespaces this bench makes,
// joined by two TUN devices and a userspace forwarder (bench/netpath-forwarder.py) that delays
// every IP packet — SYN, ACK and data alike — in both directions. Unlike a TCP chunk proxy
// (bench/delay-proxy.ts), the TCP connect costs its round trip and both ends' Nagle and
// delayed-ACK timers act as on a real link. Addresses (169.254.77.1 and .2) exist only inside
// the two namespaces; both are deleted, and the forwarder stopped, by close().
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface NetPath {
  clientNs: string;
  serverNs: string;
  clientAddress: string;
  serverAddress: string;
  /** Set the one-way delay for packets from now on. */
  setDelay(oneWayMs: number): Promise<void>;
  /** A command line that runs `cmd` in the client namespace. */
  inClient(cmd: string, args: string[]): [string, string[]];
  close(): void;
}

const FORWARDER = fileURLToPath(new URL('./netpath-forwarder.py', import.meta.url));
const run = (args: string[]): { ok: boolean; err: string } => {
  const r = spawnSync(args[0] as string, args.slice(1), { encoding: 'utf8', timeout: 10_000 });
  return { ok: r.status === 0, err: (r.stderr || r.error?.message || '').trim() };
};

/** Build the path, or say why it cannot be built here. The forwarder exits after maxSeconds. */
export async function startNetPath(maxSeconds: number): Promise<NetPath | string> {
  const tag = `${process.pid % 100_000}`;
  const clientNs = `smtpscope-c${tag}`;
  const serverNs = `smtpscope-s${tag}`;
  const [devC, devS] = [`sscope-c${tag}`, `sscope-s${tag}`];
  const [clientAddress, serverAddress] = ['169.254.77.1', '169.254.77.2'];
  if (run(['python3', '-c', 'import fcntl']).ok === false)
    return 'python3 is missing (the forwarder needs ioctl, which Node lacks)';
  const made: string[] = [];
  let forwarder: ChildProcess | null = null;
  const close = (): void => {
    if (forwarder && forwarder.exitCode === null) {
      forwarder.stdin?.end();
      forwarder.kill('SIGTERM');
    }
    for (const ns of made.splice(0)) run(['ip', 'netns', 'del', ns]);
  };
  try {
    for (const ns of [clientNs, serverNs]) {
      const add = run(['ip', 'netns', 'add', ns]);
      if (!add.ok) throw new Error(`ip netns add: ${add.err || 'not permitted'}`);
      made.push(ns);
    }
    // The forwarder lives in the client namespace: the host's own network is never touched.
    const child = spawn(
      'ip',
      ['netns', 'exec', clientNs, 'python3', FORWARDER, devC, devS, String(maxSeconds)],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    forwarder = child;
    const lines: string[] = [];
    const waiters: (() => void)[] = [];
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const wake = (): void => {
      for (const w of waiters.splice(0)) w();
    };
    child.stdout?.on('data', (d: Buffer) => {
      lines.push(...d.toString().split('\n').filter(Boolean));
      wake();
    });
    child.once('exit', wake);
    const nextLine = (ms: number): Promise<string> =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`forwarder: no answer (${stderr})`)), ms);
        const check = (): void => {
          const l = lines.shift();
          if (l !== undefined) {
            clearTimeout(t);
            resolve(l);
          } else if (child.exitCode !== null) {
            clearTimeout(t);
            reject(new Error(`forwarder exited: ${stderr.trim().split('\n').pop() ?? ''}`));
          } else waiters.push(check);
        };
        check();
      });
    if ((await nextLine(5000)) !== 'ready') throw new Error('forwarder did not start');
    const steps: string[][] = [
      ['ip', '-n', clientNs, 'link', 'set', devS, 'netns', serverNs],
      ['ip', '-n', clientNs, 'link', 'set', 'lo', 'up'],
      ['ip', '-n', serverNs, 'link', 'set', 'lo', 'up'],
      ['ip', '-n', clientNs, 'addr', 'add', clientAddress, 'peer', serverAddress, 'dev', devC],
      ['ip', '-n', serverNs, 'addr', 'add', serverAddress, 'peer', clientAddress, 'dev', devS],
      ['ip', '-n', clientNs, 'link', 'set', devC, 'up'],
      ['ip', '-n', serverNs, 'link', 'set', devS, 'up'],
    ];
    for (const step of steps) {
      const r = run(step);
      if (!r.ok) throw new Error(`${step.join(' ')}: ${r.err}`);
    }
    return {
      clientNs,
      serverNs,
      clientAddress,
      serverAddress,
      setDelay: async (ms) => {
        child.stdin?.write(`delay ${ms}\n`);
        if ((await nextLine(5000)) !== 'ok') throw new Error('forwarder refused the delay');
        // Packets already queued leave at the old delay: let them drain.
        await new Promise((r) => setTimeout(r, 200));
      },
      inClient: (cmd, args) => ['ip', ['netns', 'exec', clientNs, cmd, ...args]],
      close,
    };
  } catch (err) {
    close();
    return err instanceof Error ? err.message : String(err);
  }
}

/**
 * One SMTP round trip on the path as it really is (the forwarder adds its own scheduling to
 * the nominal delay): the median of 10 NOOP → 250 exchanges from the client namespace.
 */
export function measureRtt(path: NetPath, host: string, port: number): number {
  const script = `const s=require('net').connect(${port},'${host}');s.setNoDelay(true);let b='',n=0,t=0;const x=[];s.on('data',d=>{b+=d;if(!/^\\d{3} /m.test(b))return;b='';if(n>1)x.push(performance.now()-t);if(n++>=11){s.destroy();x.sort((p,q)=>p-q);console.log(x[5]);return}t=performance.now();s.write(n===1?'EHLO x\\r\\n':'NOOP\\r\\n')});s.on('error',()=>process.exit(1));`;
  const [cmd, args] = path.inClient(process.execPath, ['-e', script]);
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  const ms = Number(r.stdout.trim());
  if (r.status !== 0 || !Number.isFinite(ms))
    throw new Error(`round-trip probe failed: ${r.stderr}`);
  return ms;
}
