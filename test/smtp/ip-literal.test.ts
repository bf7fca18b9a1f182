import { isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipFamily } from '../../src/smtp/ip-literal.js';

describe('ipFamily', () => {
  it('answers as net.isIP does', () => {
    for (const s of [
      'mx.lab.test',
      '127.0.0.1',
      '::1',
      'fe80::1%eth0',
      '1.2.3',
      '',
      '[::1]',
      '::ffff:1.2.3.4',
      '256.1.1.1',
    ])
      expect(ipFamily(s), s).toBe(isIP(s));
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.ipV4(), fc.ipV6(), fc.domain()),
        (s) => ipFamily(s) === isIP(s),
      ),
      { numRuns: 2000 },
    );
  });
});
