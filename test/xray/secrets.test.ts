// The TLS secrets never leave the tap: not in events, the report, the transcript or --plain,
// unless --keylog asks for them, and then only in that file (created 0600, never through a
// link, never a non-regular file). And the CertificateVerify scheme the ladder decrypted is the
// one `openssl s_client` reports for the same server.
import { execFile, execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Probe } from '../../src/probe/engine.js';
import { judge } from '../../src/policy/verdict.js';
import { renderJson } from '../../src/report/json.js';
import { renderPlain } from '../../src/report/plain.js';
import { openKeylogFile } from '../../src/input/keylog-file.js';
import { labArgs, runCli } from '../support/cli.js';
import { getTestPki } from '../support/pki.js';
import { labOptions, probe } from '../support/probe.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer, TestTlsOptions } from '../support/smtp-server.js';

let server: TestServer | null = null;
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smtpscope-xray-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(tls: Partial<TestTlsOptions> = {}): Promise<number> {
  const c = getTestPki().cases.valid;
  server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem, ...tls } });
  return server.port;
}

/** The hex of every secret in NSS key log lines, both cases. */
function secretsOf(lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const secret = line.trim().split(' ')[2];
    if (secret) out.push(secret.toLowerCase(), secret.toUpperCase());
  }
  return out;
}

describe('secrets', () => {
  it('never reach the events, the JSON report, the transcript or --plain', async () => {
    const lines: string[] = [];
    const session = new Probe({
      ...labOptions(await serve()),
      keylog: (l) => lines.push(Buffer.from(l).toString('latin1')),
    });
    const events: unknown[] = [];
    session.on((e) => events.push(e));
    const judged = judge(await session.run());
    expect(judged.facts.tls?.handshake?.some((s) => s.type === 'certificate_verify')).toBe(true);
    const labels = lines.map((l) => l.split(' ')[0]);
    expect(labels).toEqual(
      expect.arrayContaining([
        'SERVER_HANDSHAKE_TRAFFIC_SECRET',
        'CLIENT_HANDSHAKE_TRAFFIC_SECRET',
        'SERVER_TRAFFIC_SECRET_0',
        'CLIENT_TRAFFIC_SECRET_0',
      ]),
    );
    const outputs = [
      JSON.stringify(events),
      renderJson(judged),
      renderPlain(judged),
      JSON.stringify(judged.transcript),
    ].join('\n');
    const secrets = secretsOf(lines);
    expect(secrets.length).toBeGreaterThanOrEqual(8);
    for (const s of secrets) expect(outputs).not.toContain(s);
  });

  it('--keylog writes them (0600, appended) for Wireshark, with a warning, and only there', async () => {
    const file = join(dir, 'keys.log');
    const port = await serve();
    const root = getTestPki().rootFile;
    const json = await runCli([...labArgs(port, root, 5000), '--json', '--keylog', file]);
    expect(json.code).toBe(0);
    expect(json.stderr).toMatch(
      /^smtpscope: warning: writing this session's TLS secrets to .*keys\.log/,
    );
    expect(lstatSync(file).mode & 0o777).toBe(0o600);
    const plain = await runCli([...labArgs(port, root, 5000), '--plain', '--keylog', file]);
    const lines = readFileSync(file, 'latin1').trim().split('\n');
    // Two sessions appended, TLS 1.3's five secrets each, in SSLKEYLOGFILE's NSS format.
    expect(lines).toHaveLength(10);
    for (const l of lines) expect(l).toMatch(/^[A-Z_0-9]+ [0-9a-f]{64} [0-9a-f]{64,96}$/);
    for (const s of secretsOf(lines)) {
      expect(json.stdout).not.toContain(s);
      expect(plain.stdout).not.toContain(s);
      expect(json.stderr + plain.stderr).not.toContain(s);
    }
    const report = JSON.parse(json.stdout) as { tls: { handshake: unknown[] } };
    expect(report.tls.handshake.length).toBeGreaterThan(5);
  });

  it('--keylog refuses a directory, a FIFO and a symbolic link, as usage errors', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    const target = join(dir, 'target');
    writeFileSync(target, '');
    const link = join(dir, 'link');
    symlinkSync(target, link);
    expect(openKeylogFile(sub)).toMatchObject({
      ok: false,
      error: expect.stringContaining('directory'),
    });
    expect(openKeylogFile(fifo)).toMatchObject({
      ok: false,
      error: expect.stringContaining('not a regular file'),
    });
    expect(openKeylogFile(link)).toMatchObject({
      ok: false,
      error: expect.stringContaining('symbolic link'),
    });
    const run = await runCli(['127.0.0.1:1', '--json', '--keylog', link]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^smtpscope: --keylog .*link: a symbolic link/);
    expect(readFileSync(target, 'utf8')).toBe('');
  });
});

