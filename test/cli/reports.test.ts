// `--json` and `--plain` against the loopback test server: field names, exit codes, escaping.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { BIN, labArgs, runCli } from '../support/cli.js';

let good: TestServer;
let plainOnly: TestServer;
let refused: TestServer;

beforeAll(async () => {
  const c = getTestPki().cases.valid;
  const tls = { key: c.keyPem, cert: c.chainPem };
  good = await startTestServer({ tls });
  plainOnly = await startTestServer({ tls, starttls: false });
  refused = await startTestServer({ tls, starttlsReply: '454 4.7.0 TLS not available' });
});
afterAll(async () => {
  await Promise.all([good.close(), plainOnly.close(), refused.close()]);
});

const lab = (port: number): string[] => labArgs(port, getTestPki().rootFile, 5000);

describe('--json', () => {
  it('prints one object with the contract fields, exit 0 for ok', async () => {
    const run = await runCli([...lab(good.port), '--json']);
    expect(run.code).toBe(0);
    const r = JSON.parse(run.stdout);
    expect(r.schemaVersion).toBe(1);
    expect(r.target).toEqual({
      host: '127.0.0.1',
      port: good.port,
      address: '127.0.0.1',
      tlsMode: 'starttls',
    });
    expect(r.steps[0]).toEqual({
      name: 'connect',
      status: 'ok',
      startedAt: expect.any(String),
      ms: expect.any(Number),
      detail: expect.any(String),
    });
    expect(r.transcript[0]).toEqual({
      t: expect.any(Number),
      dir: 'info',
      text: expect.any(String),
    });
    expect(r.banner).toEqual({ code: 220, text: 'mx.lab.test ESMTP smtpscope-test' });
    expect(r.ehlo.before.extensions.SIZE).toEqual(['10240000']);
    expect(r.ehlo.after.extensions.AUTH).toEqual(['PLAIN', 'LOGIN']);
    expect(r.starttls).toEqual({
      offered: true,
      reply: { code: 220, enhanced: '2.0.0', text: 'Ready to start TLS' },
    });
    expect(Object.keys(r.tls)).toEqual(
      expect.arrayContaining([
        'protocol',
        'cipher',
        'keyExchange',
        'ocspStapled',
        'handshakeMs',
        'sni',
      ]),
    );
    expect(Object.keys(r.tls.cipher)).toEqual(['name', 'standardName', 'bits']);
    expect(r.certificate).toMatchObject({
      trusted: true,
      hostnameMatch: true,
      verifyName: 'mx.lab.test',
      problems: [],
    });
    const leaf = r.certificate.chain[0];
    for (const k of [
      'subject',
      'issuer',
      'subjectAltNames',
      'serial',
      'validFrom',
      'validTo',
      'daysLeft',
      'key',
      'signatureAlgorithm',
      'fingerprint256',
      'selfSigned',
      'pem',
    ]) {
      expect(leaf).toHaveProperty(k);
    }
    expect(r.verdict).toEqual({
      status: 'ok',
      reasons: [],
      strictTls: 'deliver',
      summary: expect.any(String),
      fix: expect.any(String),
      // Issue 12: the senders one host can be judged for (MTA-STS and DANE need the domain).
      senders: {
        opportunistic: expect.objectContaining({ outcome: 'deliver-tls' }),
        strictTls: expect.objectContaining({ outcome: 'deliver-tls' }),
        verifiedTls: expect.objectContaining({ outcome: 'deliver-tls', why: expect.any(String) }),
      },
    });
    expect(r.kind).toBe('host');
    expect(r.verdict.summary).toContain('MTA-STS and DANE were not checked');
  });

  it('exit 5 for tls-not-offered and 6 for starttls-rejected', async () => {
    const a = await runCli([...lab(plainOnly.port), '--json']);
    expect(a.code).toBe(5);
    expect(JSON.parse(a.stdout).verdict.status).toBe('tls-not-offered');
    const b = await runCli([...lab(refused.port), '--json']);
    expect(b.code).toBe(6);
    expect(JSON.parse(b.stdout).starttls.reply.code).toBe(454);
  });

  it('exit 1 for certificate-invalid (unknown root without --ca-file)', async () => {
    const run = await runCli([
      `127.0.0.1:${good.port}`,
      '--sni',
      'mx.lab.test',
      '--verify-name',
      'mx.lab.test',
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).verdict.reasons).toEqual(['untrusted-root']);
  });
});

