// Hostile bytes: whatever arrives, reading it yields a value, never an exception.
import fc from 'fast-check';
import * as packet from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/dns/classify.js';
import { QUERY_TYPES } from '../../src/dns/types.js';
import { buildQuery, receive } from '../../src/dns/wire.js';

const KINDS = ['ignore', 'malformed', 'truncated', 'reply'];

function read(bytes: Buffer, query: ReturnType<typeof buildQuery>): string {
  const r = receive(bytes, query);
  expect(KINDS).toContain(r.kind);
  if (r.kind === 'reply') {
    const c = classify(r.packet, query.question);
    expect(['result', 'follow']).toContain(c.kind);
  }
  return r.kind;
}

describe('query encoder', () => {
  it('asks with RD, EDNS0 at 1232 bytes, DO and CD when wanted, a random id', () => {
    const plain = packet.decode(buildQuery('MX.lab.test.', 'MX', {}).bytes);
    expect(plain).toMatchObject({
      flag_rd: true,
      flag_cd: false,
      questions: [{ name: 'mx.lab.test', type: 'MX', class: 'IN' }],
    });
    expect(plain.additionals).toMatchObject([
      { type: 'OPT', udpPayloadSize: 1232, flag_do: false },
    ]);
    const dnssec = packet.decode(
      buildQuery('mx.lab.test', 'TLSA', { dnssecOk: true, checkingDisabled: true }).bytes,
    );
    expect(dnssec).toMatchObject({ flag_cd: true, additionals: [{ type: 'OPT', flag_do: true }] });
    const ids = new Set(Array.from({ length: 50 }, () => buildQuery('a.test', 'A', {}).id));
    expect(ids.size).toBeGreaterThan(40);
  });
});

describe('reply decoder', () => {
  const type = fc.constantFrom(...QUERY_TYPES);

  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), type, (bytes, t) => {
        read(Buffer.from(bytes), buildQuery('mx.lab.test', t, {}));
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on our own header and question followed by arbitrary bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 600 }),
        type,
        fc.array(fc.nat(0xffff), { minLength: 4, maxLength: 4 }),
        fc.nat(0xffff),
        (tail, t, counts, flags) => {
          const query = buildQuery('mx.lab.test', t, { dnssecOk: true });
          const head = packet.encode({
            type: 'response',
            id: query.id,
            questions: [{ name: 'mx.lab.test', type: t }],
          });
          // Keep the QR bit and opcode QUERY so the bytes get past the first checks.
          head.writeUInt16BE(0x8000 | (flags & 0x07ff), 2);
          head.writeUInt16BE(1, 4);
          head.writeUInt16BE((counts[1] ?? 0) % 300, 6);
          head.writeUInt16BE((counts[2] ?? 0) % 300, 8);
          head.writeUInt16BE((counts[3] ?? 0) % 300, 10);
          read(Buffer.concat([head, Buffer.from(tail)]), query);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads well-formed answers of every type back', () => {
    fc.assert(
      fc.property(
        fc.ipV4(),
        fc.nat(0xffff),
        fc.array(fc.uint8Array({ maxLength: 255 }), { maxLength: 4 }),
        (ip, pref, txt) => {
          for (const [t, data] of [
            ['A', ip],
            ['MX', { preference: pref, exchange: 'mx.lab.test' }],
            ['TXT', txt.map((b) => Buffer.from(b))],
          ] as const) {
            const query = buildQuery('x.lab.test', t, {});
            const bytes = packet.encode({
              type: 'response',
              id: query.id,
              questions: [{ name: 'x.lab.test', type: t }],
              answers: [{ name: 'x.lab.test', type: t, ttl: 1, data } as packet.Answer],
            });
            expect(read(bytes, query)).toBe('reply');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
