// A loopback DNS responder for the batch bench: the test server (test/support/dns-server.ts)
// scans its whole record list per query, fine for tests, quadratic for 10,000 domains. This one
// indexes names once and answers UDP only (our replies are small): data, NODATA or NXDOMAIN,
// with an SOA for negative caching (RFC 2308 §3), the OPT echoed (RFC 6891), never AD.
import { createSocket } from 'node:dgram';
import * as packet from 'dns-packet';
import type { Answer } from 'dns-packet';
import type { ZoneRecord } from '../test/support/dns-server.js';

export interface IndexedDns {
  port: number;
  queries: () => number;
  close(): Promise<void>;
}

export async function startIndexedDns(records: ZoneRecord[], zone: string): Promise<IndexedDns> {
  const byName = new Map<string, Answer[]>();
  for (const r of records) {
    const name = r.name.toLowerCase();
    const a = {
      name: r.name,
      type: r.type,
      ttl: r.ttl ?? 300,
      class: 'IN',
      data: r.data,
    } as Answer;
    byName.set(name, [...(byName.get(name) ?? []), a]);
  }
  const soa: Answer = {
    name: zone,
    type: 'SOA',
    ttl: 60,
    class: 'IN',
    data: { mname: `ns.${zone}`, rname: `hostmaster.${zone}`, serial: 1, minimum: 60 },
  };
  let count = 0;
  const socket = createSocket('udp4');
  socket.on('message', (msg, rinfo) => {
    count++;
    let q: packet.DecodedPacket;
    try {
      q = packet.decode(msg);
    } catch {
      return;
    }
    const question = q.questions?.[0];
    if (!question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    const own = byName.get(name);
    const answers = own?.filter((a) => a.type === question.type) ?? [];
    const opt = q.additionals?.find((a) => a.type === 'OPT');
    const reply = packet.encode({
      type: 'response',
      id: q.id ?? 0,
      flags: packet.RECURSION_DESIRED | packet.RECURSION_AVAILABLE | (own ? 0 : 3),
      questions: [question],
      answers,
      authorities: answers.length === 0 ? [soa] : [],
      additionals:
        opt?.type === 'OPT'
          ? [
              {
                type: 'OPT',
                name: '.',
                udpPayloadSize: 1232,
                extendedRcode: 0,
                ednsVersion: 0,
                flags: opt.flags & packet.DNSSEC_OK,
                flag_do: (opt.flags & packet.DNSSEC_OK) !== 0,
                options: [],
              },
            ]
          : [],
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return {
    port: socket.address().port,
    queries: () => count,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
