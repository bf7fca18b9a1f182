// `npm run bench`: start-up, a full probe against openssl s_client and swaks, round trips on a
// packet-level delay path, and TUI re-render time and memory. Prints medians; not a test.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.mjs';
import { ensureTestPki } from '../test/support/pki.js';
import { labArgs } from '../test/support/cli.js';
import { startTestServer } from '../test/support/smtp-server.js';
import { postfixAvailable, startPostfix } from '../test/support/postfix.js';
import { measureRtt, startNetPath } from './netpath.js';
import { firstFrameMs, ptyFloorMs, ptyUnavailable } from './first-frame.js';
import { fmt, median, medianOf, table, timed } from './lib.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const BIN = fileURLToPath(new URL('../bin/smtpscope.js', import.meta.url));
const node = process.execPath;
const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const rows: [string, string, string][] = [];
const say = (what: string, value: string, note = ''): void => {
  rows.push([what, value, note]);
  console.error(`  ${what}: ${value} ${note}`);
};

const pki = await ensureTestPki();
const c = pki.cases.valid;
const server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
const pf = postfixAvailable().ok ? await startPostfix(pki, { certCase: 'valid' }) : null;
const targetPort = pf?.port ?? server.port;
const targetName = pf ? 'Postfix' : 'test server';
const lab = (port: number): string[] => labArgs(port, pki.rootFile);

// Every Node figure twice: as this shell runs it, and without NODE_EXTRA_CA_CERTS, which makes
// Node 20 parse the whole bundle it names at every start (a workplace setting, not ours).
const cleanEnv: NodeJS.ProcessEnv = { ...process.env };
delete cleanEnv.NODE_EXTRA_CA_CERTS;
const envs: [string, NodeJS.ProcessEnv][] = process.env.NODE_EXTRA_CA_CERTS
  ? [
      ['clean env', cleanEnv],
      ['NODE_EXTRA_CA_CERTS set', process.env],
    ]
  : [['clean env', cleanEnv]];
// BENCH_BEFORE=<another build's bin/smtpscope.js>: the same probe figures for it, in this run.
const builds: [string, string][] = [['', BIN]];
if (process.env.BENCH_BEFORE) builds.push([' [before]', process.env.BENCH_BEFORE]);
const ratio = (a: number, b: number): string => (a / b).toFixed(2);
// Each build keeps its code cache in a directory of its own: the launcher prunes other builds'
// caches (src/launch/code-cache.ts), so builds run in turn in one directory would each start
// without a cache, every run.
const cacheRoot = mkdtempSync(join(tmpdir(), 'smtpscope-bench-cache-'));
const forBuild = (bin: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const dir = join(cacheRoot, String(builds.findIndex(([, b]) => b === bin)));
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return { ...env, XDG_CACHE_HOME: dir };
};

