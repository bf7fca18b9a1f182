// Each verdict and reason, against a real test server on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer, TestServerOptions } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import type { CertCaseName } from '../support/pki.js';
import { probe } from '../support/probe.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(
  opts: TestServerOptions = {},
  cert: CertCaseName = 'valid',
): Promise<TestServer> {
  const c = getTestPki().cases[cert];
  server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem }, ...opts });
  return server;
}

describe('certificate verdicts', () => {
  it('a valid chain with its intermediate is ok', async () => {
    const s = await serve();
    const { result } = await probe(s.port);
    expect(result.verdict.status).toBe('ok');
    expect(result.verdict.strictTls).toBe('deliver');
    expect(result.certificate?.trusted).toBe(true);
    expect(result.certificate?.hostnameMatch).toBe(true);
    expect(result.certificate?.chain).toHaveLength(2);
    expect(result.certificate?.anchor?.subject).toMatch(/Root/);
    expect(result.tool.name).toBe('smtpscope');
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
    expect(result.ms).toBeGreaterThan(0);
    expect(result.certificate?.chain[0]?.subjectAltNames).toContain('DNS:mx.lab.test');
    expect(result.tls?.protocol).toBe('TLSv1.3');
    expect(result.tls?.cipher.standardName).toMatch(/^TLS_/);
    expect(result.tls?.sni).toBe('mx.lab.test');
    expect(result.steps.map((st) => `${st.name}:${st.status}`)).toEqual([
      'connect:ok',
      'banner:ok',
      'ehlo:ok',
      'starttls:ok',
      'tls:ok',
      'certificate:ok',
      'ehlo-tls:ok',
      'quit:ok',
    ]);
  });

  const cases: [CertCaseName, string][] = [
    ['expired', 'expired'],
    ['notYetValid', 'not-yet-valid'],
    ['wrongHost', 'hostname-mismatch'],
    ['selfSigned', 'self-signed'],
    ['missingIntermediate', 'incomplete-chain'],
    ['rsa1024', 'weak-key'],
    ['sha1', 'weak-signature'],
  ];
  for (const [cert, reason] of cases) {
    it(`${cert} → certificate-invalid (${reason})`, async () => {
      const s = await serve({}, cert);
      const { result } = await probe(s.port);
      expect(result.verdict.status).toBe('certificate-invalid');
      expect(result.verdict.reasons).toContain(reason);
      expect(result.certificate?.problems).toContain(reason);
      // A broken certificate is a finding: the session still goes on inside TLS.
      expect(result.steps.find((st) => st.name === 'ehlo-tls')?.status).toBe('ok');
      expect(result.verdict.strictTls).toBe('deliver');
    });
  }

  it('an unknown root (no --ca-file) is untrusted-root, not incomplete-chain', async () => {
    const s = await serve();
    const { result } = await probe(s.port, { caPems: [] });
    expect(result.verdict.reasons).toEqual(['untrusted-root']);
  });

  it('an ECDSA leaf is described with its curve', async () => {
    const s = await serve({}, 'ecdsa');
    const { result } = await probe(s.port);
    expect(result.verdict.status).toBe('ok');
    expect(result.certificate?.chain[0]?.key).toMatchObject({ type: 'ec', curve: 'prime256v1' });
  });
});

describe('STARTTLS verdicts', () => {
  it('no STARTTLS advertised → tls-not-offered', async () => {
    const s = await serve({ starttls: false });
    const { result } = await probe(s.port);
    expect(result.verdict.status).toBe('tls-not-offered');
    expect(result.starttls.offered).toBe(false);
    expect(result.verdict.strictTls).toBe('drop');
    expect(result.steps.find((st) => st.name === 'quit')?.status).toBe('ok');
  });

  for (const reply of [
    '454 4.7.0 TLS not available due to local problem',
    '502 5.5.1 Not implemented',
  ]) {
    it(`STARTTLS answered ${reply.slice(0, 3)} → starttls-rejected`, async () => {
      const s = await serve({ starttlsReply: reply });
      const { result } = await probe(s.port);
      expect(result.verdict.status).toBe('starttls-rejected');
      expect(result.starttls.reply?.code).toBe(Number(reply.slice(0, 3)));
      expect(result.starttls.reply?.enhanced).toBe(reply.slice(4, 9));
      expect(result.verdict.summary).toContain(reply.slice(0, 3));
    });
  }

  it('EHLO refused → HELO fallback, said so, and TLS cannot be offered', async () => {
    const s = await serve({ ehloRefused: true });
    const { result } = await probe(s.port);
    expect(result.heloFallback).toBe(true);
    expect(result.verdict.status).toBe('tls-not-offered');
    expect(result.transcript.some((e) => e.dir === 'C' && e.text.startsWith('HELO '))).toBe(true);
  });
});

