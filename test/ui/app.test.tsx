// The TUI with ink-testing-library: the guided flow against the loopback test server, manual
// commands, AUTH redaction, saving, and the 80×24 layout.
import React from 'react';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import { engineFactory } from '../../src/runner/engine-factory.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { labOptions } from '../support/probe.js';
import { pressUntil, STEP_LABELS, stripAnsi, waitForFrame } from '../support/frames.js';

let server: TestServer;
let dir: string;
beforeEach(async () => {
  const c = getTestPki().cases.valid;
  server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
  dir = mkdtempSync(join(tmpdir(), 'smtpscope-ui-'));
});
afterEach(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function renderApp(extra: { columns?: number; rows?: number } = {}) {
  let exitCode: string | null = null;
  const r = render(
    <App
      options={labOptions(server.port)}
      auto={false}
      color={false}
      factory={engineFactory}
      saveDir={dir}
      now={() => new Date('2026-11-23T10:00:00Z')}
      onExit={(c) => (exitCode = c)}
      size={{ columns: extra.columns ?? 80, rows: extra.rows ?? 24 }}
    />,
  );
  return { ...r, exitCode: () => exitCode };
}

async function stepThrough(r: ReturnType<typeof renderApp>): Promise<string> {
  for (const step of STEP_LABELS) {
    await waitForFrame(r.lastFrame, (f) => f.includes('Enter:'));
    await pressUntil(r, '\r', (f) => new RegExp(`[✓✗] ${step}\\b`).test(f));
  }
  return waitForFrame(r.lastFrame, (f) => f.includes('Verdict: ok'));
}

describe('TUI', () => {
  it('guided flow: shows the next command, Enter sends it, through every step to the verdict', async () => {
    const r = renderApp();
    const first = await waitForFrame(r.lastFrame, (f) => f.includes('Enter: connect to 127.0.0.1'));
    expect(first).toContain('Next: Connect');
    expect(server.received).toEqual([]); // nothing happens before Enter
    const end = await stepThrough(r);
    expect(end).toContain('StrictTLS sender would DELIVER');
    expect(server.received).toEqual([
      'EHLO client.lab.test',
      'STARTTLS',
      'EHLO client.lab.test',
      'QUIT',
    ]);
    // Two Tabs in one read (pressed quickly, or key repeat): explanation, then TLS.
    r.stdin.write('\t\t');
    expect(await waitForFrame(r.lastFrame, (f) => f.includes('Protocol:'))).toMatch(
      /Protocol: +TLSv1\.3/,
    );
    r.stdin.write('\t'); // certificate
    const cert = await waitForFrame(r.lastFrame, (f) => f.includes('Subject:'));
    expect(cert).toContain('Subject: CN=mx.lab.test');
    r.stdin.write('2');
    expect(
      await waitForFrame(r.lastFrame, (f) => f.includes('Intermediate CA') && f.includes('[2]')),
    ).toContain('Subject: O=smtpscope, CN=smtpscope Test Intermediate CA');
    r.unmount();
  });

  it('60×15, the smallest size: every step row, the footer, nothing cut at the top', async () => {
    const r = renderApp({ columns: 60, rows: 15 });
    const end = await stepThrough(r);
    const lines = stripAnsi(end).split('\n');
    expect(lines.length).toBeLessThanOrEqual(15);
    expect(lines[0]).toMatch(/^smtpscope /);
    for (const step of STEP_LABELS) expect(end).toMatch(new RegExp(`✓ ${step}\\b`));
    expect(end).toContain('q quit');
    r.unmount();
  });

  it('below 60×15: one line asks for a larger terminal, and q still quits', async () => {
    const r = renderApp({ columns: 50, rows: 12 });
    await waitForFrame(r.lastFrame, (f) => f.includes('needs at least 60×15'));
    r.stdin.write('q');
    await waitForFrame(r.lastFrame, () => r.exitCode() === 'incomplete');
    r.unmount();
  });

  it('80×24: no line is wider than 80 columns at any step', async () => {
    const r = renderApp();
    const frames: string[] = [];
    for (const step of STEP_LABELS) {
      frames.push(await waitForFrame(r.lastFrame, (f) => f.includes('Enter:')));
      r.stdin.write('\r');
      await waitForFrame(r.lastFrame, (f) => new RegExp(`[✓✗] ${step}\\b`).test(f));
    }
    frames.push(await waitForFrame(r.lastFrame, (f) => f.includes('Verdict:')));
    for (const frame of frames) {
      const lines = stripAnsi(frame).split('\n');
      expect(lines.length).toBeLessThanOrEqual(24);
      for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(80);
    }
    r.unmount();
  });

  it('80×24 end screen: protocol, cipher and chain at a glance without Tab', async () => {
    const r = renderApp();
    const end = await stepThrough(r);
    expect(end).toMatch(/TLS: +TLSv1\.[23] +TLS_/);
    expect(end).toMatch(/Chain: mx\.lab\.test ← .*Intermediate.*trusted/);
    r.unmount();
  });

  it('140×34: verdict, TLS and certificate panels stack beside the transcript', async () => {
    const r = renderApp({ columns: 140, rows: 34 });
    const end = await stepThrough(r);
    expect(end).toContain('Verdict: ok');
    expect(end).toMatch(/Protocol: +TLSv1\.[23]/);
    expect(end).toContain('Subject: CN=mx.lab.test');
    const lines = stripAnsi(end).split('\n');
    expect(lines.length).toBeLessThanOrEqual(34);
    for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(140);
    r.unmount();
  });

  it('manual mode: after a typed STARTTLS the screen still says it is paused, and before what', async () => {
    const r = renderApp({ columns: 140, rows: 34 });
    for (const step of ['connect', 'banner', 'EHLO']) {
      await waitForFrame(r.lastFrame, (f) => f.includes('Enter:'));
      r.stdin.write('\r');
      await waitForFrame(r.lastFrame, (f) => new RegExp(`✓ ${step}\\b`).test(f));
    }
    await waitForFrame(r.lastFrame, (f) => f.includes('Enter: STARTTLS'));
    await pressUntil(r, ':', (f) => f.includes('SMTP>'));
    await pressUntil(r, 'STARTTLS', (f) => f.includes('SMTP> STARTTLS'));
    r.stdin.write('\r');
    // STARTTLS, the handshake and the certificate ran through the engine; it waits again, now
    // before the EHLO inside TLS, and says so in the footer and the panel.
    const frame = await waitForFrame(r.lastFrame, (f) => f.includes('Enter: EHLO client.lab.test'));
    expect(frame).toMatch(/✓ certificate/);
    expect(frame).toContain('Next: EHLO again (inside TLS)');
    await pressUntil(r, ':', (f) => f.includes('SMTP>'));
    await pressUntil(r, 'NOOP', (f) => f.includes('SMTP> NOOP'));
    r.stdin.write('\r');
    await waitForFrame(r.lastFrame, (f) => f.includes('S: 250 2.0.0 Ok'));
    expect(server.received.filter((l) => l === 'STARTTLS')).toHaveLength(1);
    r.stdin.write('\r');
    await waitForFrame(r.lastFrame, (f) => /✓ EHLO again/.test(f));
    r.unmount();
  });

  it('manual mode: a typed NOOP is answered; a typed AUTH is redacted after confirmation', async () => {
    const r = renderApp();
    for (const step of ['connect', 'banner', 'EHLO']) {
      await waitForFrame(r.lastFrame, (f) => f.includes('Enter:'));
      r.stdin.write('\r');
      await waitForFrame(r.lastFrame, (f) => new RegExp(`✓ ${step}\\b`).test(f));
    }
    await waitForFrame(r.lastFrame, (f) => f.includes('Enter: STARTTLS'));
    await pressUntil(r, ':', (f) => f.includes('SMTP>'));
    await pressUntil(r, 'NOOP', (f) => f.includes('SMTP> NOOP'));
    r.stdin.write('\r');
    await waitForFrame(r.lastFrame, (f) => f.includes('S: 250 2.0.0 Ok'));
    expect(server.received).toContain('NOOP');
    // A pasted line arrives with its newline inside the text: it is sent as if Enter was
    // pressed; the rest of a multi-line paste is never sent unseen.
    await pressUntil(r, ':', (f) => f.includes('SMTP>'));
    await pressUntil(r, 'HELP\r\nRSET\r\n', (f) => f.includes('C: HELP'));
    await pressUntil(r, ':', (f) => f.includes('SMTP>'));
    await pressUntil(r, 'AUTH PLAIN AHVzZXIAaHVudGVyMg==', (f) => f.includes('SMTP> AUTH PLAIN'));
    r.stdin.write('\r');
    await waitForFrame(r.lastFrame, (f) => f.includes('Send anyway? y / n'));
    r.stdin.write('y');
    const after = await waitForFrame(r.lastFrame, (f) => f.includes('C: AUTH PLAIN <redacted>'));
    expect(after).not.toContain('AHVzZXIAaHVudGVyMg==');
    expect(server.received).toContain('HELP');
    expect(server.received).not.toContain('RSET');
    r.unmount();
  });

  it('P saves the whole presented chain as one PEM, leaf first', async () => {
    const r = renderApp();
    r.stdin.write('P');
    await waitForFrame(r.lastFrame, (f) => f.includes('no certificate to save yet'));
    await stepThrough(r);
    r.stdin.write('P');
    await waitForFrame(r.lastFrame, (f) => /saved\s+\S*-chain\.pem/.test(f));
    const name = `smtpscope-127.0.0.1-${server.port}-2026-11-23T100000-chain.pem`;
    expect(readdirSync(dir)).toEqual([name]);
    const text = readFileSync(join(dir, name), 'utf8');
    const blocks = text.match(/-----BEGIN CERTIFICATE-----/g) ?? [];
    expect(blocks).toHaveLength(2); // the valid case presents leaf + intermediate
    expect(text).toMatch(/^# \[1\] .*CN=mx\.lab\.test[^\n]*\n-----BEGIN CERTIFICATE-----/);
    expect(text).toMatch(/\n# \[2\] /);
    r.unmount();
  });

  it('s saves the transcript and the JSON report; p saves the PEM; no secret in any file', async () => {
    const r = renderApp();
    await stepThrough(r);
    r.stdin.write('s');
    await waitForFrame(r.lastFrame, (f) => f.includes('saved '));
    r.stdin.write('p');
    await waitForFrame(r.lastFrame, (f) => /saved\s+\S*-cert1\.pem/.test(f));
    const files = readdirSync(dir).sort();
    expect(files).toEqual([
      `smtpscope-127.0.0.1-${server.port}-2026-11-23T100000-cert1.pem`,
      `smtpscope-127.0.0.1-${server.port}-2026-11-23T100000.json`,
      `smtpscope-127.0.0.1-${server.port}-2026-11-23T100000.txt`,
    ]);
    const json = JSON.parse(readFileSync(join(dir, files[1] as string), 'utf8'));
    expect(json.verdict.status).toBe('ok');
    expect(readFileSync(join(dir, files[2] as string), 'utf8')).toMatch(/^C: STARTTLS$/m);
    expect(readFileSync(join(dir, files[0] as string), 'utf8')).toMatch(
      /^-----BEGIN CERTIFICATE-----/,
    );
    r.unmount();
  });

  it('q quits cleanly: QUIT is sent when connected', async () => {
    const r = renderApp();
    for (const step of ['connect', 'banner']) {
      await waitForFrame(r.lastFrame, (f) => f.includes('Enter:'));
      r.stdin.write('\r');
      await waitForFrame(r.lastFrame, (f) => new RegExp(`✓ ${step}\\b`).test(f));
    }
    await waitForFrame(r.lastFrame, (f) => f.includes('Enter: EHLO'));
    r.stdin.write('q');
    await waitForFrame(r.lastFrame, () => r.exitCode() !== null);
    // Quit before the end: the run is incomplete, never ok (issue #11); QUIT still goes out.
    expect(r.exitCode()).toBe('incomplete');
    expect(server.received.at(-1)).toBe('QUIT');
    r.unmount();
  });
});