try {
  console.error(
    `smtpscope bench: ${RUNS} runs each, medians; target ${targetName} on 127.0.0.1:${targetPort}`,
  );
  // 1. Start-up.
  const floors = new Map<string, number>();
  for (const [envName, env] of envs) {
    const floor = await medianOf(
      RUNS,
      async () => (await timed(node, ['-e', '0'], undefined, 30_000, env)).ms,
    );
    floors.set(envName, floor);
    say(`node -e 0 (floor), ${envName}`, fmt(floor));
    // Builds interleaved run by run, as for the probe below.
    const versions = builds.map(() => [] as number[]);
    for (let i = 0; i < RUNS; i++)
      for (const [k, [, bin]] of builds.entries())
        versions[k]!.push(
          (await timed(node, [bin, '--version'], undefined, 30_000, forBuild(bin, env))).ms,
        );
    for (const [k, [tag]] of builds.entries()) {
      const version = median(versions[k]!);
      say(
        `smtpscope --version${tag}, ${envName}`,
        fmt(version),
        `(+${fmt(version - floor)} over the floor)`,
      );
    }
  }
  const floor = floors.get('clean env') as number;
  const noPty = ptyUnavailable();
  if (!noPty) {
    const ptyFloor = await medianOf(RUNS, () => ptyFloorMs());
    const frame = await medianOf(RUNS, () => firstFrameMs(BIN, server.port, pki.rootFile));
    say(
      'first TUI frame (pty)',
      fmt(frame),
      `(target ≤ 250 ms); node printing at once in the same pty: ${fmt(ptyFloor)}, so the TUI's own share is ${fmt(frame - ptyFloor)}`,
    );
  } else say('first TUI frame (pty)', 'skipped', noPty);

  // 2. A full probe on loopback, against the anchors on the same server.
  const sslArgs = (host: string, port: number): string[] => [
    's_client',
    '-starttls',
    'smtp',
    '-connect',
    `${host}:${port}`,
    '-servername',
    'mx.lab.test',
    '-CAfile',
    pki.rootFile,
    '-quiet',
    '-crlf',
  ];
  const openssl = await medianOf(
    RUNS,
    async () => (await timed('openssl', sslArgs('127.0.0.1', targetPort), 'QUIT\n')).ms,
  );
  say(
    'openssl s_client -starttls smtp',
    fmt(openssl),
    `budget floor + 1.2×openssl = ${fmt(floor + 1.2 * openssl)}`,
  );
  // Builds × environments interleaved run by run, so that drift on a shared machine hits all alike.
  const cells = builds.flatMap(([tag, bin]) =>
    envs.map(([envName, env]) => ({ tag, bin, envName, env })),
  );
  const samples = cells.map(() => [] as number[]);
  for (let i = 0; i < RUNS; i++)
    for (const [k, c] of cells.entries())
      samples[k]!.push(
        (
          await timed(
            node,
            [c.bin, ...lab(targetPort), '--json'],
            undefined,
            30_000,
            forBuild(c.bin, c.env),
          )
        ).ms,
      );
  for (const [k, { tag, envName }] of cells.entries()) {
    {
      const ours = median(samples[k]!);
      const envFloor = floors.get(envName) as number;
      say(
        `smtpscope --json${tag}, ${envName}`,
        fmt(ours),
        `(code cache warm) = floor + ${fmt(ours - envFloor)}; /(floor + 1.2×openssl) = ${ratio(ours, envFloor + 1.2 * openssl)} (target ≤ 1)`,
      );
    }
  }
  // The first run after an install (or with the cache off) compiles the bundle from source.
  const noCache = { ...cleanEnv, SMTPSCOPE_NO_CODE_CACHE: '1' };
  const cold = await medianOf(
    RUNS,
    async () =>
      (await timed(node, [BIN, ...lab(targetPort), '--json'], undefined, 30_000, noCache)).ms,
  );
  say('  without the code cache, clean env', fmt(cold));
  if (has('swaks')) {
    const swaks = await medianOf(
      RUNS,
      async () =>
        (
          await timed('swaks', [
            '--server',
            `127.0.0.1:${targetPort}`,
            '--tls',
            '--quit-after',
            'STARTTLS',
            '--tls-verify',
            '--tls-ca-path',
            pki.rootFile,
            '--tls-sni',
            'mx.lab.test',
          ])
        ).ms,
    );
    say('swaks --tls --quit-after STARTTLS', fmt(swaks));
  } else say('swaks', 'skipped', 'swaks is not installed');

  // 2b. Steadiness on loopback: many warm runs, the slowest against the median, and how many
  // runs had a step that waited on a delayed ACK (≥ 30 ms on loopback, where nothing else is).
  const LOOP = Number(process.env.BENCH_LOOP_RUNS ?? 100);
  for (const [tag, bin] of builds) {
    const walls: number[] = [];
    let stalled = 0;
    for (let i = 0; i < LOOP; i++) {
      const r = await timed(
        node,
        [bin, ...lab(targetPort), '--json'],
        undefined,
        30_000,
        forBuild(bin, cleanEnv),
      );
      walls.push(r.ms);
      try {
        const st = (JSON.parse(r.stdout) as { steps: { ms: number }[] }).steps;
        if (st.some((x) => x.ms >= 30)) stalled++;
      } catch {
        stalled++;
      }
    }
    const m = median(walls);
    say(
      `${LOOP} warm loopback runs${tag}`,
      fmt(m),
      `slowest ${fmt(Math.max(...walls))} = ${ratio(Math.max(...walls), m)}× the median (target < 3); runs with a step ≥ 30 ms: ${stalled}/${LOOP}`,
    );
  }

  // 3. Round trips on a packet-level delay path (bench/netpath.ts): every packet, SYN and ACK
  // included, 25 ms each way, so the connect and both ends' Nagle and delayed ACK count as on a
  // real link. Postfix runs in the server namespace; the clients in the client namespace.
  const oneWay = 25;
  const rtt = 2 * oneWay;
  const path = pf ? await startNetPath(900) : 'Postfix is not installed';
  if (typeof path === 'string') say('packet delay path', 'skipped', path);
  else {
    let npf: Awaited<ReturnType<typeof startPostfix>> | null = null;
    try {
      npf = await startPostfix(pki, {
        certCase: 'valid',
        netns: { name: path.serverNs, address: path.serverAddress },
      });
      const host = path.serverAddress;
      const PATH_RUNS = Math.min(RUNS, 7);
      const wall = async (cmd: string, args: string[], input?: string, env = cleanEnv) => {
        const [c, a] = path.inClient(cmd, args);
        return timed(c, a, input, 30_000, env);
      };
      const atDelay = async (ms: number, f: () => Promise<number>): Promise<number> => {
        await path.setDelay(ms);
        return medianOf(PATH_RUNS, f);
      };
      const ssl = async () => (await wall('openssl', sslArgs(host, npf!.port), 'QUIT\n')).ms;
      const ssl0 = await atDelay(0, ssl);
      const ssl25 = await atDelay(oneWay, ssl);
      // Latency added, in round trips as the path really has them (the nominal 50 ms plus
      // the forwarder's own scheduling), so that a step count reads as a step count.
      const realRtt = median([1, 2, 3].map(() => measureRtt(path, host, npf!.port)));
      say(
        'packet path round trip (SMTP NOOP, median)',
        fmt(realRtt),
        `nominal ${rtt} ms: 25 ms each way on every packet; RTT figures below are in this unit`,
      );
      const sslRtts = (ssl25 - ssl0) / realRtt;
      // s_client: connect 1, banner 1, EHLO 1, STARTTLS 1, TLS 1.3 1, QUIT 1.
      say(
        `openssl s_client, packet path ${rtt} ms RTT`,
        fmt(ssl25),
        `latency added ${sslRtts.toFixed(2)} RTT (minimum 6: connect, banner, EHLO, STARTTLS, TLS, QUIT)`,
      );
      for (const [tag, bin] of builds) {
        for (const [envName, env] of envs) {
          const args = [bin, ...labArgs(npf.port, pki.rootFile, undefined, host), '--json'];
          const one = async () => (await wall(node, args, undefined, forBuild(bin, env))).ms;
          const w0 = await atDelay(0, one);
          const perStep = new Map<string, number[]>();
          const w25 = await atDelay(oneWay, async () => {
            const r = await wall(node, args, undefined, forBuild(bin, env));
            const st = (JSON.parse(r.stdout) as { steps: { name: string; ms: number }[] }).steps;
            for (const x of st) perStep.set(x.name, [...(perStep.get(x.name) ?? []), x.ms]);
            return r.ms;
          });
          const added = (w25 - w0) / realRtt;
          // The least any client can take against this server: connect 1, banner 1, EHLO 1,
          // STARTTLS 1, TLS 1.3 1, EHLO 1, QUIT 1 = 7; and Postfix sends TLS 1.3 tickets with
          // Nagle on, so its 250 to the EHLO inside TLS cannot leave before the tickets are
          // acknowledged, one more round trip after the handshake: 8.
          say(
            `smtpscope --json${tag}, packet path ${rtt} ms RTT, ${envName}`,
            fmt(w25),
            `latency added ${added.toFixed(2)} RTT (minimum 7, 8 with Postfix's tickets; target ≤ 8 and < openssl + 2 = ${(sslRtts + 2).toFixed(2)})`,
          );
          if (envName === 'clean env')
            say(
              `  per step${tag} (ms, median)`,
              '',
              [...perStep].map(([n, xs]) => `${n} ${Math.round(median(xs))}`).join(', '),
            );
        }
      }
    } catch (err) {
      say('packet delay path', 'failed', err instanceof Error ? err.message : String(err));
    } finally {
      await npf?.stop();
      path.close();
    }
  }

  // 4. The TUI with a long transcript, in a child per size.
  // Bundled exactly like the shipped TUI (scripts/bundle-options.mjs): the same React
  // production build, text measurer and chunking.
  await build(bundleOptions(['bench/tui-render.tsx'], 'dist/bench'));
  interface RenderRun {
    renderMedianMs: number;
    renderMaxMs: number;
    peakRssMb: number;
    liveHeapMb: number;
    loadMs: number;
  }
  // Three children per size, each figure the median of the three (RSS is per process).
  const medianRun = (n: number): RenderRun => {
    const runs = Array.from(
      { length: 3 },
      () =>
        JSON.parse(
          execFileSync(node, ['--expose-gc', 'dist/bench/tui-render.js', String(n)], {
            encoding: 'utf8',
            stdio: ['ignore', 'pipe', 'ignore'], // Ink shows the cursor on stderr at exit
          }),
        ) as RenderRun,
    );
    const pick = (k: keyof RenderRun): number => median(runs.map((r) => r[k]));
    return {
      renderMedianMs: pick('renderMedianMs'),
      renderMaxMs: pick('renderMaxMs'),
      peakRssMb: pick('peakRssMb'),
      liveHeapMb: pick('liveHeapMb'),
      loadMs: pick('loadMs'),
    };
  };
  for (const n of [10_000, 100_000]) {
    const r = medianRun(n);
    say(
      `TUI re-render, ${n / 1000}k-line transcript`,
      fmt(r.renderMedianMs),
      `(target ≤ 16 ms; slowest ${fmt(r.renderMaxMs)}); peak RSS ${r.peakRssMb.toFixed(0)} MB (target ≤ 150 MB; live heap ${r.liveHeapMb.toFixed(0)} MB); filling it ${fmt(r.loadMs)}`,
    );
  }
} finally {
  await server.close();
  await pf?.stop();
  rmSync(cacheRoot, { recursive: true, force: true });
}
console.log(table([['measure', 'median', 'notes'], ...rows]));
