// The submission stages against the scriptable test server on loopback (issue 15): AUTH PLAIN,
// LOGIN, CRAM-MD5, SCRAM-SHA-256 right and wrong, AUTH refused before TLS, relay denied, 530
// from a server that requires STARTTLS, RCPT accepted and refused, the message with its queue
// id, dot-stuffing on the wire, pipelined and one-at-a-time transcripts compared whole, BDAT,
// --quit-after rcpt, and the password in no output.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionSpec } from '../../src/model/index.js';
import { renderPlain } from '../../src/report/plain.js';
import { renderJson } from '../../src/report/json.js';
import { submissionOutcome } from '../../src/policy/submission.js';
import { getTestPki } from '../support/pki.js';
import { probe } from '../support/probe.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';

const PASSWORD = 'S3cr3t-pässword-Z9';
const tlsOpts = () => {
  const c = getTestPki().cases.valid;
  return { key: c.keyPem, cert: c.chainPem };
};
const sub = (over: Partial<SubmissionSpec> = {}): SubmissionSpec => ({
  from: 'me@lab.test',
  to: ['you@lab.test'],
  headers: [],
  pipelining: true,
  ...over,
});
const auth = (
  mechanism?: 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'SCRAM-SHA-256',
  password = PASSWORD,
) => ({
  user: 'alice',
  password,
  ...(mechanism ? { mechanism } : {}),
});
const FIXED = Buffer.from(
  'From: <me@lab.test>\nTo: <you@lab.test>\nSubject: fixed\n\nline one\n.leading dot\n..two dots\n.\nend\n',
);

let server: TestServer;
let requireTls: TestServer;
let plainAuth: TestServer;
beforeAll(async () => {
  const users = { alice: PASSWORD };
  server = await startTestServer({
    tls: tlsOpts(),
    submission: { users, unknownUsers: ['nobody'] },
  });
  requireTls = await startTestServer({ tls: tlsOpts(), submission: { users, requireTls: true } });
  plainAuth = await startTestServer({ submission: { users, authOnlyTls: false } });
});
afterAll(async () => {
  await Promise.all([server.close(), requireTls.close(), plainAuth.close()]);
});

const steps = (r: Awaited<ReturnType<typeof probe>>) =>
  r.result.steps.map((s) => `${s.name}:${s.status}`);

