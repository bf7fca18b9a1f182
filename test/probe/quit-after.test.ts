// The client never speaks before the greeting: `--quit-after` that stops before one was read
// closes the connection instead of sending QUIT (RFC 5321 §4.3.1; for implicit TLS the greeting
// comes inside TLS, RFC 8314 §3.3). And `starttls.offered` is null where no EHLO reply was seen.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer, TestServerOptions } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { probe } from '../support/probe.js';

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

const clientLines = (r: { transcript: { dir: string; text: string }[] }): string[] =>
  r.transcript.filter((e) => e.dir === 'C').map((e) => e.text);

describe('--quit-after before the greeting', () => {
  it('STARTTLS port, --quit-after connect: nothing is sent, the connection is closed', async () => {
    const s = await serve();
    const { result } = await probe(s.port, { quitAfter: 'connect' });
    expect(clientLines(result)).toEqual([]);
    expect(s.received).toEqual([]);
    const quit = result.steps.find((st) => st.name === 'quit');
    expect(quit?.status).toBe('skipped');
    expect(quit?.detail).toMatch(/closed without QUIT: the greeting was not read/);
    expect(result.verdict).toMatchObject({ status: 'ok', reasons: ['tls-not-tested'] });
  });

  it('--quit-after banner: the greeting was read, so QUIT is sent and answered', async () => {
    const s = await serve();
    const { result } = await probe(s.port, { quitAfter: 'banner' });
    expect(clientLines(result)).toEqual(['QUIT']);
    expect(result.steps.find((st) => st.name === 'quit')?.status).toBe('ok');
  });

  it('implicit TLS, --quit-after connect: no plaintext QUIT into the TLS port', async () => {
    const s = await serve({ implicitTls: true });
    const { result } = await probe(s.port, { tlsMode: 'implicit', quitAfter: 'connect' });
    expect(clientLines(result)).toEqual([]);
    expect(result.steps.find((st) => st.name === 'quit')?.detail).toMatch(/expects TLS first/);
  });

  it('implicit TLS, --quit-after tls: the handshake, then close before the greeting inside TLS', async () => {
    const s = await serve({ implicitTls: true });
    const { result } = await probe(s.port, { tlsMode: 'implicit', quitAfter: 'tls' });
    expect(result.tls?.protocol).toBe('TLSv1.3');
    // The greeting inside TLS may already be in (it follows the handshake at once); QUIT may
    // follow it then, and never precede it.
    const firstServer = result.transcript.findIndex((e) => e.dir === 'S');
    const firstClient = result.transcript.findIndex((e) => e.dir === 'C');
    if (firstClient >= 0) expect(firstServer).toBeGreaterThanOrEqual(0);
    if (firstClient >= 0) expect(firstClient).toBeGreaterThan(firstServer);
    expect(s.received.filter((l) => l !== 'QUIT')).toEqual([]);
    expect(result.steps.map((st) => `${st.name}:${st.status}`).slice(0, 5)).toEqual([
      'connect:ok',
      'tls:ok',
      'certificate:ok',
      'banner:skipped',
      'ehlo:skipped',
    ]);
  });
});

describe('starttls.offered is null when no EHLO reply was seen', () => {
  it.each([
    ['a 421 greeting', { hostile: 'banner-421' } as TestServerOptions],
    ['a tarpit', { hostile: 'tarpit' } as TestServerOptions],
  ])('%s', async (_name, opts) => {
    const s = await serve(opts);
    const { result } = await probe(s.port, { timeoutMs: 300 });
    expect(result.starttls).toEqual({ offered: null, reply: null });
  });

  it('and false when EHLO answered without STARTTLS', async () => {
    const s = await serve({ starttls: false });
    const { result } = await probe(s.port);
    expect(result.starttls).toEqual({ offered: false, reply: null });
  });
});
