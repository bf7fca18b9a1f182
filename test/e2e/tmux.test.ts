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
    let text = screen();
    for (let i = 0; i < 12 && !/verdict/i.test(text); i++) {
      const before = text;
      tmux('send-keys', '-t', 'e2e', 'Enter');
      text = await waitFor((s) => s !== before, 5000).catch(() => screen());
    }
    text = await waitFor((s) => /verdict/i.test(s) && /TLS_AES|TLS_CHACHA/.test(s));
    expect(text).toMatch(/TLSv1\.3/);
    expect(text).toMatch(/mx\.lab\.test/);
    expect(text).toMatch(/EHLO/);
    tmux('send-keys', '-t', 'e2e', 'q');
    const end = Date.now() + 10_000;
    while (!existsSync(exitFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
  });
});