/** What `openssl s_client -starttls smtp` says the server signed with, as a TLS scheme name. */
function opensslScheme(port: number, extra: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'openssl',
      [
        's_client',
        '-starttls',
        'smtp',
        '-connect',
        `127.0.0.1:${port}`,
        '-servername',
        'mx.lab.test',
        ...extra,
      ],
      { timeout: 10_000 },
      (err, stdout) => {
        // OpenSSL 3.2+ prints the scheme; 3.0 prints the type and the digest apart.
        const named = /Peer signature type: ([a-z0-9_]+_[a-z0-9_]+)/.exec(stdout);
        if (named?.[1]) return resolve(named[1]);
        const type = /Peer signature type: (\S+)/.exec(stdout)?.[1];
        const digest = /Peer signing digest: (\S+)/.exec(stdout)?.[1]?.toLowerCase();
        if (!type || !digest) return reject(err ?? new Error(`no signature in:\n${stdout}`));
        const scheme: Record<string, string> = {
          'RSA-PSS': `rsa_pss_rsae_${digest}`,
          RSA: `rsa_pkcs1_${digest}`,
          ECDSA: `ecdsa_secp${digest === 'sha256' ? '256r1' : digest === 'sha384' ? '384r1' : '521r1'}_${digest}`,
          Ed25519: 'ed25519',
        };
        resolve(scheme[type] ?? `${type}/${digest}`);
      },
    );
    child.stdin?.end();
  });
}

describe('the CertificateVerify scheme is the one openssl s_client reports', () => {
  const cases: [string, Partial<TestTlsOptions>, 'valid' | 'ecdsa'][] = [
    ['RSA, default', {}, 'valid'],
    ['RSA, PSS with SHA-384 only', { sigalgs: 'rsa_pss_rsae_sha384' }, 'valid'],
    ['ECDSA P-256', {}, 'ecdsa'],
  ];
  for (const [name, tls, cert] of cases) {
    it(name, async () => {
      const c = getTestPki().cases[cert];
      const port = await serve({ key: c.keyPem, cert: c.chainPem, ...tls });
      const { result } = await probe(port);
      const cv = result.tls?.handshake?.find((s) => s.type === 'certificate_verify');
      expect(cv?.encrypted).toBe(true);
      expect(result.tls?.signatureScheme).toBe(await opensslScheme(port));
      expect(cv?.fields.signatureScheme).toBe(result.tls?.signatureScheme);
    });
  }

  it('TLS 1.2: the ServerKeyExchange scheme', async () => {
    const port = await serve({ sigalgs: 'rsa_pss_rsae_sha512' });
    const { result } = await probe(port, { maxTlsVersion: 'TLSv1.2' });
    expect(result.tls?.protocol).toBe('TLSv1.2');
    expect(result.tls?.signatureScheme).toBe(await opensslScheme(port, ['-tls1_2']));
    expect(result.tls?.signatureScheme).toBe('rsa_pss_rsae_sha512');
  });
});
