// Pure parts of the submission (issue 15): dot-stuffing and line ends, the SASL mechanisms
// against their RFCs' own examples, the state table's DATA / AUTH / pipelining rows, the
// enhanced-code explanations.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dotStuff, toCrlf, buildMessage, queueIdOf } from '../../src/smtp/message.js';
import { chooseMechanism, saslClient } from '../../src/smtp/sasl.js';
import { transition, withPipelining } from '../../src/smtp/client-state.js';
import type { ClientEvent, ClientState } from '../../src/smtp/client-state.js';
import { Dialogue } from '../../src/smtp/dialogue.js';
import { explainReply } from '../../src/wording/submission.js';
import { escapeText } from '../../src/smtp/escape.js';

const unstuff = (wire: string): string => {
  expect(wire.endsWith('\r\n.\r\n') || wire === '.\r\n').toBe(true);
  const body = wire.slice(0, -3);
  return body
    .split('\r\n')
    .map((l) => (l.startsWith('.') ? l.slice(1) : l))
    .join('\r\n');
};

describe('message', () => {
  it('dot-stuffs lines that start with "." (RFC 5321 §4.5.2) and ends with CRLF.CRLF', () => {
    const m = toCrlf(Buffer.from('a\n.\n..b\n.c\nd.\n'));
    expect(dotStuff(m).toString()).toBe('a\r\n..\r\n...b\r\n..c\r\nd.\r\n.\r\n');
    expect(dotStuff(toCrlf(Buffer.from('.first'))).toString()).toBe('..first\r\n.\r\n');
  });

  it('property: unstuffing gives the CRLF message back, and no line of the stuffed body is a lone "."', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('.', '..', 'a', '', '.x', 'x.', ' .'), { maxLength: 30 }),
        (lines) => {
          const crlf = toCrlf(Buffer.from(lines.join('\n')));
          const wire = dotStuff(crlf).toString();
          const inner = wire.slice(0, -3).split('\r\n').slice(0, -1);
          expect(inner.includes('.')).toBe(false);
          expect(unstuff(wire)).toBe(crlf.toString());
        },
      ),
    );
  });

  it('makes bare LF and bare CR into CRLF', () => {
    expect(toCrlf(Buffer.from('a\rb\nc\r\nd')).toString()).toBe('a\r\nb\r\nc\r\nd\r\n');
  });

  it('generates Date, Message-ID, From, To, Subject, X-Mailer and a body naming the TLS', () => {
    const m = buildMessage({
      from: 'a@lab.test',
      to: ['b@lab.test'],
      headers: ['Subject: replaced', 'X-Test: 1'],
      ehloName: 'client.lab.test',
      tls: 'TLSv1.3 TLS_AES_256_GCM_SHA384',
      now: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
    });
    expect(m.headers).toEqual([
      'Date',
      'Message-ID',
      'From',
      'To',
      'X-Mailer',
      'Subject',
      'X-Test',
    ]);
    const text = m.bytes.toString();
    expect(text).toMatch(/^Date: Tue, 02 Jan 2024 03:04:05 \+0000\r\n/);
    expect(text).toContain('Subject: replaced\r\n');
    expect(text).toContain('It was sent over TLSv1.3 TLS_AES_256_GCM_SHA384.');
    expect(m.eightBit).toBe(false);
  });

  it('finds the queue id in Postfix and Exim replies', () => {
    expect(queueIdOf('2.0.0 Ok: queued as 4Xyz12AbC')).toBe('4Xyz12AbC');
    expect(queueIdOf('OK id=1rAbcd-000123-4x')).toBe('1rAbcd-000123-4x');
    expect(queueIdOf('Ok')).toBeNull();
  });
});

describe('SASL', () => {
  it('PLAIN: NUL user NUL password (RFC 4616 §2)', () => {
    const ir = saslClient('PLAIN', 'tim', 'tanstaaftanstaaf').initial();
    expect(Buffer.from(ir ?? '', 'base64').toString()).toBe('\0tim\0tanstaaftanstaaf');
  });

  it('CRAM-MD5: the RFC 2195 §2 example', () => {
    const c = saslClient('CRAM-MD5', 'tim', 'tanstaaftanstaaf');
    const step = c.respond(
      Buffer.from('<1896.697170952@postoffice.reston.mci.net>').toString('base64'),
    );
    expect(step.ok && Buffer.from(step.line, 'base64').toString()).toBe(
      'tim b913a602c7eda7a495b4e6e7334d3890',
    );
  });

  it('SCRAM-SHA-256: the RFC 7677 §3 example, server signature checked', () => {
    const c = saslClient('SCRAM-SHA-256', 'user', 'pencil', () => 'rOprNGfwEbeRWgbNEkqO');
    expect(Buffer.from(c.initial() ?? '', 'base64').toString()).toBe(
      'n,,n=user,r=rOprNGfwEbeRWgbNEkqO',
    );
    const first =
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096';
    const step = c.respond(Buffer.from(first).toString('base64'));
    expect(step.ok && Buffer.from(step.line, 'base64').toString()).toBe(
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=',
    );
    const good = c.respond(
      Buffer.from('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=').toString('base64'),
    );
    expect(good).toEqual({ ok: true, line: '' });
    const c2 = saslClient('SCRAM-SHA-256', 'user', 'pencil', () => 'rOprNGfwEbeRWgbNEkqO');
    c2.respond(Buffer.from(first).toString('base64'));
    expect(c2.respond(Buffer.from('v=AAAA').toString('base64')).ok).toBe(false);
  });

  it('picks the strongest mechanism both sides offer', () => {
    expect(chooseMechanism(['LOGIN', 'PLAIN'])).toBe('PLAIN');
    expect(chooseMechanism(['plain', 'cram-md5'])).toBe('CRAM-MD5');
    expect(chooseMechanism(['SCRAM-SHA-256', 'PLAIN'])).toBe('SCRAM-SHA-256');
    expect(chooseMechanism(['GSSAPI', 'NTLM'])).toBeNull();
  });
});

