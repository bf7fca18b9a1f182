// Secrets never reach a transcript, report or saved file; AUTH over plaintext needs a yes.
import { judge } from '../../src/policy/verdict.js';
import { toJsonReport } from '../../src/report/json.js';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Probe } from '../../src/probe/engine.js';
import type { ProbeEvent as SessionEvent } from '../../src/model/index.js';
import { renderJson } from '../../src/report/json.js';
import { renderPlain } from '../../src/report/plain.js';
import { saveSession } from '../../src/report/save.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { labOptions } from '../support/probe.js';

const USER = Buffer.from('alice').toString('base64');
const PASS = Buffer.from('hunter2-secret').toString('base64');
const PLAIN = Buffer.from('\0alice\0hunter2-secret').toString('base64');

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('credentials', () => {
  it('AUTH PLAIN and the AUTH LOGIN exchange are redacted everywhere; plaintext AUTH needs confirmation', async () => {
    const c = getTestPki().cases.valid;
    server = await startTestServer({
      tls: { key: c.keyPem, cert: c.chainPem },
      onCommand: (line) => {
        if (/^AUTH LOGIN$/i.test(line)) return ['334 VXNlcm5hbWU6'];
        if (line === USER) return ['334 UGFzc3dvcmQ6'];
        if (line === PASS || /^AUTH PLAIN /i.test(line))
          return ['235 2.7.0 Authentication successful'];
        return undefined;
      },
    });
    const session = new Probe(labOptions(server.port, { guided: true }));
    const answers: string[] = [];
    session.on((e: SessionEvent) => {
      if (e.type !== 'paused' || e.again) return;
      if (e.next === 'starttls') {
        void (async () => {
          const refused = await session.sendRaw(`AUTH PLAIN ${PLAIN}`);
          answers.push(refused.ok ? 'sent' : refused.error);
          const ok = await session.sendRaw(`AUTH PLAIN ${PLAIN}`, { confirmPlaintextAuth: true });
          answers.push(ok.ok ? String(ok.reply.code) : ok.error);
          session.resume();
        })();
      } else if (e.next === 'quit') {
        void (async () => {
          for (const line of ['AUTH LOGIN', USER, PASS]) {
            const r = await session.sendRaw(line);
            answers.push(r.ok ? String(r.reply.code) : r.error);
          }
          session.resume();
        })();
      } else queueMicrotask(() => session.resume());
    });
    const judged = judge(await session.run());
    const result = toJsonReport(judged);
    expect(answers).toEqual(['confirm', '235', '334', '334', '235']);
    const dir = mkdtempSync(join(tmpdir(), 'smtpscope-cred-'));
    try {
      const saved = saveSession(judged, dir, new Date());
      const outputs = [
        renderJson(judged),
        renderPlain(judged),
        readFileSync(saved.jsonPath, 'utf8'),
        readFileSync(saved.transcriptPath, 'utf8'),
      ];
      for (const out of outputs) {
        for (const secret of [PLAIN, USER, PASS, 'hunter2']) expect(out).not.toContain(secret);
      }
      const clientLines = result.transcript.filter((e) => e.dir === 'C').map((e) => e.text);
      expect(clientLines).toEqual(
        expect.arrayContaining(['AUTH PLAIN <redacted>', 'AUTH LOGIN', '<redacted>']),
      );
      expect(clientLines.filter((l) => l === '<redacted>')).toHaveLength(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The server did receive the real lines: only what we show is redacted.
    expect(server.received).toContain(PASS);
  });
});
