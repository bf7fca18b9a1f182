// The record layer and the handshake reassembler on hand-made bytes: splitting and coalescing,
// the caps, stickiness of errors, the encrypted mode and its automatic switch.
import { describe, expect, it } from 'vitest';
import {
  HandshakeReassembler,
  MAX_CIPHERTEXT_LENGTH,
  RecordParser,
  type RecordItem,
} from '../../src/tlswire/index.js';
import { ByteWriter, bytes, concat, handshake, record } from './support/bytes.js';

const kinds = (items: RecordItem[]): string[] =>
  items.map((i) =>
    i.kind === 'record'
      ? `record:${i.record.typeName}`
      : i.kind === 'handshake'
        ? `hs:${i.message.typeName}`
        : `alert:${i.alert.descriptionName}`,
  );

describe('RecordParser', () => {
  it('reads records of every version from SSL 3.0 to TLS 1.2', () => {
    for (const version of [0x0300, 0x0301, 0x0302, 0x0303]) {
      const { items, error } = new RecordParser().push(record(23, bytes(1, 2, 3), version));
      expect(error).toBeNull();
      expect(items).toHaveLength(1);
      const first = items[0];
      expect(first?.kind === 'record' && first.record.version).toBe(version);
    }
  });

  it('reassembles a handshake message split over three records', () => {
    const msg = handshake(11, new Uint8Array(40).fill(7));
    const stream = concat(
      record(22, msg.subarray(0, 3)),
      record(22, msg.subarray(3, 20)),
      record(22, msg.subarray(20)),
    );
    const { items, error } = new RecordParser().push(stream);
    expect(error).toBeNull();
    expect(kinds(items)).toEqual([
      'record:handshake',
      'record:handshake',
      'record:handshake',
      'hs:certificate',
    ]);
    const hs = items[3];
    expect(hs?.kind === 'handshake' && Array.from(hs.message.raw)).toEqual(Array.from(msg));
  });

  it('splits several handshake messages sharing one record', () => {
    const frag = concat(
      handshake(2, bytes(1, 2)),
      handshake(14, bytes()),
      handshake(20, new Uint8Array(12)),
    );
    const { items } = new RecordParser({ autoEncrypt: false }).push(record(22, frag));
    expect(kinds(items)).toEqual([
      'record:handshake',
      'hs:server_hello',
      'hs:server_hello_done',
      'hs:finished',
    ]);
  });

  it('gives the same result byte by byte as in one push', () => {
    const stream = concat(
      record(22, handshake(1, new Uint8Array(50))),
      record(21, bytes(1, 0)),
      record(23, bytes(9)),
    );
    const whole = new RecordParser().push(stream).items;
    const p = new RecordParser();
    const dribbled = Array.from(stream).flatMap((b) => p.push(bytes(b)).items);
    expect(dribbled).toEqual(whole);
    expect(kinds(whole)).toEqual([
      'record:handshake',
      'hs:client_hello',
      'record:alert',
      'alert:close_notify',
      'record:application_data',
    ]);
  });

  it('holds an incomplete record and reports how much is buffered', () => {
    const p = new RecordParser();
    expect(p.push(bytes(22, 3, 3, 0, 10, 1, 2)).items).toEqual([]);
    expect(p.bufferedBytes).toBe(7);
  });

  it('refuses a record above 2^14 + 2048 from its header alone', () => {
    const p = new RecordParser();
    const len = MAX_CIPHERTEXT_LENGTH + 1;
    const { error } = p.push(bytes(23, 3, 3, len >> 8, len & 0xff));
    expect(error?.kind).toBe('record-overflow');
    expect(p.bufferedBytes).toBe(0);
  });

  it('refuses a handshake message above the cap before its body arrives', () => {
    const p = new RecordParser({ maxHandshakeMessage: 1000 });
    const { error } = p.push(record(22, bytes(11, 0, 0x10, 0)));
    expect(error?.kind).toBe('message-too-large');
  });

  it('caps the items of one push', () => {
    const many = concat(...Array.from({ length: 10 }, () => record(23, bytes(0))));
    const { items, error } = new RecordParser({ maxItemsPerPush: 4 }).push(many);
    expect(items).toHaveLength(4);
    expect(error?.kind).toBe('too-many-items');
  });

  it('stops at bytes that are not TLS, and stays stopped', () => {
    const p = new RecordParser();
    const smtp = new TextEncoder().encode('454 4.7.0 TLS not available\r\n');
    expect(p.push(smtp).error?.kind).toBe('bad-content-type');
    expect(p.push(record(23, bytes(1))).error?.kind).toBe('bad-content-type');
    expect(new RecordParser().push(bytes(22, 2, 0, 0, 1, 0)).error?.kind).toBe(
      'bad-record-version',
    );
  });

  it('reads coalesced alerts and refuses a half alert', () => {
    const { items } = new RecordParser().push(record(21, bytes(1, 0, 2, 40)));
    expect(kinds(items)).toEqual(['record:alert', 'alert:close_notify', 'alert:handshake_failure']);
    expect(new RecordParser().push(record(21, bytes(2))).error?.kind).toBe('bad-alert');
  });

  it('returns records opaque once encrypted, by hand or after ChangeCipherSpec', () => {
    const manual = new RecordParser({ autoEncrypt: false });
    manual.setEncrypted();
    expect(kinds(manual.push(record(22, handshake(20, new Uint8Array(12)))).items)).toEqual([
      'record:handshake',
    ]);

    const auto = new RecordParser();
    const stream = concat(
      record(20, bytes(1)),
      record(22, new Uint8Array(40).fill(0xaa)),
      record(21, bytes(0xde, 0xad)),
    );
    const { items, error } = auto.push(stream);
    expect(error).toBeNull();
    expect(kinds(items)).toEqual(['record:change_cipher_spec', 'record:handshake', 'record:alert']);
    expect(items.map((i) => i.kind === 'record' && i.record.encrypted)).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('switches to encrypted right after a ServerHello selecting TLS 1.3', () => {
    const sh = new ByteWriter()
      .u16(0x0303)
      .bytes(new Uint8Array(32).fill(1))
      .vector(1, new Uint8Array(0))
      .u16(0x1301)
      .u8(0)
      .nested(2, (w) => w.u16(43).vector(2, bytes(3, 4)))
      .finish();
    const stream = concat(record(22, handshake(2, sh)), record(23, new Uint8Array(30)));
    const p = new RecordParser();
    const { items } = p.push(stream);
    expect(p.encrypted).toBe(true);
    expect(kinds(items)).toEqual([
      'record:handshake',
      'hs:server_hello',
      'record:application_data',
    ]);
  });

  it('reports a handshake message cut by the change to encryption', () => {
    const p = new RecordParser({ autoEncrypt: false });
    p.push(record(22, bytes(20, 0, 0, 12, 1)));
    p.setEncrypted();
    expect(p.push(record(23, bytes(1))).error?.detail).toMatch(/spans/);
  });
});

describe('HandshakeReassembler', () => {
  it('takes decrypted inner plaintext in any pieces', () => {
    const r = new HandshakeReassembler();
    const flight = concat(
      handshake(8, bytes(0, 0)),
      handshake(15, bytes(8, 4, 0, 1, 9)),
      handshake(20, new Uint8Array(32)),
    );
    const got = [
      r.push(flight.subarray(0, 5)),
      r.push(flight.subarray(5, 9)),
      r.push(flight.subarray(9)),
    ];
    expect(got.flatMap((g) => g.messages.map((m) => m.typeName))).toEqual([
      'encrypted_extensions',
      'certificate_verify',
      'finished',
    ]);
    expect(r.pendingBytes).toBe(0);
  });

  it('keeps its error once over the cap', () => {
    const r = new HandshakeReassembler({ maxMessageLength: 10 });
    expect(r.push(bytes(1, 0, 0, 11)).error?.kind).toBe('message-too-large');
    expect(r.push(handshake(14, bytes())).messages).toEqual([]);
    expect(r.error?.kind).toBe('message-too-large');
  });
});