const run = (events: ClientEvent[], start: ClientState): ClientState | string => {
  let s = start;
  for (const e of events) {
    const t = transition(s, e);
    if (!t.ok) return t.refusal;
    s = t.state;
  }
  return s;
};
const ready = (pipelining: boolean): ClientState =>
  withPipelining({ phase: 'ready', tls: true }, pipelining);

describe('state table: submission moves', () => {
  it.each<[string, boolean, ClientEvent[], string]>([
    [
      'DATA, 354, lines, the dot, 250',
      false,
      [
        'send-data',
        'reply-intermediate',
        'send-data-line',
        'send-data-line',
        'send-data-end',
        'reply-positive',
      ],
      'ready',
    ],
    [
      'no QUIT inside the data phase',
      false,
      ['send-data', 'reply-intermediate', 'send-quit'],
      'in-data',
    ],
    [
      'AUTH, 334, the answer, 235',
      false,
      ['send-auth', 'reply-intermediate', 'send-sasl', 'reply-positive'],
      'ready',
    ],
    [
      'after 334 only the SASL answer',
      false,
      ['send-auth', 'reply-intermediate', 'send-mail'],
      'sasl-response-first',
    ],
    [
      'without PIPELINING, RCPT waits for the MAIL reply',
      false,
      ['send-mail', 'send-rcpt'],
      'awaiting-reply',
    ],
    [
      'with PIPELINING, MAIL RCPT RCPT DATA go out together',
      true,
      ['send-mail', 'send-rcpt', 'send-rcpt', 'send-data'],
      'awaiting-data-reply',
    ],
    [
      '… and only the last reply (354) opens the data phase',
      true,
      [
        'send-mail',
        'send-rcpt',
        'send-data',
        'reply-positive',
        'reply-positive',
        'reply-intermediate',
      ],
      'data-phase',
    ],
    [
      'nothing may follow DATA in a group',
      true,
      ['send-mail', 'send-data', 'send-rcpt'],
      'awaiting-reply',
    ],
    ['AUTH is never pipelined', true, ['send-mail', 'send-auth'], 'awaiting-reply'],
  ])('%s', (_n, pipelining, events, expected) => {
    const out = run(events, ready(pipelining));
    expect(typeof out === 'string' ? out : out.phase).toBe(expected);
  });

  it('TLS up forgets PIPELINING (RFC 3207 §4.2)', () => {
    const s = run(['tls-up'], { phase: 'tls-pending', tls: false, pipelining: true });
    expect(s).toEqual({ phase: 'tls-fresh', tls: true });
  });

  it('the dialogue dot-stuffs typed data lines and redacts every SASL line', () => {
    const d = new Dialogue('plain');
    d.receive(Buffer.from('220 hi\r\n'));
    d.send('EHLO x');
    d.receive(Buffer.from('250 ok\r\n'));
    expect(d.send('AUTH LOGIN').ok).toBe(true);
    d.receive(Buffer.from('334 VXNlcm5hbWU6\r\n'));
    const u = d.send('dGlt');
    expect(u.ok && u.shown).toBe('<redacted>');
    d.receive(Buffer.from('334 UGFzc3dvcmQ6\r\n'));
    const p = d.send('c2VjcmV0');
    expect(p.ok && p.shown).toBe('<redacted>');
    d.receive(Buffer.from('235 ok\r\n'));
    d.send('DATA');
    d.receive(Buffer.from('354 go\r\n'));
    const l = d.sendDataLine('.hidden');
    expect(l.ok && l.wire).toBe('..hidden\r\n');
    expect(d.sendDataLine('').ok).toBe(true);
    const end = d.sendDataLine('.');
    expect(end.ok && end.wire).toBe('.\r\n');
    expect(d.state.phase).toBe('awaiting-reply');
  });
});

describe('reply explanations', () => {
  const r = (code: number, enhanced: string | null, text = '') => ({
    code,
    enhanced,
    text: escapeText(text),
  });
  it.each<[number, string | null, 'mail' | 'rcpt' | 'message' | 'auth', boolean, RegExp]>([
    [554, '5.7.1', 'rcpt', true, /relay denied/],
    [450, '4.7.1', 'rcpt', true, /greylisted or rate-limited/],
    [530, '5.7.0', 'mail', false, /STARTTLS first.*requires TLS/],
    [530, '5.7.0', 'mail', true, /authentication required/],
    [550, '5.1.1', 'rcpt', true, /unknown user/],
    [550, '5.7.26', 'message', true, /DMARC/],
    [535, '5.7.8', 'auth', true, /wrong credentials/],
    [534, null, 'auth', true, /too weak/],
    [538, null, 'auth', false, /encryption required/],
  ])('%i %s at %s', (code, enhanced, step, tls, want) => {
    expect(explainReply(r(code, enhanced), { step, tls, authenticated: false })).toMatch(want);
  });
  it('a success needs no explanation', () => {
    expect(
      explainReply(r(250, '2.0.0'), { step: 'message', tls: true, authenticated: true }),
    ).toBeNull();
  });
});
