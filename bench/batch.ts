// Batch speed (issue 17): N synthetic domains (default 10,000, BATCH_DOMAINS to change) with
// realistic MX sharing (most domains on a few providers' MX hosts, the rest on MX hosts of
// their own, some without TLS, some null MX), served by the loopback DNS test server, against
// test SMTP servers on 127.0.1.1-20. Measures the CLI's wall time, domains/s and peak RSS.
// Goal: 10,000 domains in <= 20 s on 2 cores, RSS <= 300 MB.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startIndexedDns } from './dns-indexed.js';
import type { ZoneRecord } from '../test/support/dns-server.js';
import { issueLeaf } from '../test/support/domain-pki.js';
import { ensureTestPki } from '../test/support/pki.js';
import { startTestServer } from '../test/support/smtp-server.js';
import type { TestServer } from '../test/support/smtp-server.js';

const BIN = fileURLToPath(new URL('../bin/smtpscope.js', import.meta.url));
const N = Number(process.env.BATCH_DOMAINS ?? 10_000);
const CONCURRENCY = process.env.BATCH_CONCURRENCY ?? '64';
const ADDRESSES = 20;

async function main(): Promise<void> {
  const pki = await ensureTestPki();
  const leaf = issueLeaf(pki, ['*.bench.test']);
  const servers: TestServer[] = [];
  const first = await startTestServer({
    host: '127.0.1.1',
    tls: { key: leaf.keyPem, cert: leaf.chainPem },
  });
  servers.push(first);
  const port = first.port;
  for (let i = 2; i <= ADDRESSES; i++)
    servers.push(
      await startTestServer({
        host: `127.0.1.${i}`,
        port,
        // Every fifth address offers no STARTTLS.
        ...(i % 5 === 0 ? {} : { tls: { key: leaf.keyPem, cert: leaf.chainPem } }),
      }),
    );
  const records: ZoneRecord[] = [];
  const addr = (i: number): string => `127.0.1.${(i % ADDRESSES) + 1}`;
  // Five providers with two MX hosts each carry 70% of the domains.
  for (let p = 0; p < 5; p++)
    for (const m of [1, 2])
      records.push({ name: `mx${m}-provider${p}.bench.test`, type: 'A', data: addr(p * 2 + m) });
  const domains: string[] = [];
  let own = 0;
  const hosts = new Set<string>();
  for (let i = 0; i < N; i++) {
    const d = `d${i}.bench.test`;
    domains.push(d);
    const r = i % 100;
    const mx = (exchange: string, preference = 10): void =>
      void records.push({ name: d, type: 'MX', data: { preference, exchange } });
    if (r < 70) {
      const p = i % 5;
      mx(`mx1-provider${p}.bench.test`, 10);
      mx(`mx2-provider${p}.bench.test`, 20);
    } else if (r < 98) {
      // An MX host shared by two neighbouring domains (a small hoster).
      const host = `mx-${Math.floor(i / 2)}.bench.test`;
      mx(host);
      if (!hosts.has(host)) {
        hosts.add(host);
        records.push({ name: host, type: 'A', data: addr(own++) });
      }
    } else {
      mx('.', 0);
    }
  }
  const dns = await startIndexedDns(records, 'bench.test');
  const dir = mkdtempSync(join(tmpdir(), 'smtpscope-bench-batch-'));
  const list = join(dir, 'domains.txt');
  writeFileSync(list, domains.join('\n') + '\n');
  const root = join(dir, 'root.pem');
  writeFileSync(root, pki.rootPem);
  const outFile = join(dir, 'out.ndjson');
  const out = createWriteStream(outFile);
  await new Promise((r) => out.once('open', r));
  const args = [
    BIN,
    '--batch',
    list,
    '--resolver',
    `127.0.0.1:${dns.port}`,
    '--port',
    String(port),
    '--ca-file',
    root,
    '--ehlo',
    'bench.client.test',
    '--timeout',
    '5000',
    '--concurrency',
    CONCURRENCY,
  ];
  const t0 = performance.now();
  // BATCH_PROFILE=DIR: a CPU profile of the CLI alone in DIR.
  const prof = process.env.BATCH_PROFILE;
  const nodeArgs = prof ? ['--cpu-prof', `--cpu-prof-dir=${prof}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, ...args], {
    stdio: ['ignore', out, 'inherit'],
  });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // gone
    }
  }, 50);
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const ms = performance.now() - t0;
  clearInterval(poll);
  out.close();
  const lines = readFileSync(outFile, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
  const connections = servers.reduce((n, s) => n + s.connections, 0);
  const statuses = new Map<string, number>();
  for (const l of lines) {
    const s = (JSON.parse(l) as { verdict?: { status?: string } }).verdict?.status ?? '?';
    statuses.set(s, (statuses.get(s) ?? 0) + 1);
  }
  process.stdout.write(
    [
      `domains          ${N} (concurrency ${CONCURRENCY}, ${ADDRESSES} SMTP addresses)`,
      `exit code        ${code}`,
      `lines            ${lines.length}`,
      `wall time        ${(ms / 1000).toFixed(2)} s`,
      `domains/s        ${((lines.length / ms) * 1000).toFixed(0)}`,
      `peak RSS         ${(peakKb / 1024).toFixed(0)} MB (VmHWM, sampled every 50 ms)`,
      `SMTP sessions    ${connections}`,
      `DNS queries seen ${dns.queries()}`,
      `verdicts         ${[...statuses].map(([k, n]) => `${k} ${n}`).join(', ')}`,
      `goal             10,000 domains <= 20 s, RSS <= 300 MB`,
    ].join('\n') + '\n',
  );
  await Promise.all([dns.close(), ...servers.map((s) => s.close())]);
}

void main();
