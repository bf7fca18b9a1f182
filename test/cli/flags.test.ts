// The flags openssl and swaks users reach for, through the real CLI against loopback servers:
// --ca-only/--ca-path, --save-chain, smtp:// and smtps:// targets, --ports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { runCli } from '../support/cli.js';
import { splitPem } from '../../src/tls/trust-store.js';
import { parseHosts } from '../../src/dns/hosts.js';

let good: TestServer;
let implicit: TestServer;
let refused: TestServer;
let v6: TestServer | null = null;
let dir: string;

beforeAll(async () => {
  const c = getTestPki().cases.valid;
  const tls = { key: c.keyPem, cert: c.chainPem };
  good = await startTestServer({ tls });
  implicit = await startTestServer({ tls, implicitTls: true });
  refused = await startTestServer({ tls, starttlsReply: '454 4.7.0 TLS not available' });
  try {
    v6 = await startTestServer({ tls, host: '::1' });
  } catch {
    v6 = null; // no IPv6 loopback here
  }
  dir = mkdtempSync(join(tmpdir(), 'smtpscope-flags-'));
});
afterAll(async () => {
  await Promise.all([good, implicit, refused, v6].map((s) => s?.close()));
  rmSync(dir, { recursive: true, force: true });
});

const names = ['--sni', 'mx.lab.test', '--verify-name', 'mx.lab.test', '--timeout', '5000'];

describe('--ca-file, --ca-only, --ca-path', () => {
  it('a chain whose root is given with --ca-file verifies', async () => {
    const run = await runCli([
      `127.0.0.1:${good.port}`,
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).certificate.trusted).toBe(true);
  });

  it('--ca-only with the right --ca-file is trusted', async () => {
    const run = await runCli([
      `127.0.0.1:${good.port}`,
      ...names,
      '--ca-only',
      '--ca-file',
      getTestPki().rootFile,
      '--json',
    ]);
    expect(run.code).toBe(0);
  });

  it('--ca-only with no matching anchor is untrusted-root (exit 1)', async () => {
    const run = await runCli([
      `127.0.0.1:${good.port}`,
      ...names,
      '--ca-only',
      '--ca-file',
      getTestPki().otherRootFile,
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).certificate.problems).toContain('untrusted-root');
  });

  it('--ca-path DIR with the root in it verifies', async () => {
    const caDir = mkdtempSync(join(dir, 'ca-'));
    writeFileSync(join(caDir, 'lab-root.pem'), getTestPki().rootPem);
    const run = await runCli([
      `127.0.0.1:${good.port}`,
      ...names,
      '--ca-path',
      caDir,
      '--ca-only',
      '--json',
    ]);
    expect(run.code).toBe(0);
  });
});

