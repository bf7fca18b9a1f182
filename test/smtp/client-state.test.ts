// The SMTP client state table (sans-IO): legal moves, refusals, and whole dialogues driven by
// scripted server bytes with the transcript compared as a whole (no sockets).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TRANSITIONS, initialState, transition } from '../../src/smtp/client-state.js';
import type { ClientEvent, ClientPhase, ClientState } from '../../src/smtp/client-state.js';
import { Dialogue } from '../../src/smtp/dialogue.js';

const run = (mode: 'plain' | 'implicit', events: ClientEvent[]): ClientState | string => {
  let s = initialState(mode);
  for (const e of events) {
    const t = transition(s, e);
    if (!t.ok) return t.refusal;
    s = t.state;
  }
  return s;
};

describe('client state table', () => {
  it.each<[string, 'plain' | 'implicit', ClientEvent[], ClientPhase | string]>([
    [
      'a full STARTTLS session',
      'plain',
      [
        'reply-positive',
        'send-ehlo',
        'reply-positive',
        'send-starttls',
        'reply-positive',
        'tls-up',
        'send-ehlo',
        'reply-positive',
        'send-quit',
        'reply-positive',
      ],
      'closed',
    ],
    ['no command before the greeting', 'plain', ['send-quit'], 'before-greeting'],
    ['no EHLO before the greeting either', 'plain', ['send-ehlo'], 'before-greeting'],
    [
      'implicit TLS: no plaintext QUIT before the handshake',
      'implicit',
      ['send-quit'],
      'before-tls',
    ],
    [
      'implicit TLS: the greeting comes inside TLS',
      'implicit',
      ['tls-up', 'reply-positive', 'send-ehlo'],
      'awaiting-reply',
    ],
    [
      'implicit TLS: no QUIT before the greeting inside TLS',
      'implicit',
      ['tls-up', 'send-quit'],
      'before-greeting',
    ],
    [
      'a refused greeting leaves only QUIT',
      'plain',
      ['reply-negative', 'send-ehlo'],
      'greeting-refused',
    ],
    [
      'a refused greeting may be answered with QUIT',
      'plain',
      ['reply-negative', 'send-quit'],
      'awaiting-quit-reply',
    ],
    [
      'one command at a time',
      'plain',
      ['reply-positive', 'send-ehlo', 'send-quit'],
      'awaiting-reply',
    ],
    [
      'after 220 to STARTTLS only the handshake',
      'plain',
      ['reply-positive', 'send-starttls', 'reply-positive', 'send-quit'],
      'before-tls',
    ],
    [
      'a refused STARTTLS goes back to ready',
      'plain',
      ['reply-positive', 'send-starttls', 'reply-negative', 'send-quit'],
      'awaiting-quit-reply',
    ],
    [
      'no STARTTLS inside TLS',
      'plain',
      [
        'reply-positive',
        'send-starttls',
        'reply-positive',
        'tls-up',
        'send-ehlo',
        'reply-positive',
        'send-starttls',
      ],
      'starttls-inside-tls',
    ],
    [
      'out of step: nothing more is said',
      'plain',
      ['reply-positive', 'send-ehlo', 'lost-step', 'send-quit'],
      'out-of-step',
    ],
    ['closed is final', 'plain', ['peer-closed', 'send-quit'], 'closed'],
  ])('%s', (_name, mode, events, expected) => {
    const out = run(mode, events);
    expect(typeof out === 'string' ? out : out.phase).toBe(expected);
  });

  it('every phase can be closed, and closed accepts nothing', () => {
    for (const phase of Object.keys(TRANSITIONS) as ClientPhase[]) {
      if (phase === 'closed') continue;
      expect(transition({ phase, tls: false }, 'close')).toEqual({
        ok: true,
        state: { phase: 'closed', tls: false },
      });
    }
    expect(Object.keys(TRANSITIONS.closed)).toEqual([]);
  });

  it('property: whatever happens, nothing is sent before a greeting was read', () => {
    const events: ClientEvent[] = [
      'send-ehlo',
      'send-helo',
      'send-starttls',
      'send-quit',
      'send-command',
      'tls-up',
      'close',
      'reply-positive',
      'reply-negative',
      'lost-step',
      'peer-closed',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom<'plain' | 'implicit'>('plain', 'implicit'),
        fc.array(fc.constantFrom(...events), { maxLength: 30 }),
        (mode, seq) => {
          let s = initialState(mode);
          let greeted = false;
          for (const e of seq) {
            const t = transition(s, e);
            if (!t.ok) continue;
            if (e.startsWith('send-')) expect(greeted).toBe(true);
            if (s.phase === 'awaiting-greeting' && e.startsWith('reply-')) greeted = true;
            if (mode === 'implicit' && s.phase === 'tls-first')
              expect(e === 'tls-up' || e === 'close' || e === 'peer-closed').toBe(true);
            s = t.state;
          }
        },
      ),
      { numRuns: 5000, seed: 9 },
    );
  });
});

