// DNS messages on the wire (RFC 1035 §4.1) through dns-packet: the query we send and the first,
// defensive look at what comes back. Nothing here throws on hostile bytes.
import { randomInt } from 'node:crypto';
import * as packet from 'dns-packet';
import type { DecodedPacket } from 'dns-packet';
import { normalizeName } from './hosts.js';
import { LIMITS } from './types.js';
import type { QueryType } from './types.js';

export interface Question {
  /** Lowercase, no trailing dot. */
  name: string;
  type: QueryType;
}

export interface OutgoingQuery {
  id: number;
  question: Question;
  bytes: Buffer;
}

/**
 * RFC 6891 §6.2.5 leaves the size to us; 1232 bytes fits an IPv6 minimum MTU (1280) minus
 * headers, so answers arrive unfragmented or with TC set (the DNS Flag Day 2020 figure).
 */
export const EDNS_PAYLOAD_SIZE = 1232;

export function buildQuery(
  name: string,
  type: QueryType,
  options: { dnssecOk?: boolean; checkingDisabled?: boolean },
): OutgoingQuery {
  // RFC 5452 §9.2: an unpredictable id (and source port, which the OS randomizes for an
  // ephemeral bind) is what keeps off-path forgeries out.
  const id = randomInt(0, 0x10000);
  const question: Question = { name: normalizeName(name), type };
  const flags =
    packet.RECURSION_DESIRED | (options.checkingDisabled === true ? packet.CHECKING_DISABLED : 0);
  const bytes = packet.encode({
    type: 'query',
    id,
    flags,
    questions: [{ name: question.name === '' ? '.' : question.name, type, class: 'IN' }],
    // EDNS0 (RFC 6891 §6.1.2) carries the payload size and the DO bit (RFC 3225 §3).
    additionals: [
      {
        type: 'OPT',
        name: '.',
        udpPayloadSize: EDNS_PAYLOAD_SIZE,
        extendedRcode: 0,
        ednsVersion: 0,
        flags: options.dnssecOk === true ? packet.DNSSEC_OK : 0,
        // Read by the decoder only; the encoder takes the DO bit from `flags`.
        flag_do: options.dnssecOk === true,
        options: [],
      },
    ],
  });
  return { id, question, bytes };
}

/**
 * What a received message is to the query it might answer. `ignore` is for datagrams that are
 * not our reply (wrong id or question: RFC 5452 §4.3 says drop and keep waiting); `malformed`
 * is a reply to us that cannot be read; `truncated` means ask again over TCP (RFC 7766 §5).
 */
export type Received =
  | { kind: 'ignore'; why: string }
  | { kind: 'malformed'; message: string }
  | { kind: 'truncated' }
  | { kind: 'reply'; packet: DecodedPacket };

const QR = 0x8000;
const TC = 0x0200;
const OPCODE_MASK = 0x7800;

function decodeQuestionOnly(buf: Buffer): DecodedPacket | undefined {
  // The answer sections may be cut short (TC) or hostile; the header and question alone tell
  // whether this is our reply at all.
  const copy = Buffer.from(buf);
  copy.writeUInt16BE(0, 6);
  copy.writeUInt16BE(0, 8);
  copy.writeUInt16BE(0, 10);
  try {
    return packet.decode(copy);
  } catch {
    return undefined;
  }
}

function questionMatches(p: DecodedPacket, q: Question): boolean {
  const asked = p.questions?.[0];
  if (p.questions?.length !== 1 || asked === undefined) return false;
  // RFC 1035 §7.3: the question must be ours; names compare case-insensitively (RFC 4343).
  return (
    normalizeName(asked.name === '.' ? '' : asked.name) === q.name &&
    asked.type === q.type &&
    asked.class === 'IN'
  );
}

function brief(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 120);
}

export function receive(buf: Buffer, query: { id: number; question: Question }): Received {
  try {
    if (buf.length < 12) return { kind: 'ignore', why: 'shorter than a DNS header' };
    if (buf.length > LIMITS.maxMessageBytes)
      return { kind: 'malformed', message: 'reply too large' };
    if (buf.readUInt16BE(0) !== query.id) return { kind: 'ignore', why: 'another id' };
    const flags = buf.readUInt16BE(2);
    if ((flags & QR) === 0) return { kind: 'ignore', why: 'not a response' };
    if ((flags & OPCODE_MASK) !== 0) return { kind: 'ignore', why: 'not a QUERY response' };
    const head = decodeQuestionOnly(buf);
    if (head === undefined || !questionMatches(head, query.question)) {
      return { kind: 'ignore', why: 'another question' };
    }
    if ((flags & TC) !== 0) return { kind: 'truncated' };
    for (const at of [6, 8, 10]) {
      if (buf.readUInt16BE(at) > LIMITS.maxRecordsPerSection) {
        return {
          kind: 'malformed',
          message: `more than ${LIMITS.maxRecordsPerSection} records in a section`,
        };
      }
    }
    let decoded: DecodedPacket;
    try {
      decoded = packet.decode(buf);
    } catch (err: unknown) {
      return { kind: 'malformed', message: `cannot decode the reply: ${brief(err)}` };
    }
    return { kind: 'reply', packet: decoded };
  } catch (err: unknown) {
    // Belt and braces: whatever the bytes, the caller gets a value, never an exception.
    return { kind: 'malformed', message: `cannot decode the reply: ${brief(err)}` };
  }
}
