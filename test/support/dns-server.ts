// A scriptable DNS server on loopback for the resolver's tests: UDP and TCP on one port, zones
// as data, and per-name misbehaviour. It answers like a recursive resolver would (aliases chased
// within its data, AD for names marked signed), never forwards anything anywhere.
//
// AD choice: a name flagged `signed` gets the AD bit only when the query has DO, as RFC 6840
// §5.8 asks of a validating resolver (AD for requesters that showed they understand DNSSEC).
import type { RemoteInfo, Socket as UdpSocket } from 'node:dgram';
import type { Socket } from 'node:net';
import * as packet from 'dns-packet';
import type { Answer, DecodedPacket } from 'dns-packet';
import { listenSamePort, type SamePort } from './same-port.js';

export type ZoneRecord =
  | { name: string; type: 'A' | 'AAAA' | 'CNAME' | 'PTR' | 'NS'; ttl?: number; data: string }
  | { name: string; type: 'MX'; ttl?: number; data: { preference: number; exchange: string } }
  | { name: string; type: 'TXT'; ttl?: number; data: string | Buffer | (string | Buffer)[] }
  | {
      name: string;
      type: 'TLSA';
      ttl?: number;
      data: { usage: number; selector: number; matchingType: number; data: string | Buffer };
    }
  | {
      name: string;
      type: 'SOA';
      ttl?: number;
      data: { mname: string; rname: string; serial: number; minimum: number };
    };

/**
 * silent: never answers. truncate: UDP replies carry TC and no records, TCP answers in full.
 * wrong-id / wrong-question: a forged-looking reply first, the real one 30 ms later.
 * tcp-silent: UDP replies carry TC, TCP never answers (a fallback that hangs).
 * garbage: our header and question, then an undecodable answer. servfail / refused: that RCODE.
 */
export type NameMode =
  | 'silent'
  | 'truncate'
  | 'tcp-silent'
  | 'wrong-id'
  | 'wrong-question'
  | 'garbage'
  | 'servfail'
  | 'refused';

export interface NameFlags {
  /** AD in answers (and NXDOMAIN/NODATA) for this name when the query has DO. */
  signed?: boolean;
  /** SERVFAIL unless the query has CD; with CD, the data without AD. */
  bogus?: boolean;
  mode?: NameMode;
}

export interface DnsServerOptions {
  records: ZoneRecord[];
  /** Flags by exact name (lowercase, no trailing dot). */
  names?: Record<string, NameFlags>;
  /** Owner of the SOA put in negative answers (RFC 2308 §3). Default 'lab.test'. */
  zone?: string;
  /** Follow CNAMEs within the data, as a recursive resolver does (default true). */
  chase?: boolean;
}

export type Transport = 'udp' | 'tcp';

export interface SeenQuery {
  name: string;
  type: string;
  transport: Transport;
  dnssecOk: boolean;
  checkingDisabled: boolean;
}

export interface TestDnsServer {
  host: '127.0.0.1';
  port: number;
  /** For createResolver({ servers: [server.address] }). */
  address: { host: string; port: number };
  queries: SeenQuery[];
  /** Queries seen for name (and type, and transport, when given). */
  count(name: string, type?: string, transport?: Transport): number;
  close(): Promise<void>;
}

const MAX_TCP_CONNECTIONS = 32;
const MAX_QUERIES_LOGGED = 10_000;
const MAX_CHASE = 16;

const norm = (n: string): string => n.toLowerCase().replace(/\.$/, '');

function toAnswer(r: ZoneRecord): Answer {
  const base = { name: r.name, ttl: r.ttl ?? 300, class: 'IN' as const };
  switch (r.type) {
    case 'A':
    case 'AAAA':
    case 'CNAME':
    case 'PTR':
    case 'NS':
      return { ...base, type: r.type, data: r.data };
    case 'MX':
      return { ...base, type: 'MX', data: r.data };
    case 'TXT':
      return { ...base, type: 'TXT', data: r.data };
    case 'TLSA': {
      const d = r.data;
      const certificate = typeof d.data === 'string' ? Buffer.from(d.data, 'hex') : d.data;
      return { ...base, type: 'TLSA', data: { ...d, certificate } };
    }
    case 'SOA':
      return { ...base, type: 'SOA', data: r.data };
  }
}

