// steps[].ms is the server's time: a UI's work on `step-started` (options.settle) happens before
// the step's clock starts and before its command is written.
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { probe } from '../support/probe.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** Holds the thread as a slow render would (a render is synchronous work, not a wait). */
function busy(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

describe('step timing', () => {
  it('settle runs after step-started, before the command, outside the measured time', async () => {
    const c = getTestPki().cases.valid;
    const s = (server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } }));
    const RENDER_MS = 150;
    // What the server had received each time settle ran: one call per step, before its command.
    const receivedAtSettle: number[] = [];
    const { result } = await probe(s.port, {
      settle: async () => {
        receivedAtSettle.push(s.received.length);
        busy(RENDER_MS);
      },
    });
    expect(result.verdict.status).toBe('ok');
    // connect, banner, EHLO, STARTTLS, TLS, certificate, EHLO again, QUIT
    expect(receivedAtSettle).toEqual([0, 0, 0, 1, 2, 2, 2, 3]);
    // No step pays for the render: each is far below it on loopback.
    for (const step of result.steps) expect(step.ms, step.name).toBeLessThan(RENDER_MS);
  });
});