/** Drive a dialogue: client lines and server bytes in order; the transcript comes out. */
function script(
  steps: ({ c: string } | { s: string })[],
  mode: 'plain' | 'implicit' = 'plain',
): string[] {
  const d = new Dialogue(mode);
  const out: string[] = [];
  for (const step of steps) {
    if ('c' in step) {
      const sent = d.send(step.c);
      out.push(sent.ok ? `C: ${sent.shown}` : `-- refused ${step.c}: ${sent.refusal}`);
    } else {
      for (const ev of d.receive(Buffer.from(step.s, 'latin1'))) {
        if (ev.type === 'line') out.push(`S: ${ev.text}`);
        else if (ev.type === 'error') out.push(`!! ${ev.error.kind}`);
      }
    }
    if ('c' in step && step.c === 'STARTTLS' && d.state.phase === 'tls-pending') d.tlsUp();
  }
  return out;
}

describe('dialogue transcripts (sans-IO, compared whole)', () => {
  it('a STARTTLS session with AUTH redacted', () => {
    expect(
      script([
        { c: 'EHLO early' },
        { s: '220 mx ESMTP\r\n' },
        { c: 'EHLO client' },
        { s: '250-mx\r\n250-STARTTLS\r\n250 AUTH PLAIN\r\n' },
        { c: 'STARTTLS' },
        { s: '220 go ahead\r\n' },
        { c: 'STARTTLS' },
        { c: 'EHLO client' },
        { s: '250-mx\r\n250 AUTH PLAIN\r\n' },
        { c: 'AUTH PLAIN AGFsaWNlAHNlY3JldA==' },
        { s: '235 ok\r\n' },
        { c: 'QUIT' },
        { s: '221 bye\r\n' },
        { c: 'NOOP' },
      ]),
    ).toEqual([
      '-- refused EHLO early: before-greeting',
      'S: 220 mx ESMTP',
      'C: EHLO client',
      'S: 250-mx',
      'S: 250-STARTTLS',
      'S: 250 AUTH PLAIN',
      'C: STARTTLS',
      'S: 220 go ahead',
      '-- refused STARTTLS: before-tls',
      'C: EHLO client',
      'S: 250-mx',
      'S: 250 AUTH PLAIN',
      'C: AUTH PLAIN <redacted>',
      'S: 235 ok',
      'C: QUIT',
      'S: 221 bye',
      '-- refused NOOP: closed',
    ]);
  });

  it('a 554 greeting: only QUIT may follow', () => {
    expect(
      script([{ s: '554 go away\r\n' }, { c: 'EHLO client' }, { c: 'QUIT' }, { s: '221 bye\r\n' }]),
    ).toEqual([
      'S: 554 go away',
      '-- refused EHLO client: greeting-refused',
      'C: QUIT',
      'S: 221 bye',
    ]);
  });

  it('implicit TLS: nothing is said before the handshake and the greeting', () => {
    const d = new Dialogue('implicit');
    expect(d.send('QUIT')).toEqual({ ok: false, refusal: 'before-tls' });
    d.tlsUp();
    expect(d.send('QUIT')).toEqual({ ok: false, refusal: 'before-greeting' });
    d.receive(Buffer.from('220 mx\r\n'));
    expect(d.send('QUIT').ok).toBe(true);
  });

  it('a broken reply puts the dialogue out of step: no QUIT is sent into it', () => {
    expect(
      script([{ s: '220 mx\r\n' }, { c: 'EHLO c' }, { s: '2x0 what\r\n' }, { c: 'QUIT' }]),
    ).toEqual([
      'S: 220 mx',
      'C: EHLO c',
      'S: 2x0 what',
      '!! bad-code',
      '-- refused QUIT: out-of-step',
    ]);
  });
});
