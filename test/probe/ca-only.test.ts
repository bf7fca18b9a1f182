// --ca-only (openssl's -CAfile alone): the trust store consults only the given anchors, and a
// probe's verdict follows. A test CA cannot be put into the system store, so the "system roots
// really are ignored" half is a unit test of buildTrustStore on a real system root.
import { X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTrustStore, loadSystemAnchors } from '../../src/tls/trust-store.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { probe } from '../support/probe.js';
import { readFileSync } from 'node:fs';

describe('buildTrustStore', () => {
  // A root both Node's bundle and the system bundle hold (whichever loadSystemAnchors uses).
  const system = new Set(loadSystemAnchors().map((c) => c.subject));
  const known = rootCertificates
    .map((pem) => new X509Certificate(pem))
    .find((c) => system.has(c.subject)) as X509Certificate;

  it('finds a system root without caOnly', () => {
    expect(known).toBeDefined();
    const store = buildTrustStore([getTestPki().rootPem]);
    expect([...store.bySubject(known.subject)].length).toBeGreaterThan(0);
  });

  it('does not find it with caOnly, and still finds the given anchor', () => {
    const store = buildTrustStore([getTestPki().rootPem], { caOnly: true });
    expect([...store.bySubject(known.subject)]).toEqual([]);
    const root = new X509Certificate(getTestPki().rootPem);
    expect([...store.bySubject(root.subject)].map((c) => c.fingerprint256)).toEqual([
      root.fingerprint256,
    ]);
  });

  it('with caOnly and no anchors trusts nothing', () => {
    expect([...buildTrustStore([], { caOnly: true }).bySubject(known.subject)]).toEqual([]);
  });
});

describe('a probe with caOnly', () => {
  let server: TestServer;
  beforeAll(async () => {
    const c = getTestPki().cases.valid;
    server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
  });
  afterAll(() => server.close());

  it('is trusted when the given anchor is the chain root', async () => {
    const { result } = await probe(server.port, { caOnly: true });
    expect(result.verdict.status).toBe('ok');
    expect(result.certificate?.trusted).toBe(true);
  });

  it('is untrusted-root when no given anchor matches', async () => {
    const other = readFileSync(getTestPki().otherRootFile, 'utf8');
    const { result } = await probe(server.port, { caOnly: true, caPems: [other] });
    expect(result.verdict.status).toBe('certificate-invalid');
    expect(result.certificate?.problems).toContain('untrusted-root');
  });
});
