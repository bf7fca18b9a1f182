// The sans-IO reply parser: multi-line replies, enhanced codes, line endings and the bounds.
import { describe, expect, it } from 'vitest';
import { ReplyParser } from '../../src/smtp/reply-parser.js';
import type { ParserEvent } from '../../src/smtp/reply-parser.js';

const parse = (text: string | Buffer, limits = {}): ParserEvent[] =>
  new ReplyParser(limits).push(typeof text === 'string' ? Buffer.from(text, 'utf8') : text);
const replies = (events: ParserEvent[]) =>
  events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
const errors = (events: ParserEvent[]) =>
  events.flatMap((e) => (e.type === 'error' ? [e.error.kind] : []));

describe('ReplyParser', () => {
  it('parses a multi-line reply with enhanced status codes on every line (RFC 2034 §3)', () => {
    const [r] = replies(
      parse('250-2.0.0 mx.lab.test\r\n250-2.0.0 SIZE 100\r\n250 2.0.0 STARTTLS\r\n'),
    );
    expect(r).toEqual({
      code: 250,
      enhanced: '2.0.0',
      lines: ['mx.lab.test', 'SIZE 100', 'STARTTLS'],
      text: 'mx.lab.test\nSIZE 100\nSTARTTLS',
      raw: ['250-2.0.0 mx.lab.test', '250-2.0.0 SIZE 100', '250 2.0.0 STARTTLS'],
      truncated: false,
      unescaped: ['mx.lab.test', 'SIZE 100', 'STARTTLS'],
      bareLf: false,
      inconsistentCodes: false,
    });
  });

  it('emits a line event for every line before the reply it completes', () => {
    const types = parse('220-a\r\n220 b\r\n').map((e) => e.type);
    expect(types).toEqual(['line', 'line', 'reply']);
  });

  it('accepts a code with no text, and a bare LF (flagged)', () => {
    const events = parse('250\n');
    expect(replies(events)[0]?.code).toBe(250);
    expect(events[0]).toMatchObject({ type: 'line', bareLf: true });
  });

  it('does not take a mismatched class as an enhanced code', () => {
    expect(replies(parse('250 5.1.1 odd\r\n'))[0]?.enhanced).toBeNull();
  });

  it('reports a line that does not start with a code', () => {
    expect(errors(parse('hello\r\n'))).toEqual(['bad-code']);
    expect(errors(parse('22O ready\r\n'))).toEqual(['bad-code']);
    expect(errors(parse('2500 ready\r\n'))).toEqual(['bad-code']);
  });

  it('reports a code that changes within a reply', () => {
    expect(errors(parse('250-first\r\n550 second\r\n'))).toEqual(['code-changed']);
  });

  it('waits for the rest of a line split across chunks', () => {
    const p = new ReplyParser();
    expect(p.push(Buffer.from('220 mx.la'))).toEqual([]);
    expect(p.bufferedBytes).toBe(9);
    expect(replies(p.push(Buffer.from('b.test\r\n')))[0]?.text).toBe('mx.lab.test');
  });

  it('cuts a long line at the cap and counts what it dropped', () => {
    // Under the reply cap (a longer open line is too large at once: the test below).
    const p = new ReplyParser({ maxLineBytes: 16, maxReplyBytes: 1_000_000 });
    for (let i = 0; i < 100; i++) p.push(Buffer.from('x'.repeat(1000)));
    expect(p.bufferedBytes).toBe(16); // bounded however long the line grows
    const events = p.push(Buffer.from('\r\n'));
    // The cap applies to the text: the CR ending the line is not one of the "more bytes".
    expect(events[0]).toMatchObject({
      type: 'line',
      truncated: true,
      droppedBytes: 100_000 - 16,
    });
  });

  it('stops an endless continuation with one error and stays quiet until its end', () => {
    const p = new ReplyParser({ maxReplyLines: 10 });
    const events = p.push(Buffer.from('220-more\r\n'.repeat(1000)));
    expect(errors(events)).toEqual(['too-many-lines']);
    expect(events.filter((e) => e.type === 'line')).toHaveLength(11);
    expect(p.inReply).toBe(true);
    expect(replies(p.push(Buffer.from('220 done\r\n250 next\r\n')))).toHaveLength(1);
  });

  it('stops a reply larger than the byte cap', () => {
    const events = parse(`250-${'y'.repeat(5000)}\r\n250 end\r\n`, { maxReplyBytes: 4096 });
    expect(errors(events)).toEqual(['reply-too-large']);
  });

  it('a line that never ends is too large once it passes the reply cap, not at the timeout', () => {
    // An independent check (issue 10) read 16 GB of a line without LF until the step timeout.
    const p = new ReplyParser({ maxReplyBytes: 4096 });
    expect(p.push(Buffer.from(`220 ${'z'.repeat(3000)}`))).toEqual([]);
    const events = p.push(Buffer.from('z'.repeat(2000)));
    expect(errors(events)).toEqual(['reply-too-large']);
    // Said once, however much more comes; the line's end closes it and parsing goes on.
    expect(p.push(Buffer.from('z'.repeat(100_000)))).toEqual([]);
    expect(p.push(Buffer.from('zz\r\n'))).toEqual([]);
    expect(replies(p.push(Buffer.from('250 next\r\n')))).toHaveLength(1);
  });

  it('an endless continuation line ("250-…" without LF) swallows the reply to its final line', () => {
    const p = new ReplyParser({ maxReplyBytes: 4096 });
    expect(errors(p.push(Buffer.from(`250-${'z'.repeat(5000)}`)))).toEqual(['reply-too-large']);
    expect(p.push(Buffer.from('\r\n250-more\r\n250 end\r\n'))).toEqual([]);
    expect(replies(p.push(Buffer.from('250 next\r\n')))).toHaveLength(1);
  });

  it('escapes control bytes and invalid UTF-8 in line text', () => {
    const events = parse(
      Buffer.from([0x32, 0x32, 0x30, 0x20, 0x1b, 0x5b, 0x32, 0x4a, 0xff, 0x0d, 0x0a]),
    );
    expect(replies(events)[0]?.text).toBe('\\x1b[2J\\xff');
  });

  it('reset() drops partial input (RFC 3207 §4.2 after a TLS upgrade)', () => {
    const p = new ReplyParser();
    p.push(Buffer.from('250-half\r\n250 par'));
    p.reset();
    expect(p.bufferedBytes).toBe(0);
    expect(p.inReply).toBe(false);
  });
});
