// Issue #10: decisions are made on the received bytes, escaping is for display only. Line
// ends (LF, CRLF, CR CR LF), the line cap on text (not on the line end), bare LFs and replies
// whose lines change code.
import { describe, expect, it } from 'vitest';
import { ReplyParser } from '../../src/smtp/reply-parser.js';
import type { ParserEvent } from '../../src/smtp/reply-parser.js';
import { LIMITS } from '../../src/smtp/limits.js';

const parse = (text: string | Buffer): ParserEvent[] =>
  new ReplyParser().push(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
const replies = (events: ParserEvent[]) =>
  events.flatMap((e) => (e.type === 'reply' ? [e.reply] : []));
const lines = (events: ParserEvent[]) => events.flatMap((e) => (e.type === 'line' ? [e] : []));

describe('line ends', () => {
  it('CR CR LF: every CR before the LF goes for decisions, the extra one stays visible', () => {
    const events = parse('250-mx.lab.test\r\r\n250 STARTTLS\r\r\n');
    const [r] = replies(events);
    expect(r?.unescaped).toEqual(['mx.lab.test', 'STARTTLS']);
    expect(r?.lines).toEqual(['mx.lab.test\\x0d', 'STARTTLS\\x0d']);
    expect(r?.bareLf).toBe(false);
    expect(lines(events)[1]).toMatchObject({ unescaped: '250 STARTTLS', bareLf: false });
  });

  it('a reply with any bare-LF line says so; one with CRLF only does not', () => {
    expect(replies(parse('250-a\r\n250 b\n'))[0]?.bareLf).toBe(true);
    expect(replies(parse('250-a\r\n250 b\r\n'))[0]?.bareLf).toBe(false);
  });

  it('keeps the unescaped bytes one character per byte (latin1), escaping only the display', () => {
    const [r] = replies(parse(Buffer.from([0x32, 0x35, 0x30, 0x20, 0x1b, 0xff, 0x09, 0x0d, 0x0a])));
    expect(r?.unescaped).toEqual(['\x1b\xff\t']);
    expect(r?.text).toBe('\\x1b\\xff\\x09');
  });
});

describe('the line cap counts text, not the line end', () => {
  const max = LIMITS.maxLineBytes;

  it(`a line of exactly ${max} bytes of text is whole, with CRLF or CR CR LF`, () => {
    for (const end of ['\r\n', '\r\r\n', '\n']) {
      const [line] = lines(parse(`2${'x'.repeat(max - 1)}${end}`));
      expect(line).toMatchObject({ truncated: false, droppedBytes: 0 });
    }
  });

  it(`a line of ${max + 1} bytes of text is cut, 1 more byte`, () => {
    const [line] = lines(parse(`2${'x'.repeat(max)}\r\n`));
    expect(line).toMatchObject({ truncated: true, droppedBytes: 1 });
  });

  it('counts the same when the CR arrives in its own chunk', () => {
    const p = new ReplyParser({ maxLineBytes: 8 });
    p.push(Buffer.from('250 abcd'));
    p.push(Buffer.from('\r'));
    expect(lines(p.push(Buffer.from('\n')))[0]).toMatchObject({ truncated: false });
  });
});

describe('replies whose lines change code (RFC 5321 §4.2.1)', () => {
  it('are reported when they end, with the whole reply under the final line’s code', () => {
    const events = parse('220-mx.lab.test Ready\r\n454 4.7.0 come back later\r\n');
    const errs = events.flatMap((e) => (e.type === 'error' ? [e.error] : []));
    expect(errs).toHaveLength(1);
    expect(errs[0]?.kind).toBe('code-changed');
    expect(errs[0]?.reply).toMatchObject({
      code: 454,
      enhanced: '4.7.0',
      inconsistentCodes: true,
      lines: ['mx.lab.test Ready', 'come back later'],
    });
  });

  it('do not leave the rest of the reply to be taken as the next one', () => {
    const events = parse('250-a\r\n550-b\r\n550 c\r\n');
    expect(events.filter((e) => e.type === 'error')).toHaveLength(1);
    expect(replies(events)).toEqual([]);
  });

  it('a consistent reply says so', () => {
    expect(replies(parse('250-a\r\n250 b\r\n'))[0]?.inconsistentCodes).toBe(false);
  });
});
