// End to end in a real terminal: tmux runs bin/smtpscope.js at 100×30 against the loopback test
// server and against a private Postfix; send-keys steps through with Enter, capture-pane reads
// the screen (issue #3).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { BIN } from '../support/cli.js';
import { postfixAvailable, startPostfix } from '../support/postfix.js';
import { STEP_LABELS } from '../support/frames.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux)
  console.warn('skipping the tmux end-to-end test: tmux is not installed (.ci/run installs it)');

const SOCKET = `smtpscope-e2e-${process.pid}`;
const tmux = (...args: string[]): string =>
  execFileSync('tmux', ['-L', SOCKET, ...args], { encoding: 'utf8' });
/** Poll a screen until `pred` holds; bounded, no fixed sleeps beyond the poll interval. */
async function waitForScreen(
  screen: () => string,
  pred: (s: string) => boolean,
  ms = 10_000,
): Promise<string> {
  const end = Date.now() + ms;
  let last = '';
  while (Date.now() < end) {
    last = screen();
    if (pred(last)) return last;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`screen never matched; last screen:\n${last}`);
}

const postfix = postfixAvailable();
if (hasTmux && !postfix.ok)
  console.warn(`skipping the tmux test against Postfix: ${postfix.reason}`);

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

  /** Launch the TUI at 100×30 in tmux session `name`, Enter through every step, check the
   * screen, quit with q and return the exit code. */
  async function walkThrough(name: string, port: number): Promise<void> {
    const exitFile = join(dir, `exit-${name}`);
    const cmd = [
      process.execPath,
      BIN,
      `127.0.0.1:${port}`,
      '--sni mx.lab.test --verify-name mx.lab.test',
      `--ca-file ${getTestPki().rootFile}`,
      '--timeout 5000',
    ].join(' ');
    tmux(
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      '100',
      '-y',
      '30',
      '-c',
      dir,
      `${cmd}; echo $? > ${exitFile}`,
    );
    const screen = (): string => tmux('capture-pane', '-p', '-t', name);
    const waitFor = (pred: (s: string) => boolean, ms?: number): Promise<string> =>
      waitForScreen(screen, pred, ms);
    await waitFor((s) => /connect/i.test(s) && /banner/i.test(s));
    // Enter once per step; a key sent before Ink has the terminal in raw mode is lost, so an
    // Enter that changes nothing within a second is sent again (bounded).
    for (const step of STEP_LABELS) {
      const done = (s: string): boolean => new RegExp(`[✓✗–] ${step}\\b`).test(s);
      for (let attempt = 0; attempt < 5 && !done(screen()); attempt++) {
        tmux('send-keys', '-t', name, 'Enter');
        await waitFor(done, 1000).catch(() => undefined);
      }
    }
    let text = await waitFor((s) => /Verdict: ok/.test(s));
    expect(text).toMatch(/StrictTLS sender would DELIVER/);
    expect(text).toMatch(/TLS: +TLSv1\.3 +TLS_/);
    expect(text).toMatch(/Chain: mx\.lab\.test ← smtpscope Test Intermediate CA/);
    for (const step of STEP_LABELS) expect(text).toMatch(new RegExp(`✓ ${step}\\b`));
    tmux('send-keys', '-t', name, 'Tab'); // explanation
    tmux('send-keys', '-t', name, 'Tab'); // TLS panel
    text = await waitFor((s) => /Cipher: +TLS_(AES|CHACHA)/.test(s));
    expect(text).toMatch(/Protocol: +TLSv1\.3/);
    tmux('send-keys', '-t', name, 'Tab'); // certificate panel
    text = await waitFor((s) => /Subject: CN=mx\.lab\.test/.test(s));
    expect(text).toMatch(/Issuer: +O=smtpscope, CN=smtpscope Test Intermediate CA/);
    tmux('send-keys', '-t', name, 'q');
    const end = Date.now() + 10_000;
    while (!existsSync(exitFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    expect(readFileSync(exitFile, 'utf8').trim()).toBe('0');
  }

  it('against the test server: Enter through every step, cipher, chain, verdict; q exits 0', async () => {
    await walkThrough('e2e', server.port);
  });

  it.skipIf(!postfix.ok)(
    'against a real Postfix: the same, as a new user would try it (issue #3)',
    async () => {
      const pf = await startPostfix(getTestPki(), { certCase: 'valid' });
      try {
        await walkThrough('postfix', pf.port);
      } finally {
        await pf.stop();
      }
    },
    60_000,
  );
});