interface Built {
  reply: packet.Packet;
  mode: NameMode | undefined;
}

function build(q: DecodedPacket, options: DnsServerOptions): Built | undefined {
  const question = q.questions?.[0];
  if (question === undefined) return undefined;
  const qname = norm(question.name);
  const flags = options.names?.[qname] ?? {};
  const opt = q.additionals?.find((a) => a.type === 'OPT');
  const dnssecOk = opt?.type === 'OPT' && (opt.flags & packet.DNSSEC_OK) !== 0;
  const cd = ((q.flags ?? 0) & packet.CHECKING_DISABLED) !== 0;
  const head = {
    type: 'response' as const,
    id: q.id ?? 0,
    questions: [question],
    // RFC 6891 §6.1.1: an OPT in the reply when the query had one; DO echoed (RFC 3225 §3).
    additionals:
      opt === undefined
        ? []
        : [
            {
              type: 'OPT' as const,
              name: '.',
              udpPayloadSize: 1232,
              extendedRcode: 0,
              ednsVersion: 0,
              flags: dnssecOk ? packet.DNSSEC_OK : 0,
              flag_do: dnssecOk,
              options: [],
            },
          ],
  };
  const baseFlags = packet.RECURSION_AVAILABLE | ((q.flags ?? 0) & packet.RECURSION_DESIRED);
  const rcodeFlags = (rcode: number): number =>
    baseFlags | rcode | (cd ? packet.CHECKING_DISABLED : 0);
  if (flags.mode === 'servfail' || (flags.bogus === true && !cd)) {
    return { reply: { ...head, flags: rcodeFlags(2) }, mode: flags.mode };
  }
  if (flags.mode === 'refused')
    return { reply: { ...head, flags: rcodeFlags(5) }, mode: flags.mode };

  // CD-queried bogus data is served, but never as authenticated.
  const adFlag = (on: boolean): number =>
    on && dnssecOk && flags.bogus !== true ? packet.AUTHENTIC_DATA : 0;
  const answers: Answer[] = [];
  let current = qname;
  let signed = flags.signed === true;
  for (let hop = 0; hop < MAX_CHASE; hop++) {
    const here = current;
    const own = options.records.filter((r) => norm(r.name) === here);
    const direct = own.filter((r) => r.type === question.type);
    if (direct.length > 0) {
      answers.push(...direct.map(toAnswer));
      break;
    }
    const alias = question.type === 'CNAME' ? undefined : own.find((r) => r.type === 'CNAME');
    if (alias === undefined || alias.type !== 'CNAME') break;
    answers.push(toAnswer(alias));
    current = norm(alias.data);
    signed &&= options.names?.[current]?.signed === true;
    if (options.chase === false)
      return {
        reply: { ...head, flags: rcodeFlags(0) | adFlag(signed), answers },
        mode: flags.mode,
      };
  }
  const end = current;
  const exists = options.records.some(
    (r) => norm(r.name) === end || norm(r.name).endsWith(`.${end}`),
  );
  const haveData = answers.some((a) => norm(a.name) === end && a.type === question.type);
  const zone = options.zone ?? 'lab.test';
  const soa =
    options.records.find((r) => r.type === 'SOA') ??
    ({
      name: zone,
      type: 'SOA',
      ttl: 60,
      data: { mname: `ns.${zone}`, rname: `hostmaster.${zone}`, serial: 1, minimum: 60 },
    } satisfies ZoneRecord);
  const ad = adFlag(signed);
  return {
    reply: {
      ...head,
      flags: rcodeFlags(exists ? 0 : 3) | ad,
      answers,
      authorities: haveData ? [] : [toAnswer(soa)],
    },
    mode: flags.mode,
  };
}

/** RFC 6891 §7: the requester's payload size (512 without EDNS) caps a UDP reply. */
function udpLimit(q: DecodedPacket): number {
  const opt = q.additionals?.find((a) => a.type === 'OPT');
  return opt?.type === 'OPT' ? Math.max(512, opt.udpPayloadSize) : 512;
}

