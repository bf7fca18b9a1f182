// Target parsing shared by the CLI and the start form.
import { describe, expect, it } from 'vitest';
import { parseTarget, withoutRootDot } from '../../src/input/validate.js';

describe('parseTarget', () => {
  it('takes a name as dig prints it (trailing dot) as the name itself', () => {
    expect(parseTarget('mx.example.org.')).toEqual({
      ok: true,
      value: { host: 'mx.example.org', port: null },
    });
    expect(parseTarget('mx.example.org.:587')).toEqual({
      ok: true,
      value: { host: 'mx.example.org', port: 587 },
    });
  });

  it('turns an internationalised name into the A-labels DNS and certificates use', () => {
    expect(parseTarget('bücher.example:25')).toEqual({
      ok: true,
      value: { host: 'xn--bcher-kva.example', port: 25 },
    });
    expect(parseTarget('bü cher.example')).toMatchObject({ ok: false });
  });

  it('leaves IP literals and a lone dot alone', () => {
    expect(withoutRootDot('192.0.2.1')).toBe('192.0.2.1');
    expect(withoutRootDot('.')).toBe('.');
    expect(parseTarget('[2001:db8::1]:25')).toEqual({
      ok: true,
      value: { host: '2001:db8::1', port: 25 },
    });
  });
});
