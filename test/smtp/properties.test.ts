// Property-based tests (fast-check, seeded, 10,000 cases each): the parser does not care how
// bytes are chunked, parsers never throw, and escaping leaves nothing unsafe and nothing changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplyParser } from '../../src/smtp/reply-parser.js';
import type { ParserEvent } from '../../src/smtp/reply-parser.js';
import { escapeBytes, escapeText } from '../../src/smtp/escape.js';
import { parseEhlo } from '../../src/smtp/ehlo.js';
import { parseEnhancedStatus } from '../../src/smtp/enhanced-status.js';

const RUNS = { numRuns: 10_000, seed: 20261123 };
/* eslint-disable no-control-regex -- the properties are about control characters */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/u;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** SMTP-ish byte streams: reply lines, with some garbage, bare LFs and long lines mixed in. */
const replyLine = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('220', '250', '354', '421', '454', '550', '22O'),
      fc.constantFrom(' ', '-', ''),
      fc.string({ maxLength: 40 }),
    )
    .map(([c, s, t]) => `${c}${s}${t}`),
  fc.string({ maxLength: 60 }),
);
const stream = fc
  .tuple(
    fc.array(fc.tuple(replyLine, fc.constantFrom('\r\n', '\n')), { maxLength: 12 }),
    fc.uint8Array({ maxLength: 20 }),
  )
  .map(([lines, tail]) =>
    Buffer.concat([Buffer.from(lines.map(([l, e]) => l + e).join(''), 'utf8'), Buffer.from(tail)]),
  );

function feed(bytes: Uint8Array, cuts: number[]): ParserEvent[] {
  const p = new ReplyParser({ maxLineBytes: 32, maxReplyBytes: 256, maxReplyLines: 6 });
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const events: ParserEvent[] = [];
  let last = 0;
  for (const at of [...points, bytes.length]) {
    events.push(...p.push(bytes.subarray(last, at)));
    last = at;
  }
  return events;
}

describe('properties', () => {
  it('the reply parser yields the same events however the bytes are chunked', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (bytes, cuts) => {
        expect(JSON.stringify(feed(bytes, cuts))).toBe(JSON.stringify(feed(bytes, [])));
      }),
      RUNS,
    );
  });

  it('parsers never throw on arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 300 }),
        fc.integer({ min: 100, max: 599 }),
        (bytes, code) => {
          const events = new ReplyParser({ maxLineBytes: 64 }).push(bytes);
          for (const e of events) if (e.type === 'reply') parseEhlo(e.reply);
          parseEnhancedStatus(code, Buffer.from(bytes).toString('latin1'));
          escapeBytes(bytes);
        },
      ),
      RUNS,
    );
  });

  it('escaped output never holds a C0/C1 control, DEL, bidi control or lone surrogate', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 80 }),
        fc.uint8Array({ maxLength: 80 }),
        (text, bytes) => {
          for (const out of [escapeText(text), escapeBytes(bytes)]) {
            expect(UNSAFE.test(out)).toBe(false);
            expect(LONE_SURROGATE.test(out)).toBe(false);
          }
        },
      ),
      RUNS,
    );
  });

  it('printable text round-trips unchanged, and bytes of valid UTF-8 escape like the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        expect(escapeBytes(Buffer.from(text, 'utf8'))).toBe(escapeText(text));
        if (!UNSAFE.test(text)) expect(escapeText(text)).toBe(text);
      }),
      RUNS,
    );
  });
});
