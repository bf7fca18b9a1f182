// `npm run bench`: start-up, a full probe against openssl s_client and swaks, round trips under
// added latency, and TUI re-render time and memory. Prints medians; not a test (no pass/fail).
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../scripts/bundle-options.mjs';
import { ensureTestPki } from '../test/support/pki.js';
import { labArgs } from '../test/support/cli.js';
import { startTestServer } from '../test/support/smtp-server.js';
import { postfixAvailable, startPostfix } from '../test/support/postfix.js';
import { netemUnavailable, startDelayProxy } from './delay-proxy.js';
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

try {
  console.error(
    `smtpscope bench: ${RUNS} runs each, medians; target ${targetName} on 127.0.0.1:${targetPort}`,
  );
  // 1. Start-up.
  const floor = await medianOf(RUNS, async () => (await timed(node, ['-e', '0'])).ms);
  const version = await medianOf(RUNS, async () => (await timed(node, [BIN, '--version'])).ms);
  say('node -e 0 (floor)', fmt(floor));
  say('smtpscope --version', fmt(version), `(+${fmt(version - floor)} over the floor)`);
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

  // 2. A full probe, against the anchors on the same server.
  const probe = (port: number) => async () => (await timed(node, [BIN, ...lab(port), '--json'])).ms;
  const ours = await medianOf(RUNS, probe(targetPort));
  say(
    `smtpscope --json (${targetName})`,
    fmt(ours),
    '(V8 code cache warm: every run but the first)',
  );
  // The first run after an install (or with the cache off) compiles the bundle from source.
  const noCache = { ...process.env, SMTPSCOPE_NO_CODE_CACHE: '1' };
  const cold = await medianOf(
    RUNS,
    async () =>
      (await timed(node, [BIN, ...lab(targetPort), '--json'], undefined, 30_000, noCache)).ms,
  );
  say('  the same without the code cache', fmt(cold), `(+${fmt(cold - ours)})`);
  const sslArgs = (port: number): string[] => [
    's_client',
    '-starttls',
    'smtp',
    '-connect',
    `127.0.0.1:${port}`,
    '-servername',
    'mx.lab.test',
    '-CAfile',
    pki.rootFile,
    '-quiet',
    '-crlf',
  ];
  const openssl = await medianOf(
    RUNS,
    async () => (await timed('openssl', sslArgs(targetPort), 'QUIT\n')).ms,
  );
  say(
    'openssl s_client -starttls smtp',
    fmt(openssl),
    `smtpscope/openssl = ${(ours / openssl).toFixed(2)}; budget node+1.2×openssl = ${fmt(floor + 1.2 * openssl)}`,
  );
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
    say(
      'swaks --tls --quit-after STARTTLS',
      fmt(swaks),
      `smtpscope/swaks = ${(ours / swaks).toFixed(2)}`,
    );
  } else say('swaks', 'skipped', 'swaks is not installed');

  // 3. Round trips under added latency: netns + tc netem where the kernel has sch_netem, which
  // these machines' kernels lack; then a userspace delay proxy stands in.
  const noNetem = netemUnavailable();
  say(
    'latency method',
    'delay proxy',
    noNetem
      ? `(netns + netem unavailable: ${noNetem}); 25 ms each way per chunk`
      : '(netem works here but the harness runs everything on the host loopback; 25 ms each way)',
  );
  const oneWay = 25;
  const rtt = 2 * oneWay;
  const proxy = await startDelayProxy(targetPort, oneWay);
  const slow = await medianOf(
    Math.min(RUNS, 7),
    async () => (await timed(node, [BIN, ...lab(proxy.port), '--json'])).ms,
  );
  const steps = JSON.parse((await timed(node, [BIN, ...lab(proxy.port), '--json'])).stdout)
    .steps as { name: string; ms: number }[];
  const sslSlow = await medianOf(
    Math.min(RUNS, 7),
    async () => (await timed('openssl', sslArgs(proxy.port), 'QUIT\n')).ms,
  );
  await proxy.close();
  const min = 5.5; // banner 0.5 + EHLO 1 + STARTTLS 1 + TLS 1.3 1 + EHLO 1 + QUIT 1
  // What the latency added: the same probe's wall time without it is start-up plus CPU.
  const rtts = (slow - ours) / rtt;
  const stepRtts = steps.reduce((sum, st) => sum + st.ms, 0) / rtt;
  say(
    `--json probe at ${rtt} ms RTT`,
    fmt(slow),
    `= ${rtts.toFixed(2)} RTT more than without latency; steps alone ${stepRtts.toFixed(2)} RTT (minimum ${min}; target ≤ ${min + 1})`,
  );
  say('  per step (ms)', '', steps.map((s) => `${s.name} ${Math.round(s.ms)}`).join(', '));
  say(
    `openssl s_client at ${rtt} ms RTT`,
    fmt(sslSlow),
    `= ${((sslSlow - openssl) / rtt).toFixed(2)} RTT more than without latency (no second EHLO, no wait for 221)`,
  );

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
}
console.log(table([['measure', 'median', 'notes'], ...rows]));
