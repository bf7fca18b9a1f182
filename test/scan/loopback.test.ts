// The scan against loopback servers with known sets: node:tls behind the scriptable SMTP server
// (STARTTLS), and a server that answers 421 once it has had enough connections.
import { connect, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderScanPlain } from '../../src/report/scan-plain.js';
import { runScan } from '../../src/scan/scan.js';
import type { ScanResult, ScanSpec } from '../../src/scan/types.js';
import { getTestPki } from '../support/pki.js';
import { startTestServer, type TestServer, type TestTlsOptions } from '../support/smtp-server.js';

const spec = (port: number, over: Partial<ScanSpec> = {}): ScanSpec => ({
  host: 'mx.lab.test',
  address: '127.0.0.1',
  port,
  tlsMode: 'starttls',
  ehloName: 'scan.lab.test',
  sni: 'mx.lab.test',
  verifyName: 'mx.lab.test',
  caPems: [getTestPki().rootPem],
  timeoutMs: 5000,
  budget: 400,
  concurrency: 4,
  ...over,
});

const names = (r: ScanResult, v: keyof ScanResult['protocols']): string[] =>
  r.protocols[v].ciphers.map((c) => c.standardName).sort();

describe('scan against node:tls servers with known sets', () => {
  const servers: TestServer[] = [];
  const start = async (tls: Partial<TestTlsOptions>): Promise<TestServer> => {
    const c = getTestPki().cases.valid;
    const s = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem, ...tls } });
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  it('TLS 1.2 only, two suites: exactly those, nothing else, server order found', async () => {
    const s = await start({
      minVersion: 'TLSv1.2',
      maxVersion: 'TLSv1.2',
      ciphers: 'ECDHE-RSA-AES128-GCM-SHA256:AES256-SHA:@SECLEVEL=0',
      ecdhCurve: 'P-384:X25519',
    });
    const r = await runScan(spec(s.port));
    expect(r.protocols['TLSv1.2'].supported).toBe(true);
    expect(names(r, 'TLSv1.2')).toEqual([
      'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
      'TLS_RSA_WITH_AES_256_CBC_SHA',
    ]);
    for (const v of ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.3'] as const)
      expect(r.protocols[v]).toMatchObject({ supported: false, ciphers: [], complete: true });
    expect([...r.groups.ecdhe].sort()).toEqual(['secp384r1', 'x25519']);
    expect(r.groups.tls13).toEqual([]);
    expect(r.inconclusive).toEqual([]);
    // What the test server counted is what the scan says it used.
    expect(s.connections).toBe(r.probes);
    // The certificate came from the clear TLS 1.2 Certificate message.
    expect(r.certificates).toHaveLength(1);
    expect(r.certificates[0]).toMatchObject({ keyType: 'RSA', via: 'raw-tls12' });
    expect(r.certificates[0]?.report.trusted).toBe(true);
    expect(r.weaknesses.map((w) => w.code)).toEqual(['rsa-key-exchange']);
    const legacy = r.senders.find((x) => x.id === 'legacy-tls10');
    expect(legacy?.protocol).toBeNull();
    expect(legacy?.failure).toMatch(/alert/);
    expect(r.senders.find((x) => x.id === 'openssl-3')).toMatchObject({
      protocol: 'TLSv1.2',
      cipher: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
    });
  });

  it('TLS 1.3 with two groups and TLS 1.0 with an anonymous suite: groups, weaknesses, legacy sender', async () => {
    // This OpenSSL has no 3DES or RC4 (so no local server can offer them); their detection is
    // table-tested in pure.test.ts, and the raw hello offers them regardless.
    const s = await start({
      minVersion: 'TLSv1',
      maxVersion: 'TLSv1.3',
      ciphers: 'TLS_AES_256_GCM_SHA384:ECDHE-RSA-AES256-SHA:AECDH-AES128-SHA:@SECLEVEL=0',
      ecdhCurve: 'P-256:X25519',
    });
    const r = await runScan(spec(s.port));
    expect(names(r, 'TLSv1.3')).toEqual(['TLS_AES_256_GCM_SHA384']);
    expect([...r.groups.tls13].sort()).toEqual(['secp256r1', 'x25519']);
    expect(r.groups.helloRetryRequest).toBe(true);
    // Measured on TLS 1.3, so --plain shows them under TLS 1.3, not under the TLS 1.2 line.
    const plain = renderScanPlain(r);
    expect(plain).toMatch(/TLS 1\.3 HelloRetryRequest +yes/);
    expect(plain.indexOf('TLS 1.3 server preference')).toBeLessThan(plain.indexOf('TLS 1.2 ECDHE'));
    expect(names(r, 'TLSv1.0')).toEqual([
      'TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA',
      'TLS_ECDH_anon_WITH_AES_128_CBC_SHA',
    ]);
    const codes = r.weaknesses.map((w) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        'tls10-enabled',
        'tls11-enabled',
        'anonymous-cipher',
        'cbc-only-tls10',
      ]),
    );
    expect(r.protocols['TLSv1.0'].ciphers.find((c) => c.name === 'AECDH-AES128-SHA')?.weak).toBe(
      true,
    );
    expect(r.senders.find((x) => x.id === 'legacy-tls10')).toMatchObject({ protocol: 'TLSv1.0' });
    expect(s.connections).toBe(r.probes);
  });

  it("the server's own order, found exactly, and a client-order server said to follow the client", async () => {
    // OpenSSL's order of these five is not the scan's offer order (by code within its ranks).
    const ciphers =
      'AES256-SHA:ECDHE-RSA-AES128-GCM-SHA256:AES128-SHA:ECDHE-RSA-AES256-GCM-SHA384:AES256-GCM-SHA384:@SECLEVEL=0';
    const tls = { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers } as const;
    const own = await start({ ...tls, serverOrder: true });
    const r = await runScan(spec(own.port));
    expect(r.serverOrder['TLSv1.2']).toEqual({
      enforced: true,
      order: [
        'TLS_RSA_WITH_AES_256_CBC_SHA',
        'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256',
        'TLS_RSA_WITH_AES_128_CBC_SHA',
        'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384',
        'TLS_RSA_WITH_AES_256_GCM_SHA384',
      ],
    });
    // With an order of its own, the protocol's list follows it.
    expect(r.protocols['TLSv1.2'].ciphers[0]?.name).toBe('AES256-SHA');
    expect(own.connections).toBe(r.probes);
    const client = await start(tls);
    const c = await runScan(spec(client.port));
    expect(c.serverOrder['TLSv1.2']).toEqual({ enforced: false, order: [] });
    expect(names(c, 'TLSv1.2')).toHaveLength(5);
  });

  it('--budget caps the connections and says what was left untested', async () => {
    const s = await start({ minVersion: 'TLSv1.2' });
    const r = await runScan(spec(s.port, { budget: 6 }));
    expect(s.connections).toBeLessThanOrEqual(6);
    expect(r.probes).toBeLessThanOrEqual(6);
    expect(r.inconclusive.some((i) => i.why === 'budget')).toBe(true);
    for (const p of Object.values(r.protocols))
      if (!p.complete) expect(p.supported).not.toBe(false);
  });
});

