// Property tests (fast-check, fixed seeds): arbitrary and mutated bytes never make a parser throw,
// the record parser's output does not depend on how the stream is chunked, and built hellos parse
// back to the options that built them.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Result,
  RecordParser,
  buildClientHelloMessage,
  findExtension,
  parseAlerts,
  parseCertificate12,
  parseCertificate13,
  parseCertificateRequest12,
  parseCertificateRequest13,
  parseCertificateStatus,
  parseCertificateVerify,
  parseChangeCipherSpec,
  parseClientHello,
  parseEncryptedExtensions,
  parseFinished,
  parseHandshakeMessage,
  parseNewSessionTicket12,
  parseNewSessionTicket13,
  parseServerHello,
  parseServerKeyExchange,
  type WireErrorKind,
} from '../../src/tlswire/index.js';
import { bytes, concat, handshake, record } from './support/bytes.js';

const KINDS: readonly WireErrorKind[] = [
  'truncated',
  'trailing-bytes',
  'bad-length',
  'bad-value',
  'bad-content-type',
  'bad-record-version',
  'record-overflow',
  'message-too-large',
  'too-many-items',
  'bad-alert',
  'bad-input',
];

/** A well-formed Result whose error, if any, is a typed one and not an internal bug. */
function wellFormed(r: Result<unknown>): void {
  if (r.ok) return;
  // Plain checks, not expect(): this runs ~100k times and expect's bookkeeping would dominate.
  if (!KINDS.includes(r.error.kind) || r.error.detail.startsWith('internal parser error')) {
    throw new Error(`not a typed error: ${JSON.stringify(r.error)}`);
  }
}

const PARSERS: readonly ((b: Uint8Array) => Result<unknown>)[] = [
  parseClientHello,
  parseServerHello,
  parseCertificate12,
  (b) => parseServerKeyExchange(b, 'ecdhe', 0x0303),
  (b) => parseServerKeyExchange(b, 'dhe', 0x0301),
  (b) => parseServerKeyExchange(b, 'ecdhe_psk', 0x0303),
  (b) => parseCertificateRequest12(b, 0x0303),
  parseCertificateStatus,
  parseNewSessionTicket12,
  parseEncryptedExtensions,
  parseCertificate13,
  parseCertificateRequest13,
  parseCertificateVerify,
  parseFinished,
  parseNewSessionTicket13,
  parseAlerts,
  parseChangeCipherSpec,
];

const SEED = 20240611;

/** A valid ClientHello body with most extensions in it, to mutate. */
const HELLO = buildClientHelloMessage({
  version: 0x0303,
  supportedVersions: [0x0304, 0x0303],
  cipherSuites: [0x1301, 0xc02b, 0x00ff],
  keyShares: [{ group: 29, publicKey: new Uint8Array(32).fill(5) }],
  sni: 'mx.example',
  alpn: ['smtp'],
  statusRequest: true,
  sessionTicket: true,
  padding: 4,
  extensions: [
    {
      type: 41,
      data: concat(bytes(0, 7, 0, 1, 9, 0, 0, 0, 0), bytes(0, 33, 32), new Uint8Array(32)),
    },
  ],
}).subarray(4);

describe('parsers never throw', () => {
  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
        for (const parse of PARSERS) wellFormed(parse(b));
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('on a real ClientHello with bytes flipped or cut', () => {
    expect(parseClientHello(HELLO).ok).toBe(true);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(HELLO.length - 1), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.nat(HELLO.length),
        (flips, cut) => {
          const b = HELLO.slice(0, Math.max(cut, HELLO.length - 40));
          for (const [at, v] of flips) if (at < b.length) b[at] = v;
          for (const parse of PARSERS) wellFormed(parse(b));
          for (const type of [1, 2, 4, 8, 11, 12, 13, 15, 22, 24]) {
            const message = { type, typeName: '', body: b, raw: b };
            wellFormed(parseHandshakeMessage(message, { version: 0x0304 }));
            wellFormed(parseHandshakeMessage(message, { version: 0x0303, cipherSuite: 0xc02b }));
          }
        },
      ),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('the record parser, on arbitrary chunks', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 8 }), (chunks) => {
        const p = new RecordParser();
        for (const c of chunks) {
          const got = p.push(c);
          if (got.error) expect(KINDS).toContain(got.error.kind);
        }
        expect(p.bufferedBytes).toBeLessThanOrEqual(5 + 2 ** 14 + 2048);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

/** A stream of records: handshake messages cut at random places, alerts, CCS, opaque data, junk. */
const stream = fc
  .tuple(
    fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), fc.uint8Array({ maxLength: 40 })), {
      maxLength: 6,
    }),
    fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }),
    fc.array(fc.constantFrom(20, 21, 23), { maxLength: 4 }),
    fc.uint8Array({ maxLength: 12 }),
  )
  .map(([messages, cuts, others, junk]) => {
    const hs = concat(...messages.map(([type, body]) => handshake(type, body)));
    const records: Uint8Array[] = [];
    let at = 0;
    for (const cut of cuts) {
      if (at >= hs.length) break;
      records.push(record(22, hs.subarray(at, at + cut)));
      at += cut;
    }
    if (at < hs.length) records.push(record(22, hs.subarray(at)));
    for (const type of others) records.push(record(type, type === 20 ? bytes(1) : bytes(1, 40)));
    return concat(...records, junk);
  });

