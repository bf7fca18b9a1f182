// End to end in a real terminal: tmux runs bin/smtpscope.js at 100×30 against the loopback test
// server and against a private Postfix; send-keys steps through with Enter, capture-pane reads
// the screen (issue #3); and, as a new user would try them at 80×24, 100×30 and 160×45, an
// expired certificate, a legacy --tls-max 1.0 run and an implicit-TLS port probed with STARTTLS:
// nothing important is cut (issue #11).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
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

/** Plain SMTP stays silent on a wrapper-mode port: true once no greeting comes within 300 ms. */
function silentWithin300ms(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    const t = setTimeout(() => {
      s.destroy();
      resolve(true);
    }, 300);
    s.once('data', () => {
      clearTimeout(t);
      s.destroy();
      resolve(false);
    });
    s.once('error', () => {
      clearTimeout(t);
      resolve(false);
    });
  });
}

const SIZES = [
  [80, 24],
  [100, 30],
  [160, 45],
] as const;

describe.skipIf(!hasTmux || !postfix.ok)(
  'TUI in tmux against Postfix, at three sizes (issue #11)',
  () => {
    let dir: string;
    let n = 0;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'smtpscope-e2e-sizes-'));
    });
    afterAll(() => {
      spawnSync('tmux', ['-L', SOCKET, 'kill-server']);
      rmSync(dir, { recursive: true, force: true });
    });

    /** Start the TUI in a fresh tmux session; returns the screen reader and a key sender. */
    function launch(cols: number, rows: number, port: number, flags = '') {
      const name = `size-${++n}`;
      const cmd = [
        process.execPath,
        BIN,
        `127.0.0.1:${port}`,
        '--sni mx.lab.test --verify-name mx.lab.test',
        `--ca-file ${getTestPki().rootFile}`,
        '--timeout 3000',
        flags,
      ].join(' ');
      tmux('new-session', '-d', '-s', name, '-x', String(cols), '-y', String(rows), '-c', dir, cmd);
      const screen = (): string => tmux('capture-pane', '-p', '-t', name);
      const keys = (...k: string[]): void => void tmux('send-keys', '-t', name, ...k);
      /** Enter (again, bounded) until `pred` holds: a key sent before raw mode is lost. */
      const enterUntil = async (pred: (s: string) => boolean, tries = 12): Promise<string> => {
        for (let i = 0; i < tries && !pred(screen()); i++) {
          keys('Enter');
          await waitForScreen(screen, pred, 1000).catch(() => undefined);
        }
        return waitForScreen(screen, pred);
      };
      return { screen, keys, enterUntil, name };
    }

    /** Rows joined where they wrapped, so a sentence split at spaces still matches. */
    const flat = (s: string): string => s.replace(/\s+/g, ' ');
    /** The screen from the column where `marker` starts: the panels beside a wide transcript. */
    const column = (s: string, marker: string): string => {
      const lines = s.split('\n');
      const at = lines.find((l) => l.includes(marker))?.indexOf(marker) ?? 0;
      return lines.map((l) => [...l].slice(at).join('')).join('\n');
    };

    function fits(screen: string, cols: number): void {
      for (const line of screen.split('\n')) expect([...line].length).toBeLessThanOrEqual(cols);
    }

    for (const [cols, rows] of SIZES)
      it(`${cols}×${rows}: expired certificate — the verdict, days and fix whole, on the pause and at the end`, async () => {
        const pf = await startPostfix(getTestPki(), { certCase: 'expired' });
        try {
          const t = launch(cols, rows, pf.port);
          // The pause after the certificate step explains it before "EHLO again".
          const pause = await t.enterUntil((s) => s.includes('Problem:'));
          expect(flat(column(pause, 'Problem:'))).toContain(
            'Problem: certificate-invalid (expired) — StrictTLS sender would DELIVER',
          );
          const end = await t.enterUntil((s) => s.includes('Verdict:'));
          fits(end, cols);
          const text = flat(column(end, 'Verdict:'));
          expect(text).toContain(
            'Verdict: certificate-invalid (expired) — StrictTLS sender would DELIVER',
          );
          expect(text).toMatch(/leaf expired \d+ days ago\)/);
          expect(text).toContain(
            'Fix: Renew the certificate and reload the mail server (check that automatic renewal also reloads it).',
          );
          expect(end).not.toMatch(/…$/m);
          t.keys('q');
        } finally {
          await pf.stop();
        }
      }, 60_000);

    it('80×24: a legacy --tls-max 1.0 run — the refusal explained at the pause, with what to try', async () => {
      const pf = await startPostfix(getTestPki(), { certCase: 'valid' });
      try {
        const t = launch(80, 24, pf.port, '--tls-max 1.0');
        const pause = await t.enterUntil((s) => s.includes('Problem:'));
        fits(pause, 80);
        const text = flat(pause);
        expect(text).toContain(
          'Problem: tls-failed (protocol-mismatch) — StrictTLS sender would DROP',
        );
        expect(text).toContain('the server refused TLS 1.0, the only version this run offered');
        expect(text).toContain('Try: v then 1 or 2: try TLS 1.2 only or TLS 1.3 only');
        expect(pause).toMatch(/TLS ≤ 1\.0/);
        expect(pause).not.toMatch(/…$/m);
        t.keys('q');
      } finally {
        await pf.stop();
      }
    }, 60_000);

    it('100×30: an implicit-TLS port probed with STARTTLS — i switches to implicit TLS on the spot', async () => {
      const pf = await startPostfix(getTestPki(), { certCase: 'valid' });
      try {
        const master = join(pf.dir, 'etc', 'master.cf');
        writeFileSync(
          master,
          readFileSync(master, 'utf8').replace(
            / smtpd\n/,
            ' smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt\n',
          ),
        );
        execFileSync('/usr/sbin/postfix', ['-c', join(pf.dir, 'etc'), 'reload']);
        const end = Date.now() + 10_000;
        while (Date.now() < end && !(await silentWithin300ms(pf.port)));
        const t = launch(100, 30, pf.port);
        const pause = await t.enterUntil((s) => s.includes('Problem:'), 6);
        fits(pause, 100);
        expect(flat(column(pause, 'Problem:'))).toContain('Try: i: try implicit TLS');
        expect(pause).toContain('i implicit TLS');
        t.keys('i');
        const done = await t.enterUntil((s) => s.includes('Verdict: ok'));
        expect(done).toContain('[implicit TLS]');
        expect(done).toMatch(/#1 as given +→ smtp-error \(banner-timeout\)/);
        expect(done).toMatch(/#2 implicit TLS +→ ok TLSv1\.3/);
        t.keys('q');
      } finally {
        await pf.stop();
      }
    }, 60_000);
  },
);
