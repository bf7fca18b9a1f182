// Validity in words: a negative "days left" is how long ago it expired.
import { describe, expect, it } from 'vitest';
import { daysLeftWords } from '../../src/tls/cert-info.js';

describe('daysLeftWords', () => {
  it('says days left, today, or how long ago', () => {
    expect(daysLeftWords(364)).toBe('364 days left');
    expect(daysLeftWords(1)).toBe('1 day left');
    expect(daysLeftWords(0)).toBe('expires today');
    expect(daysLeftWords(-1)).toBe('expired 1 day ago');
    expect(daysLeftWords(-2153)).toBe('expired 2153 days ago');
  });
});
