// Every socket and timer the engine opens is closed when a session ends, on good and bad paths.
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServerOptions } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { probe } from '../support/probe.js';

function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Resources can take a turn of the event loop to be released after 'close'. */
async function settled(): Promise<Record<string, number>> {
  for (let i = 0; i < 20; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return handles();
}

const variants: [string, TestServerOptions, number][] = [
  ['a good session', {}, 5000],
  ['STARTTLS refused', { starttlsReply: '454 4.7.0 TLS not available' }, 5000],
  ['a tarpit that times out', { hostile: 'tarpit' }, 300],
  ['a handshake that stalls', { hostile: 'stall-after-serverhello' }, 300],
];

describe('no leaked handles', () => {
  for (const [name, opts, timeoutMs] of variants) {
    it(name, async () => {
      const before = await settled();
      const c = getTestPki().cases.valid;
      const server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem }, ...opts });
      await probe(server.port, { timeoutMs });
      await server.close();
      const after = await settled();
      for (const kind of ['TCPSocketWrap', 'TCPServerWrap', 'Timeout', 'TLSWrap']) {
        expect(after[kind] ?? 0, kind).toBeLessThanOrEqual(before[kind] ?? 0);
      }
    });
  }
});