describe('submission against the test server', () => {
  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256'] as const)(
    'AUTH %s inside TLS, then the generated message is queued',
    async (mech) => {
      const r = await probe(server.port, { submission: sub({ auth: auth(mech) }) });
      expect(steps(r)).toEqual([
        'connect:ok',
        'banner:ok',
        'ehlo:ok',
        'starttls:ok',
        'tls:ok',
        'certificate:ok',
        'ehlo-tls:ok',
        'auth:ok',
        'mail:ok',
        'rcpt:ok',
        'data:ok',
        'message:ok',
        'quit:ok',
      ]);
      const s = r.result.submission;
      expect(s?.auth).toMatchObject({
        mechanism: mech,
        result: 'accepted',
        reply: { code: 235, enhanced: '2.7.0' },
      });
      expect(s?.queuedAs).toBe('TESTQ1D');
      expect(s?.message?.reply?.code).toBe(250);
      expect(s?.outcome).toBe('accepted');
      expect(r.result.verdict.status).toBe('ok');
      const msg = server.log.messages.at(-1) ?? '';
      expect(msg).toMatch(/^Date: /);
      expect(msg).toContain('Subject: smtpscope test ');
      expect(msg).toMatch(/It was sent over TLSv1\.3 TLS_/);
    },
  );

  it('the strongest mechanism both offer is chosen when not told', async () => {
    const r = await probe(server.port, { submission: sub({ auth: auth() }) });
    expect(r.result.submission?.auth?.mechanism).toBe('SCRAM-SHA-256');
  });

  it.each(['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256'] as const)(
    'AUTH %s with a wrong password: 535 explained, nothing sent',
    async (mech) => {
      const before = server.log.messages.length;
      const r = await probe(server.port, { submission: sub({ auth: auth(mech, 'wrong') }) });
      const s = r.result.submission;
      expect(s?.auth).toMatchObject({ result: 'wrong-credentials', reply: { code: 535 } });
      expect(s?.auth?.explanation).toMatch(/wrong credentials/);
      expect(s?.outcome).toBe('auth-failed');
      expect(r.result.steps.find((x) => x.name === 'mail')?.status).toBe('skipped');
      expect(server.log.messages.length).toBe(before);
      expect(r.result.verdict.status).toBe('ok'); // TLS itself works
    },
  );

  it('AUTH is refused before TLS (--tls none) with a clear reason, and never sent', async () => {
    const lines = plainAuth.log.authLines.length;
    const r = await probe(plainAuth.port, {
      tlsMode: 'none',
      submission: sub({ auth: auth('PLAIN') }),
    });
    expect(r.result.submission?.auth?.result).toBe('refused-plaintext');
    expect(r.result.submission?.auth?.words).toMatch(/not encrypted/);
    expect(plainAuth.received.some((l) => /^AUTH/i.test(l))).toBe(false);
    expect(plainAuth.log.authLines.length).toBe(lines);
    expect(submissionOutcome(r.judged.facts)).toBe('auth-failed');
  });

  it('--allow-plaintext-auth sends it anyway, with a warning on screen and in the report', async () => {
    const r = await probe(plainAuth.port, {
      tlsMode: 'none',
      submission: sub({ auth: { ...auth('PLAIN'), allowPlaintext: true } }),
    });
    expect(r.result.submission?.auth?.result).toBe('accepted');
    expect(r.result.submission?.warnings.join(' ')).toMatch(
      /WARNING: AUTH went over an unencrypted/,
    );
    expect(r.result.notes.join(' ')).toMatch(/WITHOUT TLS/);
    expect(
      r.result.transcript.some((e) => /WARNING: sending AUTH PLAIN without TLS/.test(e.text)),
    ).toBe(true);
  });

  it('relay denied: a foreign recipient without AUTH gets 554 5.7.1, explained', async () => {
    const r = await probe(server.port, { submission: sub({ to: ['someone@elsewhere.test'] }) });
    const rc = r.result.submission?.rcpt[0];
    expect(rc?.reply).toMatchObject({ code: 554, enhanced: '5.7.1' });
    expect(rc?.explanation).toMatch(/relay denied.*log in/);
    expect(r.result.submission?.outcome).toBe('recipient-rejected');
    expect(r.result.steps.find((x) => x.name === 'data')?.status).toBe('skipped');
    // The pipelined DATA's refusal was read, so the dialogue stayed in step for QUIT.
    expect(r.result.steps.find((x) => x.name === 'quit')?.status).toBe('ok');
  });

  it('a server that requires STARTTLS: 530 5.7.0 to MAIL over plaintext, shown as such', async () => {
    const r = await probe(requireTls.port, { tlsMode: 'none', submission: sub() });
    const m = r.result.submission?.mail;
    expect(m?.reply).toMatchObject({ code: 530, enhanced: '5.7.0' });
    expect(m?.explanation).toMatch(/must issue STARTTLS first.*requires TLS/);
    expect(r.result.submission?.outcome).toBe('sender-rejected');
  });

  it('RCPT accepted and refused: the message goes to the accepted one', async () => {
    const r = await probe(server.port, {
      submission: sub({ to: ['you@lab.test', 'nobody@lab.test'] }),
    });
    const rc = r.result.submission?.rcpt ?? [];
    expect(rc.map((x) => x.reply?.code)).toEqual([250, 550]);
    expect(rc[1]?.explanation).toMatch(/unknown user/);
    expect(r.result.submission?.queuedAs).toBe('TESTQ1D');
    expect(r.result.submission?.outcome).toBe('recipient-rejected');
  });

  it('--quit-after rcpt answers "would it accept?" and sends no message', async () => {
    const before = server.received.length;
    const r = await probe(server.port, { quitAfter: 'rcpt', submission: sub() });
    const sent = server.received.slice(before);
    expect(sent.some((l) => l === 'DATA')).toBe(false);
    expect(r.result.submission?.rcpt[0]?.reply?.code).toBe(250);
    expect(r.result.submission?.outcome).toBe('not-sent');
    expect(sent.at(-1)).toBe('QUIT');
  });

  it('dot-stuffing: lines starting with "." are doubled on the wire', async () => {
    await probe(server.port, { submission: sub({ data: FIXED }) });
    expect(server.log.messages.at(-1)).toBe(
      'From: <me@lab.test>\r\nTo: <you@lab.test>\r\nSubject: fixed\r\n\r\nline one\r\n..leading dot\r\n...two dots\r\n..\r\nend\r\n',
    );
  });

  it('BDAT carries the message unstuffed when CHUNKING is offered', async () => {
    const r = await probe(server.port, { submission: sub({ data: FIXED, bdat: true }) });
    expect(r.result.submission?.data?.command).toBe(`BDAT ${FIXED.length + 9} LAST`);
    expect(server.log.messages.at(-1)).toContain('\r\n.leading dot\r\n');
    expect(r.result.submission?.queuedAs).toBe('TESTQ1D');
  });

  it('pipelined and one-at-a-time transcripts, compared whole', async () => {
    const dialogue = async (pipelining: boolean) => {
      const r = await probe(server.port, {
        submission: sub({
          data: Buffer.from('Subject: x\n\nhi\n'),
          pipelining,
          to: ['you@lab.test', 'nobody@lab.test'],
        }),
      });
      expect(r.result.submission?.pipelined).toBe(pipelining);
      const t = r.result.transcript.map((e) => `${e.dir} ${e.text}`);
      return t.slice(t.findIndex((l) => l.startsWith('C MAIL')));
    };
    const tail = [
      'C Subject: x',
      'C ',
      'C hi',
      'C .',
      'S 250 2.0.0 Ok: queued as TESTQ1D',
      'C QUIT',
      'S 221 2.0.0 Bye',
    ];
    const size = 'SIZE=18'; // "Subject: x\r\n\r\nhi\r\n"
    expect(await dialogue(true)).toEqual([
      `C MAIL FROM:<me@lab.test> ${size}`,
      'C RCPT TO:<you@lab.test>',
      'C RCPT TO:<nobody@lab.test>',
      'C DATA',
      'S 250 2.1.0 Ok',
      'S 250 2.1.5 Ok',
      'S 550 5.1.1 <nobody@lab.test>: Recipient address rejected: User unknown',
      'S 354 End data with <CR><LF>.<CR><LF>',
      ...tail,
    ]);
    expect(await dialogue(false)).toEqual([
      `C MAIL FROM:<me@lab.test> ${size}`,
      'S 250 2.1.0 Ok',
      'C RCPT TO:<you@lab.test>',
      'S 250 2.1.5 Ok',
      'C RCPT TO:<nobody@lab.test>',
      'S 550 5.1.1 <nobody@lab.test>: Recipient address rejected: User unknown',
      'C DATA',
      'S 354 End data with <CR><LF>.<CR><LF>',
      ...tail,
    ]);
  });

  it('the password is in no output: transcript, JSON, plain report, events', async () => {
    for (const mech of ['PLAIN', 'LOGIN', 'CRAM-MD5', 'SCRAM-SHA-256'] as const) {
      const r = await probe(server.port, { submission: sub({ auth: auth(mech) }) });
      const outputs = [renderJson(r.judged), renderPlain(r.judged), JSON.stringify(r.events)];
      const b64 = Buffer.from(PASSWORD).toString('base64');
      const plainIr = Buffer.from(`\0alice\0${PASSWORD}`).toString('base64');
      for (const o of outputs) {
        expect(o).not.toContain(PASSWORD);
        expect(o).not.toContain(b64);
        expect(o).not.toContain(plainIr);
      }
      expect(
        r.result.transcript
          .filter((e) => e.dir === 'C' && /^AUTH /.test(e.text))
          .map((e) => e.text),
      ).toEqual([
        mech === 'PLAIN' || mech === 'SCRAM-SHA-256' ? `AUTH ${mech} <redacted>` : `AUTH ${mech}`,
      ]);
    }
  });

  it('a plain run (no --to, no --auth-user) keeps its 8 steps and has no submission field', async () => {
    const r = await probe(server.port);
    expect(r.result.steps.map((s) => s.name)).toEqual([
      'connect',
      'banner',
      'ehlo',
      'starttls',
      'tls',
      'certificate',
      'ehlo-tls',
      'quit',
    ]);
    expect('submission' in r.result).toBe(false);
  });
});
