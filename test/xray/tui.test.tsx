// The handshake X-ray in the TUI: after the handshake has run (guided mode, paused before the
// certificate step), h opens the recorded messages and each key press walks one further, with
// what the message negotiates, the explanation, and offered against chosen.
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { KEYS } from '../../src/ui/components/Overlays.js';
import { getTestPki } from '../support/pki.js';
import { labOptions } from '../support/probe.js';
import { pressUntil, waitForFrame } from '../support/frames.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const labApp = (port: number, auto: boolean, columns = 100, rows = 30) =>
  renderApp(labOptions(port), { auto, columns, rows });

describe('handshake X-ray in the TUI', () => {
  it('h and the help name the key', () => {
    expect(KEYS.some(([k, what]) => k === 'h' && what.includes('handshake'))).toBe(true);
  });

  it('guided: walks the recorded TLS 1.3 messages one key press at a time', async () => {
    const c = getTestPki().cases.valid;
    server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
    const r = labApp(server.port, false);
    for (const step of ['connect', 'banner', 'EHLO', 'STARTTLS', 'TLS handshake']) {
      await waitForFrame(r.lastFrame, (f) => f.includes('Enter:'));
      await pressUntil(r, '\r', (f) => new RegExp(`[✓✗] ${step}\\b`).test(f));
    }
    await waitForFrame(r.lastFrame, (f) => f.includes('h handshake'));
    const first = await pressUntil(r, 'h', (f) => f.includes('message 1 of'));
    expect(first).toContain('ClientHello');
    expect(first).toContain('C ─▶ S');
    expect(first).not.toContain('ServerHello'); // not revealed yet
    expect(first).toMatch(
      /version: the server's choice comes in a later message\s+offered TLSv1\.3, TLSv1\.2/,
    );
    const second = await pressUntil(r, '\r', (f) => f.includes('message 2 of'));
    expect(second).toContain('C ◀─ S');
    expect(second).toContain('ServerHello');
    expect(second).toContain('→ chosen TLSv1.3');
    expect(second).toContain('→ chosen x25519');
    expect(second).toContain("The server's choices");
    // Walk on to the CertificateVerify: its signature scheme against what we offered.
    let frame = second;
    for (let i = 3; i <= 6; i++)
      frame = await pressUntil(r, '\r', (f) => f.includes(`message ${i} of`));
    expect(frame).toContain('CertificateVerify');
    expect(frame).toContain('→ chosen rsa_pss_rsae_sha256');
    expect(frame).toContain('decrypted for display');
    // Enter walked the ladder, not the engine: still paused before the certificate step.
    const closed = await pressUntil(r, 'h', (f) => !f.includes('message 6 of'));
    expect(closed).toContain('Enter:');
    r.unmount();
  });

  it('80×24: every offered/chosen row of the ClientHello whole, the explanation cut with "…"', async () => {
    // On a short screen yoga shrank the rows to nothing and printed each "offered" line over
    // its label ("offered TLSv1.3, TLSv1.2ce comes in a later message").
    const c = getTestPki().cases.valid;
    server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
    const r = labApp(server.port, true, 80, 24);
    await waitForFrame(r.lastFrame, (f) => f.includes('h handshake') && f.includes('Verdict'));
    const frame = await pressUntil(r, 'h', (f) => f.includes('message 1 of'));
    const lines = frame.split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const label of ['version', 'cipher suite', 'key exchange group', 'signature scheme']) {
      const at = lines.findIndex((l) => l.startsWith(`${label}: → chosen `));
      expect(at, label).toBeGreaterThan(0);
      expect(lines[at + 1]).toMatch(/^ {2}offered \S/);
    }
    expect(frame).toMatch(/^ {2}offered TLSv1\.3, TLSv1\.2$/m);
    expect(frame).toMatch(/We open the handshake: [^\n]*\n(.+\n)*.*…$/m);
    r.unmount();
  });

  it('auto: the whole ladder at once, with the HelloRetryRequest', async () => {
    const c = getTestPki().cases.valid;
    server = await startTestServer({
      tls: { key: c.keyPem, cert: c.chainPem, ecdhCurve: 'P-384' },
    });
    const r = labApp(server.port, true, 120, 40);
    await waitForFrame(r.lastFrame, (f) => f.includes('h handshake') && f.includes('Verdict'));
    const frame = await pressUntil(r, 'h', (f) => f.includes('message 1 of'));
    expect(frame).toContain('HelloRetryRequest');
    expect(frame).toContain('EncryptedExtensions');
    expect(frame).toContain('NewSessionTicket');
    const hrr = await pressUntil(r, '\u001b[C', (f) => f.includes('message 2 of'));
    expect(hrr).toContain('One round trip more.');
    r.unmount();
  });
});
