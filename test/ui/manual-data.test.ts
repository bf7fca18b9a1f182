// A test message typed by hand in the TUI: MAIL, RCPT and DATA at a pause inside TLS, then the
// message line by line. After 354 the input stays open, empty, under its own prompt; each line
// is sent as typed; the lone "." ends the message, and the server has exactly those lines.
import { afterEach, describe, expect, it } from 'vitest';
import { renderApp } from '../support/app.js';
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

describe('manual DATA in the TUI', () => {
  it('types a message line by line inside TLS, and the server receives exactly it', async () => {
    const c = getTestPki().cases.valid;
    server = await startTestServer({
      tls: { key: c.keyPem, cert: c.chainPem },
      submission: { localDomains: ['lab.test'] },
    });
    const r = renderApp(labOptions(server.port));
    for (const step of ['connect', 'banner', 'EHLO', 'STARTTLS', 'TLS handshake', 'certificate'])
      await pressUntil(r, '\r', (f) => new RegExp(`[✓✗] ${step}\\b`).test(f));
    await pressUntil(r, '\r', (f) => /✓ EHLO again/.test(f) && f.includes('Enter: QUIT'));
    // The text first (a write made before the input subscribed is lost: pressUntil writes it
    // again), then Enter.
    const enter = async (line: string, until: (f: string) => boolean): Promise<string> => {
      if (line !== '') await pressUntil(r, line, (f) => f.includes(`> ${line}`));
      return pressUntil(r, '\r', until);
    };
    const typed = async (line: string, until: (f: string) => boolean): Promise<string> => {
      await pressUntil(r, ':', (f) => /^(SMTP|message)>/m.test(f));
      return enter(line, until);
    };
    await typed('MAIL FROM:<a@lab.test>', (f) => f.includes('S: 250 2.1.0'));
    await typed('RCPT TO:<b@lab.test>', (f) => f.includes('S: 250 2.1.5'));
    await typed('DATA', (f) => f.includes('S: 354'));
    // The input is open again, empty, and says it takes message lines; it stays open (and
    // mounted) line after line, so each line is written once, Enter and all.
    await waitForFrame(r.lastFrame, (f) => /^message>\s*$/m.test(f));
    const line = async (text: string, until: (f: string) => boolean): Promise<string> => {
      r.stdin.write(`${text}\r`);
      return waitForFrame(r.lastFrame, until);
    };
    // The first line may meet the input before it listens (Ink subscribes after the frame):
    // written again until it is sent. The input then stays mounted.
    let frame = await pressUntil(
      r,
      'Subject: typed by hand\r',
      (f) => f.includes('message line 1 sent') && /^message>\s*$/m.test(f),
    );
    expect(frame).not.toMatch(/^message> Subject/m);
    await line('', (f) => f.includes('message line 2 sent')); // header, empty line, body
    await line('.leading dot', (f) => f.includes('message line 3 sent'));
    frame = await line('.', (f) => /250 2\.0\.0/.test(f));
    expect(frame).not.toMatch(/^message>/m); // the message is done: the input closed
    expect(server.log.messages).toEqual(['Subject: typed by hand\r\n\r\n..leading dot\r\n']);
    r.unmount();
  });
});
