// The TUI's handshake X-ray against a real Postfix on loopback, TLS 1.3 and TLS 1.2 (the
// variant a --tls-max 1.2 run would take): guided through the handshake, then h walks the
// recorded messages with offered against chosen.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import type { TlsVersion } from '../../src/model/index.js';
import { getTestPki } from '../support/pki.js';
import { labOptions } from '../support/probe.js';
import { pressUntil, waitForFrame } from '../support/frames.js';
import { postfixAvailable, startPostfix } from '../support/postfix.js';
import type { PostfixInstance } from '../support/postfix.js';

const available = postfixAvailable();

describe.skipIf(!available.ok)('TUI handshake X-ray against a real Postfix', () => {
  let pf: PostfixInstance | null = null;
  beforeAll(async () => {
    pf = await startPostfix(getTestPki(), { certCase: 'valid' });
  }, 60_000);
  afterAll(async () => {
    await pf?.stop();
  }, 60_000);

  const cases: [string, TlsVersion | undefined, string[]][] = [
    [
      'TLS 1.3',
      undefined,
      [
        'ClientHello',
        'ServerHello',
        'ChangeCipherSpec',
        'EncryptedExtensions',
        'Certificate',
        'CertificateVerify',
        'Finished',
      ],
    ],
    [
      'TLS 1.2',
      'TLSv1.2',
      ['ClientHello', 'ServerHello', 'Certificate', 'ServerKeyExchange', 'ServerHelloDone'],
    ],
  ];
  for (const [name, max, walk] of cases) {
    it(name, async () => {
      if (!pf) throw new Error('Postfix did not start');
      const r = renderApp({
        ...labOptions(pf.port),
        ...(max ? { maxTlsVersion: max } : {}),
        guided: true,
      });
      for (const step of ['connect', 'banner', 'EHLO', 'STARTTLS', 'TLS handshake']) {
        await waitForFrame(r.lastFrame, (f) => f.includes('Enter:'));
        await pressUntil(r, '\r', (f) => new RegExp(`[✓✗] ${step}\\b`).test(f));
      }
      await waitForFrame(r.lastFrame, (f) => f.includes('h handshake'));
      let frame = await pressUntil(r, 'h', (f) => f.includes('message 1 of'));
      walk.forEach((m, i) => {
        if (i === 0) expect(frame).toContain(`${m}  C → S`);
      });
      for (let i = 1; i < walk.length; i++) {
        frame = await pressUntil(r, '\r', (f) => f.includes(`message ${i + 1} of`));
        expect(frame).toContain(`${walk[i]}  S → C`);
        if (walk[i] === 'ServerHello') {
          expect(frame).toContain(`→ chosen ${max ?? 'TLSv1.3'}`);
          expect(frame).toMatch(/cipher suite: → chosen TLS_/);
        }
        if (walk[i] === 'CertificateVerify' || walk[i] === 'ServerKeyExchange')
          expect(frame).toContain('signature scheme: → chosen rsa_pss_rsae_sha256');
      }
      r.unmount();
    });
  }
});
