// The pure parts of the decryption: HKDF-Expand against node:crypto's HKDF (extract + expand),
// the HKDF-Expand-Label encoding of RFC 8446 §7.1, and a record sealed here with the §5.3 nonce
// and §5.2 header opened by RecordOpener, padding and content type included.
import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RecordOpener } from '../../src/tls/decrypt.js';
import { hkdfExpand, hkdfExpandLabel, suiteKeying, trafficKeys } from '../../src/tls/tls13-keys.js';
import type { SuiteKeying } from '../../src/tls/tls13-keys.js';

describe('HKDF', () => {
  it('HKDF-Expand equals node:crypto HKDF after the same extract (RFC 5869)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<SuiteKeying['hash']>('sha256', 'sha384'),
        fc.uint8Array({ minLength: 1, maxLength: 64 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.integer({ min: 1, max: 200 }),
        (hash, ikm, salt, info, length) => {
          const prk = createHmac(hash, salt).update(ikm).digest();
          const ours = hkdfExpand(hash, prk, info, length);
          const node = Buffer.from(hkdfSync(hash, ikm, salt, info, length));
          expect(ours.equals(node)).toBe(true);
        },
      ),
      { numRuns: 200, seed: 13 },
    );
  });

  it('HKDF-Expand-Label encodes length, "tls13 " + label and the context (RFC 8446 §7.1)', () => {
    const secret = randomBytes(32);
    const context = Buffer.from([1, 2, 3]);
    const info = Buffer.concat([
      Buffer.from([0, 16, 9]),
      Buffer.from('tls13 key', 'latin1'),
      Buffer.from([3]),
      context,
    ]);
    expect(hkdfExpandLabel('sha256', secret, 'key', context, 16)).toEqual(
      hkdfExpand('sha256', secret, info, 16),
    );
  });

  it('knows the three AEAD suites and no others', () => {
    expect(suiteKeying(0x1301)).toMatchObject({ aead: 'aes-128-gcm', keyLength: 16 });
    expect(suiteKeying(0x1302)).toMatchObject({ aead: 'aes-256-gcm', hash: 'sha384' });
    expect(suiteKeying(0x1303)).toMatchObject({ aead: 'chacha20-poly1305' });
    expect(suiteKeying(0x1304)).toBeNull(); // CCM: shown by size only
  });
});

function seal(
  keying: SuiteKeying,
  secret: Uint8Array,
  seq: number,
  content: Buffer,
  type: number,
  padding: number,
): { header: Buffer; fragment: Buffer } {
  const { key, iv } = trafficKeys(keying, secret);
  const nonce = Buffer.from(iv);
  nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
  const inner = Buffer.concat([content, Buffer.from([type]), Buffer.alloc(padding)]);
  const header = Buffer.from([23, 3, 3, (inner.length + 16) >> 8, (inner.length + 16) & 0xff]);
  const c = createCipheriv(keying.aead, key, nonce, { authTagLength: 16 } as object) as ReturnType<
    typeof createCipheriv
  > & { setAAD(a: Buffer): void; getAuthTag(): Buffer };
  c.setAAD(header);
  const body = Buffer.concat([c.update(inner), c.final()]);
  return { header, fragment: Buffer.concat([body, c.getAuthTag()]) };
}

describe('RecordOpener', () => {
  for (const code of [0x1301, 0x1302, 0x1303]) {
    it(`opens records of suite 0x${code.toString(16)} in sequence, padding stripped`, () => {
      const keying = suiteKeying(code);
      if (!keying) throw new Error('no keying');
      const secret = randomBytes(keying.hash === 'sha384' ? 48 : 32);
      const opener = new RecordOpener(trafficKeys(keying, secret));
      for (let seq = 0; seq < 3; seq++) {
        const content = randomBytes(40 + seq);
        const r = seal(keying, secret, seq, content, seq === 2 ? 21 : 22, seq * 5);
        const opened = opener.open(r.header, r.fragment);
        expect(opened?.contentType).toBe(seq === 2 ? 21 : 22);
        expect(opened?.content.equals(content)).toBe(true);
      }
    });
  }

  it('a tampered or out-of-sequence record does not open', () => {
    const keying = suiteKeying(0x1301);
    if (!keying) throw new Error('no keying');
    const secret = randomBytes(32);
    const r = seal(keying, secret, 1, Buffer.from('hello'), 22, 0);
    expect(new RecordOpener(trafficKeys(keying, secret)).open(r.header, r.fragment)).toBeNull();
    const ok = seal(keying, secret, 0, Buffer.from('hello'), 22, 0);
    ok.fragment[0] = (ok.fragment[0] as number) ^ 1;
    expect(new RecordOpener(trafficKeys(keying, secret)).open(ok.header, ok.fragment)).toBeNull();
  });
});
