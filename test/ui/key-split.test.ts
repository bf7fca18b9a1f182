// Several keys in one input: each becomes the key Ink would have reported alone.
import { describe, expect, it } from 'vitest';
import type { Key } from 'ink';
import { splitKeys } from '../../src/ui/key-split.js';

const plain = { ctrl: false, meta: false, escape: false, tab: false } as Key;

describe('splitKeys', () => {
  it('leaves a single key alone', () => {
    const tab = { ...plain, tab: true };
    expect(splitKeys('', tab)).toEqual([['', tab]]);
    expect(splitKeys('q', plain)).toEqual([['q', plain]]);
    expect(splitKeys('é', plain)).toEqual([['é', plain]]);
  });

  it('splits a run into Tab, Enter, letters (shift for capitals) and Ctrl+letter', () => {
    const keys = splitKeys('\t\rqS\x03', plain);
    expect(keys.map(([input]) => input)).toEqual(['', '', 'q', 'S', 'c']);
    expect(keys[0]?.[1].tab).toBe(true);
    expect(keys[1]?.[1].return).toBe(true);
    expect(keys[2]?.[1].shift).toBe(false);
    expect(keys[3]?.[1].shift).toBe(true);
    expect(keys[4]?.[1].ctrl).toBe(true);
  });

  it('counts code points, not UTF-16 units', () => {
    expect(splitKeys('🙂a', plain).map(([input]) => input)).toEqual(['🙂', 'a']);
  });
});