function truncated(reply: packet.Packet): Buffer {
  return packet.encode({
    ...reply,
    flags: (reply.flags ?? 0) | packet.TRUNCATED_RESPONSE,
    answers: [],
    authorities: [],
  });
}

/** Header and question intact, one answer announced, then a compression pointer to nowhere. */
function garbage(reply: packet.Packet): Buffer {
  const head = packet.encode({ ...reply, answers: [], authorities: [], additionals: [] });
  head.writeUInt16BE(1, 6);
  return Buffer.concat([head, Buffer.from([0xc0, 0xff, 0xff, 0xff, 0xff])]);
}

export async function startDnsServer(options: DnsServerOptions): Promise<TestDnsServer> {
  const queries: SeenQuery[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const sockets = new Set<Socket>();

  function parse(bytes: Buffer, transport: Transport): DecodedPacket | undefined {
    let q: DecodedPacket;
    try {
      q = packet.decode(bytes);
    } catch {
      return undefined;
    }
    const question = q.questions?.[0];
    if (q.type !== 'query' || question === undefined) return undefined;
    const opt = q.additionals?.find((a) => a.type === 'OPT');
    if (queries.length < MAX_QUERIES_LOGGED) {
      queries.push({
        name: norm(question.name),
        type: question.type,
        transport,
        dnssecOk: opt?.type === 'OPT' && (opt.flags & packet.DNSSEC_OK) !== 0,
        checkingDisabled: ((q.flags ?? 0) & packet.CHECKING_DISABLED) !== 0,
      });
    }
    return q;
  }

  function later(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  }

  function onUdp(udp: UdpSocket, msg: Buffer, from: RemoteInfo): void {
    const q = parse(msg, 'udp');
    if (q === undefined) return;
    const built = build(q, options);
    if (built === undefined || built.mode === 'silent') return;
    const send = (b: Buffer): void => udp.send(b, from.port, from.address);
    let full = packet.encode(built.reply);
    const tc = built.mode === 'truncate' || built.mode === 'tcp-silent';
    if (tc || full.length > udpLimit(q)) full = truncated(built.reply);
    switch (built.mode) {
      case 'wrong-id':
        send(packet.encode({ ...built.reply, id: ((q.id ?? 0) + 1) & 0xffff }));
        later(() => send(full), 30);
        return;
      case 'wrong-question': {
        const questions = [{ name: 'forged.lab.test', type: q.questions?.[0]?.type ?? 'A' }];
        send(packet.encode({ ...built.reply, questions } as packet.Packet));
        later(() => send(full), 30);
        return;
      }
      case 'garbage':
        send(garbage(built.reply));
        return;
      default:
        send(full);
    }
  }

  function onTcp(socket: Socket): void {
    if (sockets.size >= MAX_TCP_CONNECTIONS) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let buf = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      if (buf.length > 2 + 65_535 * 2) return void socket.destroy();
      // Bounded: each pass consumes one whole message from a capped buffer.
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const len = buf.readUInt16BE(0);
        const q = parse(buf.subarray(2, 2 + len), 'tcp');
        buf = buf.subarray(2 + len);
        const built = q === undefined ? undefined : build(q, options);
        if (built === undefined || built.mode === 'silent' || built.mode === 'tcp-silent') continue;
        const body =
          built.mode === 'garbage' ? Buffer.from([0, 0, 0xff]) : packet.encode(built.reply);
        const prefix = Buffer.alloc(2);
        prefix.writeUInt16BE(body.length);
        socket.write(Buffer.concat([prefix, body]));
      }
    });
  }

  let pair: SamePort;
  try {
    pair = await listenSamePort(onUdp, onTcp);
  } catch (err: unknown) {
    throw new Error(`cannot start the test DNS server: ${String(err)}`, { cause: err });
  }
  const { port } = pair;
  return {
    host: '127.0.0.1',
    port,
    address: { host: '127.0.0.1', port },
    queries,
    count: (name, type, transport) =>
      queries.filter(
        (q) =>
          q.name === norm(name) &&
          (type === undefined || q.type === type) &&
          (transport === undefined || q.transport === transport),
      ).length,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const s of sockets) s.destroy();
      await pair.close();
    },
  };
}
