// Key x in the TUI: the scan of the server the session talked to, in an overlay that fills in
// live (a progress bar, the suites accepted per version) and then shows the report --scan
// --plain prints; x closes it while the scan goes on. The scan is handed in, as the CLI does.
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
import { runScan } from '../../src/scan/scan.js';
import { scanSpecFor } from '../../src/scan/spec.js';
import type { ScanProgress, ScanResult } from '../../src/scan/types.js';
import type { Scanner } from '../../src/ui/state/scan.js';
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

async function serve(): Promise<number> {
  const c = getTestPki().cases.valid;
  server = await startTestServer({
    tls: { key: c.keyPem, cert: c.chainPem, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
  });
  return server.port;
}

const scanApp = (port: number, scanner: Scanner) =>
  renderApp(labOptions(port), { auto: true, rows: 40, scan: { run: scanner, budget: 200 } });

describe('the scan in the TUI (key x)', () => {
  it('runs the real scan and shows its report, which scrolls', async () => {
    const port = await serve();
    const scanner: Scanner = (o, address, onProgress, signal) =>
      runScan(scanSpecFor(o, address, { budget: 200, concurrency: 4 }, { signal, onProgress }));
    const r = scanApp(port, scanner);
    await waitForFrame(r.lastFrame, (f) => f.includes('x scan') && f.includes('Verdict'));
    const done = await pressUntil(r, 'x', (f) => f.includes('done'), 5);
    expect(done).toContain('Scan of 127.0.0.1:');
    const frame = await waitForFrame(r.lastFrame, (f) => /TLSv1\.2\s+yes\s+1 suite/.test(f));
    expect(frame).toContain('ECDHE-RSA-AES128-GCM-SHA256');
    const scrolled = await pressUntil(r, '\u001b[B', (f) => /scroll \(2–/.test(f));
    expect(scrolled).not.toContain('Scan of 127.0.0.1 (127.0.0.1 port');
    // x closes the overlay; the end screen is back.
    const closed = await pressUntil(r, 'x', (f) => !f.includes('x or Esc close'));
    expect(closed).toContain('Verdict');
    r.unmount();
  });

  it('fills in live: the progress bar and each suite as it is accepted', async () => {
    const port = await serve();
    let finish: (r: ScanResult) => void = () => undefined;
    let tell: (p: ScanProgress) => void = () => undefined;
    const scanner: Scanner = (_o, _address, onProgress) => {
      tell = onProgress;
      return new Promise((resolve) => (finish = resolve));
    };
    const r = scanApp(port, scanner);
    await waitForFrame(r.lastFrame, (f) => f.includes('x scan') && f.includes('Verdict'));
    await pressUntil(r, 'x', (f) => f.includes('of at most 200 connections'));
    tell({ kind: 'probe', probes: 100, budget: 200 });
    tell({ kind: 'accepted', version: 'TLSv1.3', code: 0x1302 });
    tell({ kind: 'accepted', version: 'TLSv1.3', code: 0x1301 });
    const live = await waitForFrame(r.lastFrame, (f) => f.includes('100 of at most 200'));
    expect(live).toMatch(/\[#{20}-{20}\] 100 of at most 200 connections/);
    expect(live).toMatch(/TLSv1\.3\s+2 accepted\s+TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256/);
    expect(live).toMatch(/TLSv1\.2\s+0 accepted/);
    // Only what the report reads of a scan that could not run.
    const target = { host: '127.0.0.1', address: '127.0.0.1', port, tlsMode: 'starttls' };
    finish({ target, fatal: 'stopped for the test', probes: 100 } as unknown as ScanResult);
    await waitForFrame(r.lastFrame, (f) => f.includes('Could not scan: stopped for the test'));
    r.unmount();
  });

  it('the scan tells each connection and each accepted suite as it goes', async () => {
    const port = await serve();
    const seen: ScanProgress[] = [];
    const o = { ...labOptions(port), tlsMode: 'starttls' as const };
    const result = await runScan(
      scanSpecFor(
        o,
        '127.0.0.1',
        { budget: 200, concurrency: 4 },
        { onProgress: (p) => seen.push(p) },
      ),
    );
    const probes = seen.filter((p) => p.kind === 'probe');
    expect(probes.length).toBe(result.probes);
    expect(probes.at(-1)).toEqual({ kind: 'probe', probes: result.probes, budget: 200 });
    const accepted = seen.flatMap((p) => (p.kind === 'accepted' ? [`${p.version} ${p.code}`] : []));
    const found = Object.entries(result.protocols).flatMap(([v, p]) =>
      p.ciphers.map((c) => `${v} ${c.code}`),
    );
    expect([...accepted].sort()).toEqual([...found].sort());
  });

  it('before the session has ended, x says when it can scan', async () => {
    const c = getTestPki().cases.valid;
    server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
    const r = renderApp(labOptions(server.port), {
      scan: { run: () => Promise.reject(new Error('must not run')), budget: 400 },
    });
    await waitForFrame(r.lastFrame, (f) => f.includes('Enter:'));
    const frame = await pressUntil(r, 'x', (f) => f.includes('x scans once this session'));
    expect(frame).not.toContain('Scan of');
    r.unmount();
  });
});