describe('--save-chain', () => {
  it('writes the presented chain after the run: leaf first, "# [n] subject" lines, 0644', async () => {
    const file = join(dir, 'chain.pem');
    const run = await runCli([
      `127.0.0.1:${good.port}`,
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--save-chain',
      file,
      '--plain',
    ]);
    expect(run.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    const presented = splitPem(getTestPki().cases.valid.chainPem).map(
      (p) => new X509Certificate(p),
    );
    expect(splitPem(text).map((p) => new X509Certificate(p).fingerprint256)).toEqual(
      presented.map((c) => c.fingerprint256),
    );
    expect(text.split('\n').filter((l) => l.startsWith('# ['))).toHaveLength(presented.length);
    expect(text).toMatch(/^# \[1\] .*CN=mx\.lab\.test/);
    expect(statSync(file).mode & 0o777).toBe(0o644 & ~process.umask());
  });

  it('overwrites a regular file, refuses a FIFO before connecting', async () => {
    const file = join(dir, 'old.pem');
    writeFileSync(file, 'old');
    const ok = await runCli([
      `127.0.0.1:${good.port}`,
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--save-chain',
      file,
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toMatch(/^# \[1\]/);
    const fifo = join(dir, 'fifo.pem');
    execFileSync('mkfifo', [fifo]);
    const before = good.connections;
    const run = await runCli([`127.0.0.1:${good.port}`, '--save-chain', fifo, '--json']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `smtpscope: --save-chain ${fifo}: not a regular file (will not overwrite it) (try --help)\n`,
    );
    expect(good.connections).toBe(before);
  });

  it('a directory that does not exist: one line after the report, exit 2', async () => {
    const file = join(dir, 'nope', 'chain.pem');
    const run = await runCli([
      `127.0.0.1:${good.port}`,
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--save-chain',
      file,
      '--json',
    ]);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout).verdict.status).toBe('ok');
    expect(run.stderr).toBe(`smtpscope: --save-chain ${file}: cannot write (no such directory)\n`);
  });

  it('no certificate presented: says so, writes nothing, keeps the probe code', async () => {
    const file = join(dir, 'none.pem');
    const run = await runCli([`127.0.0.1:${refused.port}`, '--save-chain', file, '--json']);
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/presented no certificate; nothing written/);
    expect(() => statSync(file)).toThrow();
  });
});

describe('smtp:// and smtps:// targets', () => {
  it('smtps://host:port is implicit TLS', async () => {
    const run = await runCli([
      `smtps://127.0.0.1:${implicit.port}`,
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).target).toMatchObject({
      port: implicit.port,
      tlsMode: 'implicit',
    });
  });

  it('smtp://host:port is STARTTLS, and a matching --tls is fine', async () => {
    const run = await runCli([
      `smtp://127.0.0.1:${good.port}/`,
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--tls',
      'starttls',
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).target.tlsMode).toBe('starttls');
  });

  it('smtp://[::1]:port', async (ctx) => {
    if (!v6) return ctx.skip();
    const run = await runCli([
      `smtp://[::1]:${v6.port}`,
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).target).toMatchObject({ host: '::1', address: '::1' });
  });
});

describe('--ports', () => {
  const ports = (): string => `${good.port},${refused.port}`;

  it('--json: kind "ports", each probe the single-host object, exit the worst code', async () => {
    const run = await runCli([
      '127.0.0.1',
      '--ports',
      ports(),
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--json',
    ]);
    const single = await runCli([
      `127.0.0.1:${good.port}`,
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--json',
    ]);
    expect(run.code).toBe(6); // starttls-rejected beats ok
    const r = JSON.parse(run.stdout);
    expect(r).toMatchObject({ schemaVersion: 1, kind: 'ports', host: '127.0.0.1' });
    expect(r.probes.map((p: { target: { port: number } }) => p.target.port)).toEqual([
      good.port,
      refused.port,
    ]);
    expect(r.probes.map((p: { verdict: { status: string } }) => p.verdict.status)).toEqual([
      'ok',
      'starttls-rejected',
    ]);
    expect(Object.keys(r.probes[0])).toEqual(Object.keys(JSON.parse(single.stdout)));
  });

  it('--plain: each report under a header, then one line per port', async () => {
    const run = await runCli([
      '127.0.0.1',
      '--ports',
      ports(),
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--plain',
    ]);
    expect(run.code).toBe(6);
    expect(run.stdout).toContain(`=== 127.0.0.1 port ${good.port} (starttls) ===`);
    expect(run.stdout).toContain(`=== 127.0.0.1 port ${refused.port} (starttls) ===`);
    const table = run.stdout.trimEnd().split('\n').slice(-3);
    expect(table[0]).toMatch(/^PORT\s+TLS MODE\s+VERDICT\s+PROTOCOL$/);
    expect(table[1]).toMatch(new RegExp(`^${good.port}\\s+starttls\\s+ok\\s+TLSv1\\.[23]$`));
    expect(table[2]).toMatch(new RegExp(`^${refused.port}\\s+starttls\\s+starttls-rejected\\s+-$`));
  });

  it('--tls applies to every port', async () => {
    const run = await runCli([
      '127.0.0.1',
      '--ports',
      String(implicit.port),
      '--tls',
      'implicit',
      ...names,
      '--ca-file',
      getTestPki().rootFile,
      '--json',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).probes[0].target.tlsMode).toBe('implicit');
  });
});

describe('-6 and a name without an IPv6 address', () => {
  const hosts = parseHosts(readFileSync('/etc/hosts', 'utf8'));
  const v6Localhost = (hosts.get('localhost') ?? []).some((e) => e.family === 6);
  it.skipIf(v6Localhost)('-6 localhost says localhost has no IPv6 address', async () => {
    const run = await runCli(['localhost:1', '-6', '--json', '--timeout', '1000']);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout).steps[0].detail).toBe('localhost has no IPv6 address');
  });
});