describe('TLS failures', () => {
  it('no TLS version in common → tls-failed protocol-mismatch, alert in words', async () => {
    const s = await serve({ tls: { ...tlsOf('valid'), maxVersion: 'TLSv1.2' } });
    const { result } = await probe(s.port, { minTlsVersion: 'TLSv1.3' });
    expect(result.verdict.status).toBe('tls-failed');
    expect(result.verdict.reasons).toEqual(['protocol-mismatch']);
    expect(result.tlsFailure?.message).toMatch(/no TLS version in common/);
    expect(result.verdict.fix).toMatch(/^Senders limited to TLS 1\.3 cannot deliver/);
  });

  it('--tls-max 1.1 offers TLS 1.1 (OpenSSL 3 refuses to at its default level)', async () => {
    const s = await serve({ tls: { ...tlsOf('valid'), maxVersion: 'TLSv1.1' } });
    const { result } = await probe(s.port, { maxTlsVersion: 'TLSv1.1' });
    expect(result.tls?.protocol).toBe('TLSv1.1');
    // Weak negotiated parameters are findings, and the verdict is not "ok" (issue #11).
    expect(result.verdict.status).toBe('tls-weak');
    expect(result.verdict.reasons).toContain('legacy-protocol');
    expect(result.verdict.reasons).toContain('weak-cipher');
    expect(result.verdict.fix).not.toMatch(/Nothing to fix/);
    expect(result.notes.join(' ')).toMatch(/TLS 1\.1 was negotiated: deprecated since RFC 8996/);
  });

  it('a server that refuses TLS 1.1 is told apart from a client that cannot offer it', async () => {
    const s = await serve({ tls: { ...tlsOf('valid'), minVersion: 'TLSv1.2' } });
    const { result } = await probe(s.port, { maxTlsVersion: 'TLSv1.1' });
    expect(result.verdict.reasons).toEqual(['protocol-mismatch']);
    expect(result.tlsFailure?.message).toMatch(/server sent TLS alert 70/);
    // The ClientHello left: the server saw a TLS handshake attempt, not a silent client.
    expect(result.tlsFailure?.message).not.toMatch(/this client could not start/);
    // Refusing TLS 1.0–1.1 is right: the fix must not tell the admin to change anything.
    expect(result.verdict.summary).toMatch(
      /refused TLS 1\.0–1\.1, the only versions this run offered/,
    );
    expect(result.verdict.fix).toMatch(/^Nothing to fix for current senders.*RFC 8996/);
  });

  it('no cipher in common → no-shared-cipher', async () => {
    const s = await serve({
      tls: { ...tlsOf('valid'), maxVersion: 'TLSv1.2', ciphers: 'CAMELLIA256-SHA:@SECLEVEL=0' },
    });
    const { result } = await probe(s.port);
    expect(result.verdict.reasons).toEqual(['no-shared-cipher']);
  });
});

describe('SMTP and network verdicts', () => {
  it('421 banner → smtp-error', async () => {
    const s = await serve({ banner: ['421 4.3.2 Service not available'] });
    const { result } = await probe(s.port);
    expect(result.verdict.status).toBe('smtp-error');
    expect(result.verdict.reasons).toEqual(['banner-421']);
    expect(result.banner?.code).toBe(421);
  });

  it('a closed port → unreachable (connection-refused)', async () => {
    const port = await freePort();
    const { result } = await probe(port);
    expect(result.verdict.status).toBe('unreachable');
    expect(result.verdict.reasons).toEqual(['connection-refused']);
  });

  it('implicit TLS: handshake first, then the banner inside TLS', async () => {
    const s = await serve({ implicitTls: true });
    const { result } = await probe(s.port, { tlsMode: 'implicit' });
    expect(result.verdict.status).toBe('ok');
    expect(result.steps.map((st) => st.name).slice(0, 4)).toEqual([
      'connect',
      'tls',
      'certificate',
      'banner',
    ]);
    expect(result.ehlo.after?.extensions).toBeDefined();
  });

  it('implicit TLS against a plaintext SMTP port says so, without a STARTTLS it never sent', async () => {
    const s = await serve();
    const { result } = await probe(s.port, { tlsMode: 'implicit' });
    expect(result.verdict.status).toBe('tls-failed');
    expect(result.verdict.summary).toMatch(/^On this implicit-TLS port the TLS handshake failed/);
    expect(result.verdict.summary).toMatch(/seems to speak plaintext SMTP/);
    expect(result.verdict.fix).toMatch(/--tls starttls/);
  });

  it('--quit-after starttls closes after the 220 without a plaintext QUIT', async () => {
    const s = await serve();
    const { result } = await probe(s.port, { quitAfter: 'starttls' });
    expect(result.verdict.reasons).toEqual(['tls-not-tested']);
    // The handshake was not tried: "deliver" would be a claim this run cannot make.
    expect(result.verdict.strictTls).toBe('drop');
    expect(result.verdict.summary).toMatch(/STARTTLS is advertised, but .* did not try/);
    expect(result.steps.find((st) => st.name === 'quit')?.status).toBe('skipped');
    expect(s.received).toEqual(['EHLO client.lab.test', 'STARTTLS']);
  });

  it('--quit-after ehlo stops before STARTTLS and says TLS was not tested', async () => {
    const s = await serve();
    const { result } = await probe(s.port, { quitAfter: 'ehlo' });
    expect(result.verdict.reasons).toEqual(['tls-not-tested']);
    expect(result.steps.find((st) => st.name === 'starttls')?.status).toBe('skipped');
    expect(result.transcript.some((e) => e.text === 'QUIT')).toBe(true);
  });
});

function tlsOf(name: CertCaseName): { key: string; cert: string } {
  const c = getTestPki().cases[name];
  return { key: c.keyPem, cert: c.chainPem };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
