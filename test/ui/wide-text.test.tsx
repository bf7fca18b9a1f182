// Issue #10: whatever Unicode a server sends (after escaping, as the engine shows it), no line
// of any frame is wider than the terminal and the frame has no more rows than the terminal.
// A double-width character on the truncation boundary used to overhang by one cell, so the
// terminal wrapped the line, the frame grew past the screen and the header scrolled away.
import React from 'react';
import fc from 'fast-check';
import { render } from 'ink-testing-library';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { App } from '../../src/ui/App.js';
import type { SessionLike } from '../../src/ui/use-session.js';
import type { Escaped, ProbeEvent, ProbeOptions, ProbeResult } from '../../src/model/index.js';
import { facts, failed, resultOf } from '../support/facts.js';
import { escapeText } from '../../src/smtp/escape.js';
import { fitWidth } from '../../src/ui/fit.js';
import { stripAnsi, waitForFrame } from '../support/frames.js';

const OPTIONS: ProbeOptions = {
  host: 'mx.lab.test',
  port: 25,
  tlsMode: 'starttls',
  ehloName: 'client.lab.test',
  timeoutMs: 5000,
};
const SIZES = [
  { columns: 60, rows: 15 },
  { columns: 80, rows: 24 },
  { columns: 100, rows: 30 },
  { columns: 160, rows: 45 },
];

/** The kinds of text that are measured wrongly when cut by code unit or code point. */
const PIECES = [
  '中文',
  '한국어',
  'ｶﾀｶﾅ',
  '\uff21', // fullwidth A
  '👍',
  '👍🏽',
  '👩‍💻',
  '👨‍👩‍👧‍👦',
  '❤️', // VS16
  '☕',
  '🇩🇪',
  '1️⃣',
  'e\u0301', // combining acute
  'a\u0308\u0323',
  '\u200b', // zero-width space
  '\u200d', // a ZWJ on its own
  '\u00ad', // soft hyphen
  '\u1100\u1161\u11a8', // jamo that join into one syllable
  '…',
  'é',
  ' ',
  'mx.lab.test',
  '250-',
];
const serverText = fc
  .tuple(
    fc.nat({ max: 170 }),
    fc.array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ unit: 'grapheme', maxLength: 4 })), {
      maxLength: 90,
    }),
  )
  // An ASCII run of any length first puts a wide character on every possible boundary.
  .map(([n, parts]) => escapeText('x'.repeat(n) + parts.join('')));

function fakeSession(events: ProbeEvent[]): SessionLike {
  return {
    id: 'fake',
    on: (l) => {
      queueMicrotask(() => events.forEach(l));
      return () => undefined;
    },
    run: async () => {
      const last = events[events.length - 1];
      return last?.type === 'finished' ? last.result : resultOf(facts());
    },
    resume: () => undefined,
    setAuto: () => undefined,
    sendRaw: async () => ({ ok: false, error: 'not-connected' }),
    abort: async () => undefined,
  };
}

function session(texts: Escaped[]): ProbeEvent[] {
  const text = texts[0] ?? escapeText('');
  const result: ProbeResult = {
    ...resultOf(
      failed(
        { stage: 'banner', kind: 'rejected', reply: { code: 421, enhanced: null, text } },
        {
          banner: { code: 421, text },
          starttls: { offered: null, reply: null },
          // Server text in the notes too: the verdict panel and --plain show them.
          findings: texts.slice(1, 3).map((reply) => ({ code: 'helo-fallback' as const, reply })),
        },
      ),
    ),
    transcript: texts.map((t, i) => ({ t: i, dir: 'S' as const, text: t })),
  };
  return [
    ...result.transcript.map((entry) => ({
      type: 'transcript' as const,
      probeId: 'fake',
      entry,
    })),
    { type: 'finished', probeId: 'fake', result },
  ];
}

async function frameAt(events: ProbeEvent[], size: { columns: number; rows: number }) {
  const r = render(
    <App
      options={OPTIONS}
      auto={false}
      color={false}
      factory={() => fakeSession(events)}
      saveDir="."
      now={() => new Date(0)}
      onExit={() => undefined}
      size={size}
    />,
  );
  try {
    return await waitForFrame(r.lastFrame, (f) => f.includes('Verdict:'));
  } finally {
    r.unmount();
  }
}

describe('the TUI with any text', () => {
  it('fitWidth never returns more cells than asked, and keeps what fits', () => {
    fc.assert(
      fc.property(serverText, fc.integer({ min: 0, max: 200 }), (text, columns) => {
        const out = fitWidth(text, columns);
        expect(stringWidth(out)).toBeLessThanOrEqual(columns);
        if (stringWidth(text) <= columns) expect(out).toBe(text);
      }),
      { numRuns: 2000, seed: 20261124 },
    );
  });

  it('a CJK character on the boundary does not overhang (the tmux report)', async () => {
    // At 80 columns the transcript is 55 wide; with "S: " these lines put the first CJK
    // character on each column around its edge.
    const texts = Array.from({ length: 6 }, (_, i) => escapeText(`${'x'.repeat(49 + i)}中文中文`));
    const frame = await frameAt(session(texts), { columns: 80, rows: 24 });
    for (const line of stripAnsi(frame).split('\n'))
      expect(stringWidth(line)).toBeLessThanOrEqual(80);
  });

  it('no frame line is wider than the terminal, at 60×15, 80×24, 100×30 and 160×45', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(serverText, { minLength: 1, maxLength: 12 }), async (texts) => {
        for (const size of SIZES) {
          const lines = stripAnsi(await frameAt(session(texts), size)).split('\n');
          expect(lines.length).toBeLessThanOrEqual(size.rows);
          for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(size.columns);
        }
      }),
      { numRuns: 12, seed: 20261124 },
    );
  });
});
