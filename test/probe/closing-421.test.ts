// A 421 is the server closing the channel (RFC 5321 §3.8): the client sends nothing after it,
// QUIT included. Before, QUIT went out and the session waited out the step timeout for a 221
// that never came (an independent hostile-peer check, issue 10: 3.1 s at --timeout 3000).
import { afterEach, describe, expect, it } from 'vitest';
import { transition, initialState, replyEvent } from '../../src/smtp/client-state.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { probe } from '../support/probe.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('421 after the greeting', () => {
  it('the state table closes the dialogue: QUIT is not allowed any more', () => {
    let s = initialState('plain');
    const step = (e: Parameters<typeof transition>[1]): void => {
      const t = transition(s, e);
      if (!t.ok) throw new Error(t.refusal);
      s = t.state;
    };
    step('reply-positive'); // 220 greeting
    step('send-ehlo');
    step(replyEvent(s, 421));
    expect(s.phase).toBe('closed');
    expect(transition(s, 'send-quit').ok).toBe(false);
  });

  it('an EHLO answered 421: smtp-error at once, and no QUIT on the wire', async () => {
    server = await startTestServer({
      onCommand: (line) =>
        line.startsWith('EHLO') ? ['421 4.3.2 Service shutting down'] : undefined,
    });
    const { result } = await probe(server.port, { timeoutMs: 3000 });
    expect(result.verdict.status).toBe('smtp-error');
    expect(server.received.some((l) => l.startsWith('QUIT'))).toBe(false);
    const quit = result.steps.find((s) => s.name === 'quit');
    expect(quit?.detail).toMatch(/closed without QUIT/);
  });
});
