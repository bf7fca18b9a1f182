// Issue #10, as properties (fast-check, seeded): what the parser decides — reply code, enhanced
// code, whether codes agree, EHLO keywords and parameters — depends on the received bytes only:
// not on how the text is escaped for display, and not on whether lines end in LF, CR LF or
// CR CR LF.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplyParser } from '../../src/smtp/reply-parser.js';
import type { ParserOptions } from '../../src/smtp/reply-parser.js';
import { escapeBytes } from '../../src/smtp/escape.js';
import { parseEhlo } from '../../src/smtp/ehlo.js';

const RUNS = { numRuns: 2_000, seed: 20261124 };
const ENDS = ['\n', '\r\n', '\r\r\n'] as const;
const LIMITS = { maxLineBytes: 48, maxReplyBytes: 200, maxReplyLines: 6 };

/** Bytes of one line's text: SMTP words, tabs, controls, stray CRs, high bytes. Never an LF. */
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom('STARTTLS', 'SIZE', 'AUTH', 'AUTH=LOGIN', 'PLAIN', '1000', '2.0.0', '4.7.0'),
      fc.constantFrom(' ', '\t', '  ', '\r', '\x1b', '\x00', '\x7f', '\u00a0', '\xff', '-', '='),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));
const line = fc
  .tuple(fc.constantFrom('250', '220', '454', '550', '25x'), fc.constantFrom('-', ' ', ''), text)
  .map(([c, s, t]) => `${c}${s}${t}`);
const dialogue = fc.array(line, { minLength: 1, maxLength: 10 });

/** Everything a decision is made of, and nothing meant for display. */
function decisions(bytes: Buffer, options: ParserOptions = {}): unknown[] {
  return new ReplyParser(LIMITS, options).push(bytes).map((e) => {
    if (e.type === 'line')
      return { line: e.unescaped, truncated: e.truncated, dropped: e.droppedBytes };
    const reply = e.type === 'reply' ? e.reply : e.error.reply;
    if (!reply) return { error: e.type === 'error' ? e.error.kind : null };
    const ehlo = parseEhlo(reply);
    return {
      kind: e.type === 'error' ? e.error.kind : 'reply',
      code: reply.code,
      enhanced: reply.enhanced,
      inconsistent: reply.inconsistentCodes,
      unescaped: reply.unescaped,
      keywords: Object.keys(ehlo.extensions),
      params: ehlo.rawExtensions,
    };
  });
}

const join = (ls: string[], ends: readonly string[]): Buffer =>
  Buffer.from(ls.map((l, i) => l + (ends[i % ends.length] as string)).join(''), 'latin1');

/** Other ways to show the same bytes: none of them may change a decision. */
const DISPLAYS: ParserOptions['display'][] = [
  escapeBytes,
  (b) => Buffer.from(b).toString('hex'),
  (b) => Buffer.from(b).toString('latin1'),
  () => '',
];

describe('decisions are made on the bytes', () => {
  it('do not change with how the text is escaped for display', () => {
    fc.assert(
      fc.property(dialogue, fc.constantFrom(...ENDS), (ls, end) => {
        const bytes = join(ls, [end]);
        const want = decisions(bytes);
        for (const display of DISPLAYS) expect(decisions(bytes, { display })).toEqual(want);
      }),
      RUNS,
    );
  });

  it('LF, CR LF and CR CR LF line ends (mixed, too) parse alike', () => {
    fc.assert(
      fc.property(
        dialogue,
        fc.array(fc.constantFrom(...ENDS), { minLength: 1, maxLength: 4 }),
        (ls, mix) => {
          const want = decisions(join(ls, ['\r\n']));
          for (const ends of [['\n'], ['\r\r\n'], mix])
            expect(decisions(join(ls, ends))).toEqual(want);
        },
      ),
      RUNS,
    );
  });
});
