// End to end in a real terminal: tmux runs bin/smtpscope.js at 100×30 against the loopback test
// server; send-keys steps through with Enter, capture-pane reads the screen (issue #3).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { BIN } from '../support/cli.js';
import { STEP_LABELS } from '../support/frames.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux)
  console.warn('skipping the tmux end-to-end test: tmux is not installed (.ci/run installs it)');

const SOCKET = `smtpscope-e2e-${process.pid}`;
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
const screen = (): string => tmux('capture-pane', '-p', '-t', 'e2e');

/** Poll the screen until `pred` holds; bounded, no fixed sleeps beyond the poll interval. */
async function waitFor(pred: (s: string) => boolean, ms = 10_000): Promise<string> {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`screen never matched; last screen:\n${last}`);
}

describe.skipIf(!hasTmux)('TUI in tmux', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    const c = getTestPki().cases.valid;
    server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
    dir = mkdtempSync(join(tmpdir(), 'smtpscope-e2e-'));
  });
  afterAll(async () => {
    spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('steps through with Enter, shows cipher, chain and verdict, and q exits 0', async () => {
    const exitFile = join(dir, 'exit');
    const cmd = [
      process.execPath,
      BIN,
      `127.0.0.1:${server.port}`,
      '--sni mx.lab.test --verify-name mx.lab.test',
      `--ca-file ${getTestPki().rootFile}`,
      '--timeout 5000',
    ].join(' ');
    tmux(
      'new-session',
      '-d',
      '-s',
      'e2e',
      '-x',
      '100',
      '-y',
      '30',
      '-c',
      dir,
      `${cmd}; echo $? > ${exitFile}`,
    );
    await waitFor((s) => /connect/i.test(s) && /banner/i.test(s));
    // Enter once per step; a key sent before Ink has the terminal in raw mode is lost, so an
    // Enter that changes nothing within a second is sent again (bounded).
    for (const step of STEP_LABELS) {
      const done = (s: string): boolean => new RegExp(`[✓✗–] ${step}\\b`).test(s);
      for (let attempt = 0; attempt < 5 && !done(screen()); attempt++) {
        tmux('send-keys', '-t', 'e2e', 'Enter');
        await waitFor(done, 1000).catch(() => undefined);
      }
    }
    let text = await waitFor((s) => /Verdict: ok/.test(s));
    expect(text).toMatch(/StrictTLS sender would DELIVER/);
    for (const step of STEP_LABELS) {
      expect(text).toMatch(new RegExp(`✓ ${step}\\b`));
    }
    tmux('send-keys', '-t', 'e2e', 'Tab'); // explanation
    tmux('send-keys', '-t', 'e2e', 'Tab'); // TLS panel
    text = await waitFor((s) => /Cipher: +TLS_(AES|CHACHA)/.test(s));
    expect(text).toMatch(/Protocol: +TLSv1\.3/);
    tmux('send-keys', '-t', 'e2e', 'Tab'); // certificate panel
    text = await waitFor((s) => /Subject: CN=mx\.lab\.test/.test(s));
    expect(text).toMatch(/Issuer: +O=smtpscope, CN=smtpscope Test Intermediate CA/);
    tmux('send-keys', '-t', 'e2e', 'q');
    const end = Date.now() + 10_000;
    while (!existsSync(exitFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
  });
});