describe('--plain', () => {
  it('prints a C:/S: transcript, TLS markers and the verdict', async () => {
    const run = await runCli([...lab(good.port), '--plain']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^S: 220 mx\.lab\.test/m);
    expect(run.stdout).toMatch(/^C: EHLO /m);
    expect(run.stdout).toMatch(/^C: STARTTLS$/m);
    expect(run.stdout).toMatch(/^=== TLS started: TLSv1\.3 /m);
    expect(run.stdout).toMatch(/^Verdict: +ok$/m);
    expect(run.stdout).toMatch(/^StrictTLS sender: would DELIVER$/m);
  });

  it('a run that stops before TLS tells people it was not shown; JSON says drop', async () => {
    const plain = await runCli([...lab(good.port), '--plain', '--quit-after', 'ehlo']);
    expect(plain.stdout).toMatch(/^Verdict: +ok \(tls-not-tested\)$/m);
    expect(plain.stdout).toMatch(/^StrictTLS sender: not shown: TLS was not tested$/m);
    const json = await runCli([...lab(good.port), '--json', '--quit-after', 'ehlo']);
    expect(JSON.parse(json.stdout).verdict.strictTls).toBe('drop');
  });

  it('names with a trailing dot (as dig prints them) are probed, named and verified without it', async () => {
    const run = await runCli([
      `localhost.:${good.port}`,
      '--sni',
      'mx.lab.test.',
      '--verify-name',
      'mx.lab.test.',
      '--ca-file',
      getTestPki().rootFile,
      '--plain',
    ]);
    expect(run.stdout).toMatch(/^=== TLS handshake \(SNI mx\.lab\.test\)$/m);
    expect(run.stdout).toMatch(/^Verdict: +ok$/m);
    expect(run.code).toBe(0);
  });

  it('is the default when stdout is not a TTY', async () => {
    const run = await runCli(lab(good.port));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Verdict: +ok$/m);
  });
});

describe('interrupted', () => {
  it('SIGINT mid-step: the report is printed, the step says so, no blame on the server, exit 130', async () => {
    const tarpit = await startTestServer({ hostile: 'tarpit' });
    try {
      const child = spawn(process.execPath, [BIN, `127.0.0.1:${tarpit.port}`, '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
      // Bounded wait for the server to see the connection (the banner step is then waiting).
      for (let i = 0; i < 500 && tarpit.connections === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(tarpit.connections).toBe(1);
      child.kill('SIGINT');
      expect(await closed).toBe(130);
      const report = JSON.parse(stdout) as {
        steps: { name: string; detail: string }[];
        verdict: { status: string; reasons: string[] };
      };
      expect(report.steps.some((s) => s.detail === 'stopped by the user')).toBe(true);
      expect(report.verdict.reasons).not.toContain('connection-closed');
      // A run that did not finish never says ok (issue #11).
      expect(report.verdict).toMatchObject({ status: 'incomplete', reasons: ['interrupted'] });
    } finally {
      await tarpit.close();
    }
  });
});

describe('IPv6', () => {
  it('[::1]:PORT reaches a server on the IPv6 loopback, address and verdict reported', async (t) => {
    const c = getTestPki().cases.valid;
    const v6 = await startTestServer({
      host: '::1',
      tls: { key: c.keyPem, cert: c.chainPem },
    }).catch(() => null);
    if (!v6) return t.skip('no IPv6 loopback on this machine');
    try {
      const run = await runCli([
        ...labArgs(v6.port, getTestPki().rootFile, undefined, '[::1]'),
        '--json',
      ]);
      const report = JSON.parse(run.stdout) as {
        target: { host: string; address: string };
        verdict: { status: string };
      };
      expect(report.target).toMatchObject({ host: '::1', address: '::1' });
      expect(report.verdict.status).toBe('ok');
      expect(run.code).toBe(0);
    } finally {
      await v6.close();
    }
  });
});
