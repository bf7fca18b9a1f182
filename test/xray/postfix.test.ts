// The handshake X-ray against a real Postfix on loopback, through the CLI as a user runs it:
// TLS 1.3 with the decrypted flight and the signature scheme in --json, TLS 1.2 forced with
// --tls-max 1.2, the --plain ladder, and a TLS 1.3-only Postfix probed with --tls-max 1.2,
// where the failure points at the alert and names the versions offered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonReport } from '../../src/report/json.js';
import { labArgs, runCli } from '../support/cli.js';
import { getTestPki } from '../support/pki.js';
import { postfixAvailable, startPostfix } from '../support/postfix.js';
import type { PostfixInstance } from '../support/postfix.js';

const available = postfixAvailable();
if (!available.ok) console.warn(`skipping the Postfix X-ray tests: ${available.reason}`);

describe.skipIf(!available.ok)('handshake X-ray against a real Postfix', () => {
  let any: PostfixInstance | null = null;
  let only13: PostfixInstance | null = null;
  beforeAll(async () => {
    const pki = getTestPki();
    [any, only13] = await Promise.all([
      startPostfix(pki, { certCase: 'valid' }),
      startPostfix(pki, { certCase: 'valid', tlsMinVersion: 'TLSv1.3' }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([any?.stop(), only13?.stop()]);
  }, 60_000);

  async function json(p: PostfixInstance | null, extra: string[] = []): Promise<JsonReport> {
    if (!p) throw new Error('Postfix did not start');
    const run = await runCli([...labArgs(p.port, getTestPki().rootFile, 5000), '--json', ...extra]);
    return JSON.parse(run.stdout) as JsonReport;
  }

  it('TLS 1.3: the decrypted flight and the signature scheme in --json', async () => {
    const r = await json(any);
    expect(r.tls?.protocol).toBe('TLSv1.3');
    const steps = r.tls?.handshake ?? [];
    const order = steps.map((s) => `${s.dir} ${s.type}`);
    expect(order.slice(0, 2)).toEqual(['C client_hello', 'S server_hello']);
    for (const t of ['encrypted_extensions', 'certificate', 'certificate_verify', 'finished'])
      expect(steps.find((s) => s.dir === 'S' && s.type === t)?.encrypted).toBe(true);
    expect(order).toContain('C finished');
    expect(r.tls?.signatureScheme).toBe('rsa_pss_rsae_sha256');
    expect(r.tls?.helloRetry).toBe(false);
    const cert = steps.find((s) => s.type === 'certificate');
    expect(cert?.fields.fingerprints256).toEqual(r.certificate?.chain.map((c) => c.fingerprint256));
    for (const s of steps)
      expect(Object.keys(s).sort()).toEqual(['bytes', 'dir', 'encrypted', 'fields', 'ms', 'type']);
  });

  it('TLS 1.2 forced with --tls-max 1.2: the clear flight, ServerKeyExchange signed', async () => {
    const r = await json(any, ['--tls-max', '1.2']);
    expect(r.tls?.protocol).toBe('TLSv1.2');
    const order = (r.tls?.handshake ?? []).map((s) => `${s.dir} ${s.type}`);
    expect(order.slice(0, 5)).toEqual([
      'C client_hello',
      'S server_hello',
      'S certificate',
      'S server_key_exchange',
      'S server_hello_done',
    ]);
    expect(r.tls?.signatureScheme).toBe('rsa_pss_rsae_sha256');
  });

  it('--plain prints the ladder with arrows and offered against chosen', async () => {
    if (!any) throw new Error('Postfix did not start');
    const run = await runCli([...labArgs(any.port, getTestPki().rootFile, 5000), '--plain']);
    expect(run.stdout).toMatch(/Handshake \(ms since the ClientHello\):/);
    expect(run.stdout).toMatch(/C --> S {2}ClientHello/);
    expect(run.stdout).toMatch(
      /C <-- S {2}CertificateVerify .*signature rsa_pss_rsae_sha256; decrypted/,
    );
    expect(run.stdout).toMatch(/version +offered TLSv1\.3, TLSv1\.2 -> chosen TLSv1\.3/);
    expect(run.stdout).toMatch(/signature scheme rsa_pss_rsae_sha256; HelloRetryRequest: no/);
  });

  it('--tls-max 1.2 against a TLS 1.3-only Postfix points at the alert, versions named', async () => {
    const r = await json(only13, ['--tls-max', '1.2']);
    expect(r.verdict.status).toBe('tls-failed');
    const f = r.tlsFailure;
    expect(f?.afterMessage).toEqual({ dir: 'C', type: 'client_hello' });
    expect(f?.wireAlert).toEqual({ dir: 'S', description: 'protocol_version', level: 'fatal' });
    expect(f?.offered?.versions).toEqual(['TLSv1.2']);
    expect(r.steps.find((s) => s.name === 'tls')?.detail).toContain(
      'the server answered our ClientHello with alert protocol_version: it supports none of the versions offered (TLSv1.2)',
    );
  });
});