describe('a server that throttles', () => {
  let upstream: TestServer;
  let gate: Server;
  let port = 0;
  let connections = 0;
  const ALLOWED = 5;
  beforeAll(async () => {
    const c = getTestPki().cases.valid;
    upstream = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
    // In front of it: the first ALLOWED connections pass, then "421" as Postfix anvil says it.
    gate = createServer((client) => {
      connections += 1;
      client.on('error', () => undefined);
      if (connections > ALLOWED) {
        client.end('421 4.7.0 mx.lab.test Error: too many connections from 127.0.0.1\r\n');
        return;
      }
      const up = connect({ host: '127.0.0.1', port: upstream.port });
      up.on('error', () => client.destroy());
      client.pipe(up).pipe(client);
    });
    await new Promise<void>((ok) => gate.listen(0, '127.0.0.1', ok));
    const a = gate.address();
    port = typeof a === 'object' && a ? a.port : 0;
  });
  afterAll(async () => {
    await new Promise<void>((ok) => gate.close(() => ok()));
    await upstream.close();
  });

  it('is reported throttled and inconclusive, never "not supported", and left alone', async () => {
    const r = await runScan(spec(port, { backoffMs: 5 }));
    expect(r.inconclusive.length).toBeGreaterThan(0);
    expect(r.inconclusive.every((i) => i.why === 'throttled')).toBe(true);
    expect(r.inconclusive[0]?.detail).toMatch(/reply-421: 421 .*too many connections/);
    for (const p of Object.values(r.protocols))
      if (!p.complete) expect(p.supported).not.toBe(false);
    expect(Object.values(r.protocols).some((p) => !p.complete)).toBe(true);
    // After a few retries the pool gives up instead of hammering the server.
    expect(connections).toBeLessThan(ALLOWED + 12);
  });
});
