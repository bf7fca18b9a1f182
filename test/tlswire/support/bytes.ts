// Byte-building shorthands for the tlswire tests: records and handshake messages from parts.
import { ByteWriter } from '../../../src/tlswire/writer.js';

export function record(type: number, fragment: Uint8Array, version = 0x0303): Uint8Array {
  return new ByteWriter().u8(type).u16(version).vector(2, fragment).finish();
}

export function handshake(type: number, body: Uint8Array): Uint8Array {
  return new ByteWriter().u8(type).vector(3, body).finish();
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  const w = new ByteWriter();
  for (const p of parts) w.bytes(p);
  return w.finish();
}

export function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

export { ByteWriter };
