// The handshake X-ray against node:tls servers of known configuration on loopback: the ladder of
// TLS 1.3 (decrypted) and TLS 1.2, offered against chosen, a HelloRetryRequest, the decrypted
// Certificate against the chain the TLS socket reports, each AEAD, and failures that point at
// the message they followed.
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandshakeStep } from '../../src/model/index.js';
import { negotiation } from '../../src/tls/negotiation.js';
import { failureWords } from '../../src/wording/failure.js';
import { getTestPki } from '../support/pki.js';
import { probe } from '../support/probe.js';
import { startTestServer } from '../support/smtp-server.js';
import type { HostileMode, TestServer, TestTlsOptions } from '../support/smtp-server.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(tls: Partial<TestTlsOptions> = {}, hostile?: HostileMode): Promise<number> {
  const c = getTestPki().cases.valid;
  server = await startTestServer({
    tls: { key: c.keyPem, cert: c.chainPem, ...tls },
    ...(hostile ? { hostile } : {}),
  });
  return server.port;
}

const types = (steps: HandshakeStep[]): string[] => steps.map((s) => `${s.dir} ${s.type}`);

describe('TLS 1.3', () => {
  it('the encrypted flight, decrypted, in order, with offered against chosen', async () => {
    const { result } = await probe(await serve());
    const tls = result.tls;
    const steps = tls?.handshake ?? [];
    expect(types(steps)).toEqual([
      'C client_hello',
      'S server_hello',
      'S change_cipher_spec',
      'S encrypted_extensions',
      'S certificate',
      'S certificate_verify',
      'S finished',
      'C change_cipher_spec',
      'C finished',
      'S new_session_ticket',
      'S new_session_ticket',
    ]);
    expect(steps.filter((s) => s.encrypted).map((s) => s.type)).toEqual([
      'encrypted_extensions',
      'certificate',
      'certificate_verify',
      'finished',
      'finished',
      'new_session_ticket',
      'new_session_ticket',
    ]);
    expect(tls?.helloRetry).toBe(false);
    expect(tls?.signatureScheme).toBe('rsa_pss_rsae_sha256');
    const rows = Object.fromEntries(negotiation(steps).map((n) => [n.item, n]));
    expect(rows.version?.offered).toEqual(['TLSv1.3', 'TLSv1.2']);
    expect(rows.version?.chosen).toBe('TLSv1.3');
    expect(rows.cipherSuite?.chosen).toBe(tls?.cipher.standardName);
    expect(rows.cipherSuite?.offered).toContain(tls?.cipher.standardName);
    expect(rows.group?.chosen).toBe('x25519');
    expect(rows.group?.offered).toContain('x25519');
    expect(rows.signatureScheme?.offered).toContain('rsa_pss_rsae_sha256');
    // Times grow along the ladder, from the first ClientHello.
    expect(steps[0]?.ms).toBe(0);
    const times = steps.map((s) => s.ms);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('the decrypted Certificate is the chain the TLS socket reports', async () => {
    const { result } = await probe(await serve());
    const cert = result.tls?.handshake?.find((s) => s.type === 'certificate');
    expect(cert?.encrypted).toBe(true);
    expect(cert?.fields.certificates).toBe(2);
    expect(cert?.fields.fingerprints256).toEqual(
      result.certificate?.chain.map((c) => c.fingerprint256),
    );
    expect(cert?.fields.ocspStapled).toBe(false);
  });

  it('a stapled OCSP response is seen in the decrypted Certificate entry', async () => {
    // A tls.Server staples (its 'OCSPRequest' event); implicit TLS needs no SMTP before it.
    const c = getTestPki().cases.valid;
    const ocspResponse = Buffer.from('0123456789abcdef'.repeat(4));
    const open = new Set<{ destroy(): void }>();
    const stapler = createTlsServer({ key: c.keyPem, cert: c.chainPem }, (s) => {
      open.add(s);
      s.on('error', () => undefined);
      s.end('421 4.3.2 not today\r\n');
    });
    stapler.on('OCSPRequest', (_c: Buffer, _i: Buffer, cb: (e: null, r: Buffer) => void) =>
      cb(null, ocspResponse),
    );
    await new Promise<void>((resolve) => stapler.listen(0, '127.0.0.1', resolve));
    try {
      const port = (stapler.address() as AddressInfo).port;
      const { result } = await probe(port, { tlsMode: 'implicit', quitAfter: 'tls' });
      expect(result.tls?.ocspStapled).toBe(true);
      const cert = result.tls?.handshake?.find((s) => s.type === 'certificate');
      expect(cert?.encrypted).toBe(true);
      expect(cert?.fields.ocspStapled).toBe(true);
      expect(cert?.fields.ocspBytes).toBe(ocspResponse.length);
      expect(cert?.fields.entryExtensions).toContain('status_request');
    } finally {
      // A server-side TLS socket that ended first and then read our QUIT may never say
      // 'close' (the kernel has closed the connection: TIME-WAIT), and close() would wait.
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => stapler.close(() => resolve()));
    }
  });

  for (const suite of [
    'TLS_AES_128_GCM_SHA256',
    'TLS_AES_256_GCM_SHA384',
    'TLS_CHACHA20_POLY1305_SHA256',
  ]) {
    it(`decrypts ${suite}`, async () => {
      const { result } = await probe(await serve({ ciphers: suite, minVersion: 'TLSv1.3' }));
      expect(result.tls?.cipher.standardName).toBe(suite);
      const steps = result.tls?.handshake ?? [];
      expect(steps.some((s) => s.type === 'encrypted_record')).toBe(false);
      expect(steps.find((s) => s.type === 'certificate_verify')?.fields.signatureScheme).toBe(
        'rsa_pss_rsae_sha256',
      );
    });
  }

  it('a server with P-384 only asks for a HelloRetryRequest', async () => {
    const { result } = await probe(await serve({ ecdhCurve: 'P-384' }));
    const steps = result.tls?.handshake ?? [];
    expect(result.tls?.helloRetry).toBe(true);
    expect(types(steps).slice(0, 5)).toEqual([
      'C client_hello',
      'S hello_retry_request',
      'S change_cipher_spec',
      'C change_cipher_spec',
      'C client_hello',
    ]);
    expect(steps[1]?.fields.group).toBe('secp384r1');
    expect(steps[0]?.fields.keyShares).not.toContain('secp384r1');
    expect(steps[4]?.fields.keyShares).toEqual(['secp384r1']);
    const group = negotiation(steps).find((n) => n.item === 'group');
    expect(group?.chosen).toBe('secp384r1');
    expect(steps.some((s) => s.type === 'certificate' && s.encrypted)).toBe(true);
  });
});

describe('TLS 1.2', () => {
  it('the clear flight, the signature scheme from ServerKeyExchange, the Finished by size', async () => {
    const { result } = await probe(await serve(), { maxTlsVersion: 'TLSv1.2' });
    const steps = result.tls?.handshake ?? [];
    expect(types(steps)).toEqual([
      'C client_hello',
      'S server_hello',
      'S certificate',
      'S server_key_exchange',
      'S server_hello_done',
      'C client_key_exchange',
      'C change_cipher_spec',
      'C finished',
      'S new_session_ticket',
      'S change_cipher_spec',
      'S finished',
    ]);
    expect(result.tls?.signatureScheme).toBe('rsa_pss_rsae_sha256');
    const rows = Object.fromEntries(negotiation(steps).map((n) => [n.item, n]));
    expect(rows.version?.offered).toEqual(['TLSv1.2']);
    expect(rows.version?.chosen).toBe('TLSv1.2');
    expect(rows.cipherSuite?.chosen).toBe(result.tls?.cipher.standardName);
    expect(rows.group?.chosen).toBe('x25519');
    expect(rows.group?.chosenAt).toBe(3);
    const finished = steps.filter((s) => s.type === 'finished');
    expect(finished.every((s) => s.encrypted && s.fields.decrypted === false)).toBe(true);
    const cert = steps.find((s) => s.type === 'certificate');
    expect(cert?.encrypted).toBe(false);
    expect(cert?.fields.fingerprints256).toEqual(
      result.certificate?.chain.map((c) => c.fingerprint256),
    );
  });
});

describe('a failed negotiation points at the message', () => {
  it('--tls-max 1.2 against a TLS 1.3-only server: protocol_version after our ClientHello', async () => {
    const { result, judged } = await probe(await serve({ minVersion: 'TLSv1.3' }), {
      maxTlsVersion: 'TLSv1.2',
    });
    const f = result.tlsFailure;
    expect(f?.reason).toBe('protocol-mismatch');
    expect(f?.afterMessage).toEqual({ dir: 'C', type: 'client_hello' });
    expect(f?.wireAlert).toEqual({ dir: 'S', description: 'protocol_version', level: 'fatal' });
    expect(f?.offered?.versions).toEqual(['TLSv1.2']);
    expect(types(f?.handshake ?? [])).toEqual(['C client_hello', 'S alert']);
    const words = failureWords(
      judged.facts.failure ?? { stage: 'tls', kind: 'tls', afterTls: false },
    );
    expect(words).toContain(
      'the server answered our ClientHello with alert protocol_version: it supports none of the versions offered (TLSv1.2)',
    );
  });

  it('a ClientHello offering only TLS 1.3 to a TLS 1.2 server', async () => {
    const { result } = await probe(await serve({ maxVersion: 'TLSv1.2' }), {
      minTlsVersion: 'TLSv1.3',
    });
    const f = result.tlsFailure;
    expect(f?.offered?.versions).toEqual(['TLSv1.3']);
    expect(f?.wireAlert?.description).toBe('protocol_version');
    expect(result.steps.find((s) => s.name === 'tls')?.detail).toContain(
      'none of the versions offered (TLSv1.3)',
    );
  });

  it('handshake_failure after a ClientHello names the suites and groups offered', async () => {
    const { result } = await probe(
      await serve({ maxVersion: 'TLSv1.2', ciphers: 'CAMELLIA256-SHA:@SECLEVEL=0' }),
    );
    const f = result.tlsFailure;
    expect(f?.wireAlert?.description).toBe('handshake_failure');
    expect(f?.afterMessage).toEqual({ dir: 'C', type: 'client_hello' });
    const detail = result.steps.find((s) => s.name === 'tls')?.detail ?? '';
    expect(detail).toContain(
      'nothing in common with what was offered (cipher suites TLS_AES_256_GCM_SHA384',
    );
    expect(detail).toContain('groups x25519');
  });

  it('a reset is placed after the last message seen', async () => {
    const { result } = await probe(await serve({}, 'rst-after-220'));
    const f = result.tlsFailure;
    expect(f?.reason).toBe('connection-reset');
    expect(f?.afterMessage).toEqual({ dir: 'C', type: 'client_hello' });
    expect(f?.wireAlert).toBeNull();
    expect(result.steps.find((s) => s.name === 'tls')?.detail).toContain(
      'the connection ended right after our ClientHello, without an alert',
    );
  });

  it('a stall is placed after the ServerHello', async () => {
    const { result } = await probe(await serve({}, 'stall-after-serverhello'), { timeoutMs: 500 });
    const f = result.tlsFailure;
    expect(f?.reason).toBe('handshake-timeout');
    expect(f?.afterMessage?.dir).toBe('S');
    expect(result.steps.find((s) => s.name === 'tls')?.detail).toMatch(
      /no answer after the server's/,
    );
  });
});
