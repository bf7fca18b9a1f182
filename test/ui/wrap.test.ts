// Wrapping: rows never wider than asked, no row starts with a stray space, nothing is lost.
import fc from 'fast-check';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { labelIndent, wrapLine } from '../../src/ui/wrap.js';

describe('wrapLine', () => {
  it('indents continuation rows under the text after a label', () => {
    expect(
      wrapLine(
        'Why:  Say EHLO again: everything learned before TLS must be forgotten, it was not protected.',
        40,
      ),
    ).toEqual([
      'Why:  Say EHLO again: everything learned',
      '      before TLS must be forgotten, it',
      '      was not protected.',
    ]);
  });

  it('a fingerprint goes on after its label and breaks between bytes', () => {
    const fp = Array.from({ length: 32 }, (_, i) => (i * 7).toString(16).padStart(2, '0')).join(
      ':',
    );
    const rows = wrapLine(`SHA-256: ${fp}`, 40);
    expect(rows[0]).toMatch(/^SHA-256: [0-9a-f]{2}:/);
    for (const r of rows) expect(r.length).toBeLessThanOrEqual(40);
    for (const r of rows.slice(0, -1)) expect(r).toMatch(/:$/);
    expect(rows.map((r) => r.trim().replace(/^SHA-256: /, '')).join('')).toBe(fp);
  });

  it('a line that fits is itself; alignment spaces inside a row stay', () => {
    expect(wrapLine('Protocol:     TLSv1.3', 40)).toEqual(['Protocol:     TLSv1.3']);
    expect(labelIndent('Protocol:     TLSv1.3')).toBe(14);
    expect(labelIndent('no label here')).toBe(0);
  });

  it('generated text: rows fit, continuation rows start with the indent then a word, words survive', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9:.,é漢😀-]{1,30}$/u);
    fc.assert(
      fc.property(
        fc.array(word, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 8, max: 120 }),
        (words, width) => {
          const text = `Label: ${words.join(' ')}`;
          const rows = wrapLine(text, width);
          for (const r of rows) expect(stringWidth(r)).toBeLessThanOrEqual(width);
          const pad = labelIndent(text) <= width / 2 ? labelIndent(text) : 0;
          for (const r of rows.slice(1)) expect(r.slice(pad)).not.toMatch(/^ /);
          expect(
            rows
              .map((r) => r.trim())
              .join('')
              .replace(/ /g, ''),
          ).toBe(text.replace(/ /g, ''));
        },
      ),
    );
  });
});