describe('chunking does not change the record parser', () => {
  it('any split of the same bytes gives the same items and error', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 10 }), (all, points) => {
        const whole = new RecordParser().push(all);
        const cuts = [...new Set(points.map((p) => p % (all.length + 1)))].sort((a, b) => a - b);
        const p = new RecordParser();
        const items = [];
        let error = null;
        let from = 0;
        for (const to of [...cuts, all.length]) {
          const got = p.push(all.subarray(from, to));
          items.push(...got.items);
          error = got.error ?? error;
          from = to;
        }
        expect(items).toEqual(whole.items);
        expect(error).toEqual(whole.error);
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const u16 = fc.integer({ min: 0, max: 0xffff });

describe('built hellos parse back', () => {
  it('to the options they were built from', () => {
    fc.assert(
      fc.property(
        fc.record({
          version: fc.constantFrom(0x0300, 0x0301, 0x0302, 0x0303),
          cipherSuites: fc.array(u16, { minLength: 1, maxLength: 30 }),
          supportedVersions: fc.option(
            fc.array(fc.constantFrom(0x0304, 0x0303, 0x0302, 0x1a1a), {
              minLength: 1,
              maxLength: 4,
            }),
            { nil: undefined },
          ),
          groups: fc.option(fc.array(u16, { minLength: 1, maxLength: 8 }), { nil: undefined }),
          // Always given: a default share for a random group number has no generator to make it.
          keyShares: fc.array(
            fc.record({ group: u16, publicKey: fc.uint8Array({ minLength: 1, maxLength: 70 }) }),
            { maxLength: 3 },
          ),
          sni: fc.option(
            fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')),
            { nil: undefined },
          ),
          signatureAlgorithms: fc.option(fc.array(u16, { minLength: 1, maxLength: 10 }), {
            nil: undefined,
          }),
          alpn: fc.option(fc.array(label, { minLength: 1, maxLength: 3 }), { nil: undefined }),
          sessionId: fc.uint8Array({ maxLength: 32 }),
          random: fc.uint8Array({ minLength: 32, maxLength: 32 }),
          compression: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 3 }),
          padding: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
        }),
        (o) => {
          const raw = buildClientHelloMessage(o);
          const parsed = parseClientHello(raw.subarray(4));
          if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
          const h = parsed.value;
          expect(h.legacyVersion).toBe(o.version);
          expect(h.cipherSuites).toEqual(o.cipherSuites);
          expect(Array.from(h.random)).toEqual(Array.from(o.random));
          expect(Array.from(h.sessionId)).toEqual(Array.from(o.sessionId));
          expect(h.compressionMethods).toEqual(o.compression);
          const ex = h.extensions;
          expect(ex.filter((e) => e.name === 'malformed')).toEqual([]);
          expect(findExtension(ex, 'server_name')?.hostNames).toEqual(
            o.sni === undefined ? undefined : [o.sni],
          );
          const sv = findExtension(ex, 'supported_versions');
          expect(sv?.form === 'list' ? sv.versions : undefined).toEqual(o.supportedVersions);
          if (o.groups) expect(findExtension(ex, 'supported_groups')?.groups).toEqual(o.groups);
          if (o.signatureAlgorithms)
            expect(findExtension(ex, 'signature_algorithms')?.schemes).toEqual(
              o.signatureAlgorithms,
            );
          expect(findExtension(ex, 'application_layer_protocol_negotiation')?.protocols).toEqual(
            o.alpn,
          );
          const ks = findExtension(ex, 'key_share');
          const shares =
            ks?.form === 'client'
              ? ks.shares.map((s) => ({ group: s.group, publicKey: Array.from(s.key) }))
              : [];
          expect(shares).toEqual(
            o.keyShares.map((s) => ({ group: s.group, publicKey: Array.from(s.publicKey) })),
          );
          expect(findExtension(ex, 'padding')?.length).toBe(o.padding);
        },
      ),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
