// Ink hands a run of plain characters that arrived in one read as a single input: two Tabs
// pressed quickly (or key repeat while a frame is drawn) come as "\t\t", which is no key at all
// (key.tab is set only for a lone "\t") and was dropped. On the session screen, where nothing
// is typed as text, each character is a key of its own.
import type { Key } from 'ink';

const NO_KEY: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  home: false,
  end: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
  super: false,
  hyper: false,
  capsLock: false,
  numLock: false,
};

/** One input as the keys it holds: itself, unless it is a run of several plain characters. */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const chars = [...input];
  if (chars.length <= 1 || key.ctrl || key.meta || key.escape) return [[input, key]];
  return chars.map(asKey);
}

/** A single character as Ink's useInput would describe it. */
function asKey(ch: string): [string, Key] {
  const code = ch.charCodeAt(0);
  const named = { '\t': 'tab', '\r': 'return', '\b': 'backspace', '\x7f': 'delete' } as const;
  const name = named[ch as keyof typeof named];
  if (name) return ['', { ...NO_KEY, [name]: true }];
  // Ctrl+letter arrives as its C0 code (Ctrl-C is 0x03): Ink reports the letter with ctrl set.
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...NO_KEY, ctrl: true }];
  return [ch, { ...NO_KEY, shift: /[A-Z]/.test(ch) }];
}
