// More TUI flows: the start form, variants side by side, --auto, and hostile bytes on screen.
/* eslint-disable no-control-regex -- asserting that no control character reaches the screen */
import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { Root } from '../../src/ui/run.js';
import { EMPTY_FORM, validateForm } from '../../src/ui/StartForm.js';
import { engineFactory } from '../../src/runner/engine-factory.js';
import type { ProbeOptions } from '../../src/model/index.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer, TestServerOptions } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { labOptions } from '../support/probe.js';
import { pressUntil, waitForFrame } from '../support/frames.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(opts: TestServerOptions = {}): Promise<TestServer> {
  const c = getTestPki().cases.valid;
  server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem }, ...opts });
  return server;
}

const app = (options: ProbeOptions, auto: boolean) => renderApp(options, { auto });

describe('start form', () => {
  it('validates with the CLI rules', () => {
    expect(validateForm({ ...EMPTY_FORM, target: 'mx.lab.test:0' })).toEqual({
      error: 'invalid port 0: use a number from 1 to 65535',
    });
    expect(
      validateForm({ ...EMPTY_FORM, target: 'mx.lab.test', tls: 'sometimes', timeout: '' }),
    ).toEqual({
      error: 'TLS mode: use starttls, implicit or none',
    });
    const ok = validateForm({
      ...EMPTY_FORM,
      target: '127.0.0.1',
      port: '465',
      ehlo: 'client.lab.test',
      sni: 'mx.lab.test',
      timeout: '',
    });
    expect(ok).toMatchObject({
      options: {
        host: '127.0.0.1',
        port: 465,
        tlsMode: 'implicit',
        sni: 'mx.lab.test',
        guided: true,
      },
    });
  });

  it('typing a target and Enter opens the session screen', async () => {
    const s = await serve();
    const r = render(
      <Root
        options={null}
        auto={true}
        color={false}
        factory={engineFactory}
        onExit={() => undefined}
      />,
    );
    await waitForFrame(r.lastFrame, (f) => f.includes('Target'));
    await pressUntil(r, `127.0.0.1:${s.port}`, (f) =>
      f.includes(`ready: 127.0.0.1 port ${s.port}`),
    );
    r.stdin.write('\r');
    const end = await waitForFrame(r.lastFrame, (f) => f.includes('Verdict:'));
    // No --ca-file and an IP target: the name cannot match and the root is unknown.
    expect(end).toMatch(/Verdict: certificate-invalid/);
    r.unmount();
  });
  it('keys that arrive in one read go to the field focused at that point', async () => {
    const r = render(
      <Root
        options={null}
        auto={true}
        color={false}
        factory={engineFactory}
        onExit={() => undefined}
      />,
    );
    await waitForFrame(r.lastFrame, (f) => f.includes('Target'));
    // Ink splits one read into keys before React re-subscribes the inputs; a paste or a
    // script sends exactly this. Retried as a whole if it came before Ink listened to stdin.
    const frame = await pressUntil(r, 'mx.lab.test\t2525\u001b[Bimplicit', (f) =>
      f.includes('ready: '),
    );
    expect(frame).toMatch(/Target\s+mx\.lab\.test\n/);
    expect(frame).toMatch(/Port\s+2525\n/);
    expect(frame).toMatch(/TLS mode\s+implicit/);
    expect(frame).toMatch(/ready: mx\.lab\.test port 2525, implicit/);
    r.unmount();
  });
});

describe('variants', () => {
  it('"fails with TLS 1.3, works with 1.2" is visible at a glance', async () => {
    const s = await serve({ tls: { ...tlsOf(), maxVersion: 'TLSv1.2' } });
    const r = app(labOptions(s.port, { minTlsVersion: 'TLSv1.3' }), true);
    await waitForFrame(r.lastFrame, (f) => f.includes('Verdict: tls-failed (protocol-mismatch)'));
    r.stdin.write('v');
    await waitForFrame(r.lastFrame, (f) => f.includes('force TLS 1.2'));
    r.stdin.write('1');
    const frame = await waitForFrame(
      r.lastFrame,
      (f) => f.includes('Attempts:') && f.includes('#2'),
    );
    expect(frame).toMatch(/#1 as given +→ tls-failed \(protocol-mismatch\)/);
    expect(frame).toMatch(/#2 TLS 1\.2 only +→ ok TLSv1\.2/);
    r.unmount();
  });
});

describe('hostile bytes', () => {
  it('escape sequences from the server are shown escaped in the TUI, never raw', async () => {
    const s = await serve({ hostile: 'escape-banner' });
    const r = app(labOptions(s.port, { timeoutMs: 1000 }), true);
    await waitForFrame(r.lastFrame, (f) => f.includes('Verdict:'));
    r.stdin.write('\u001b[5~'); // PgUp to the banner lines
    const frame = await waitForFrame(r.lastFrame, (f) => f.includes('\\x1b[2J'));
    expect(frame).toContain('\\u202e');
    for (const f of r.frames) {
      expect(f).not.toMatch(/[\u0007\u0000\u202e\u009b]/);
      expect(f).not.toContain('\u001b]'); // no OSC (title, hyperlink, clipboard) ever written
      expect(f).not.toContain('\u001b[2J');
    }
    r.unmount();
  });
});

function tlsOf(): { key: string; cert: string } {
  const c = getTestPki().cases.valid;
  return { key: c.keyPem, cert: c.chainPem };
}
