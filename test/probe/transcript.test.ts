// The whole expected transcript of a good session, compared line by line (as Go's net/smtp
// tests do), plus guided mode: one pause before each step, resumed by the caller.
import { judge } from '../../src/policy/verdict.js';
import { toJsonReport } from '../../src/report/json.js';
import { afterEach, describe, expect, it } from 'vitest';
import { Probe } from '../../src/probe/engine.js';
import { rawResultWords } from '../../src/wording/raw-command.js';
import type { ProbeEvent as SessionEvent } from '../../src/model/index.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { labOptions, probe } from '../support/probe.js';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serveValid(): Promise<TestServer> {
  const c = getTestPki().cases.valid;
  server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
  return server;
}

describe('transcript', () => {
  it('records every line in wire order with TLS markers', async () => {
    const s = await serveValid();
    const { result } = await probe(s.port);
    const lines = result.transcript.map((e) => `${e.dir} ${e.text}`);
    expect(lines).toEqual([
      `info connecting to 127.0.0.1:${s.port}`,
      `info connected to 127.0.0.1:${s.port}`,
      'S 220 mx.lab.test ESMTP smtpscope-test',
      'C EHLO client.lab.test',
      'S 250-mx.lab.test',
      'S 250-PIPELINING',
      'S 250-SIZE 10240000',
      'S 250-STARTTLS',
      'S 250-ENHANCEDSTATUSCODES',
      'S 250-8BITMIME',
      'S 250 SMTPUTF8',
      'C STARTTLS',
      'S 220 2.0.0 Ready to start TLS',
      'tls TLS handshake (SNI mx.lab.test)',
      expect.stringMatching(
        /^tls TLS started: TLSv1\.3 TLS_(AES_256_GCM_SHA384|AES_128_GCM_SHA256|CHACHA20_POLY1305_SHA256)$/,
      ),
      'C EHLO client.lab.test',
      'S 250-mx.lab.test',
      'S 250-PIPELINING',
      'S 250-SIZE 10240000',
      'S 250-ENHANCEDSTATUSCODES',
      'S 250-8BITMIME',
      'S 250-SMTPUTF8',
      'S 250 AUTH PLAIN LOGIN',
      'C QUIT',
      'S 221 2.0.0 Bye',
    ]);
    // Timestamps never go backwards.
    const ts = result.transcript.map((e) => e.t);
    expect([...ts].sort((a, b) => a - b)).toEqual(ts);
    expect(result.ehlo.diff?.appeared).toEqual(['AUTH']);
    expect(result.ehlo.diff?.vanished).toEqual(['STARTTLS']);
    expect(s.received).toEqual([
      'EHLO client.lab.test',
      'STARTTLS',
      'EHLO client.lab.test',
      'QUIT',
    ]);
  });
});

describe('guided mode', () => {
  it('pauses before every step, shows the command, and runs only when resumed', async () => {
    const s = await serveValid();
    const session = new Probe(labOptions(s.port, { guided: true }));
    const pauses: string[] = [];
    session.on((e: SessionEvent) => {
      if (e.type === 'paused') {
        pauses.push(`${e.next}|${e.preview ?? ''}`);
        // Nothing was sent for this step yet: the server has seen only the earlier commands.
        if (e.next === 'starttls') expect(s.received).toEqual(['EHLO client.lab.test']);
        queueMicrotask(() => session.resume());
      }
    });
    const judged = judge(await session.run());
    const result = toJsonReport(judged);
    expect(result.verdict.status).toBe('ok');
    expect(pauses).toEqual([
      `connect|connect to 127.0.0.1 port ${s.port}`,
      'banner|',
      'ehlo|EHLO client.lab.test',
      'starttls|STARTTLS',
      'tls|TLS ClientHello (SNI mx.lab.test)',
      'certificate|',
      'ehlo-tls|EHLO client.lab.test',
      'quit|QUIT',
    ]);
  });

  it('manual mode: a typed NOOP at a pause is answered over the live connection', async () => {
    const s = await serveValid();
    const session = new Probe(labOptions(s.port, { guided: true }));
    let noop: string | null = null;
    session.on((e: SessionEvent) => {
      if (e.type !== 'paused' || e.again) return;
      if (e.next === 'starttls' && noop === null) {
        void session.sendRaw('NOOP').then((r) => {
          noop = r.ok ? `${r.reply.code}` : r.error;
          session.resume();
        });
        return;
      }
      queueMicrotask(() => session.resume());
    });
    const judged = judge(await session.run());
    const result = toJsonReport(judged);
    expect(noop).toBe('250');
    expect(result.transcript.some((e) => e.dir === 'C' && e.text === 'NOOP')).toBe(true);
  });

  it('manual mode: a typed "starttls" upgrades through the engine; the plan goes on from there', async () => {
    const s = await serveValid();
    const session = new Probe(labOptions(s.port, { guided: true }));
    let typed: string | null = null;
    session.on((e: SessionEvent) => {
      if (e.type !== 'paused' || e.again) return;
      if (e.next === 'starttls' && typed === null) {
        typed = 'pending';
        void session.sendRaw('starttls').then((r) => {
          typed = r.ok ? `${r.reply.code}` : r.error;
          session.resume();
        });
        return;
      }
      queueMicrotask(() => session.resume());
    });
    const judged = judge(await session.run());
    const result = toJsonReport(judged);
    expect(typed).toBe('220');
    expect(s.received).toEqual([
      'EHLO client.lab.test',
      'STARTTLS',
      'EHLO client.lab.test',
      'QUIT',
    ]);
    for (const name of ['starttls', 'tls', 'certificate', 'ehlo-tls', 'quit'])
      expect(result.steps.find((st) => st.name === name)?.status).toBe('ok');
    expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(result.verdict.status).toBe('ok');
  });

  it('manual mode: STARTTLS typed before EHLO is refused with a reason, nothing is sent', async () => {
    const s = await serveValid();
    const session = new Probe(labOptions(s.port, { guided: true }));
    let typed: string | null = null;
    session.on((e: SessionEvent) => {
      if (e.type !== 'paused' || e.again) return;
      if (e.next === 'ehlo' && typed === null) {
        typed = 'pending';
        void session.sendRaw('STARTTLS').then((r) => {
          typed = rawResultWords(r);
          session.resume();
        });
        return;
      }
      queueMicrotask(() => session.resume());
    });
    const judged = judge(await session.run());
    const result = toJsonReport(judged);
    expect(typed).toMatch(/after EHLO/);
    expect(s.received).toEqual([
      'EHLO client.lab.test',
      'STARTTLS',
      'EHLO client.lab.test',
      'QUIT',
    ]);
    expect(result.verdict.status).toBe('ok');
  });

  it('abort at a pause sends QUIT and finishes', async () => {
    const s = await serveValid();
    const session = new Probe(labOptions(s.port, { guided: true }));
    session.on((e: SessionEvent) => {
      if (e.type !== 'paused' || e.again) return;
      if (e.next === 'starttls') void session.abort();
      else queueMicrotask(() => session.resume());
    });
    const judged = judge(await session.run());
    const result = toJsonReport(judged);
    expect(s.received.at(-1)).toBe('QUIT');
    expect(result.steps.find((st) => st.name === 'tls')?.status).toBe('skipped');
  });
});
