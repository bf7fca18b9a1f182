// Every record type the resolver reads, decoded from real replies of the loopback server.
import { describe, expect, it } from 'vitest';
import { lab } from './helpers.js';
import type { ZoneRecord } from '../support/dns-server.js';

const TLSA_DATA = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

const records: ZoneRecord[] = [
  { name: 'mx.lab.test', type: 'A', ttl: 120, data: '192.0.2.10' },
  { name: 'mx.lab.test', type: 'A', ttl: 120, data: '192.0.2.11' },
  { name: 'mx.lab.test', type: 'AAAA', data: '2001:db8::25' },
  { name: 'lab.test', type: 'MX', data: { preference: 10, exchange: 'mx.lab.test' } },
  { name: 'lab.test', type: 'MX', data: { preference: 20, exchange: 'mx2.lab.test' } },
  { name: 'nullmx.lab.test', type: 'MX', data: { preference: 0, exchange: '.' } },
  { name: '_mta-sts.lab.test', type: 'TXT', data: ['v=STSv1; ', 'id=2024'] },
  { name: 'raw.lab.test', type: 'TXT', data: [Buffer.from([0x76, 0x3d, 0x00, 0xff, 0x1b])] },
  { name: 'raw.lab.test', type: 'TXT', data: [] },
  {
    name: '_25._tcp.mx.lab.test',
    type: 'TLSA',
    data: { usage: 3, selector: 1, matchingType: 1, data: TLSA_DATA },
  },
  { name: 'www.lab.test', type: 'CNAME', data: 'mx.lab.test' },
  { name: '10.2.0.192.in-addr.arpa', type: 'PTR', data: 'mx.lab.test' },
  { name: 'lab.test', type: 'NS', data: 'ns.lab.test' },
];

describe('record types', () => {
  it('A and AAAA, with their TTLs', async () => {
    const { resolver } = await lab({ records });
    expect(await resolver.query('mx.lab.test', 'A')).toEqual({
      kind: 'answer',
      rcode: 'NOERROR',
      ad: false,
      answers: [
        { type: 'A', name: 'mx.lab.test', ttl: 120, address: '192.0.2.10' },
        { type: 'A', name: 'mx.lab.test', ttl: 120, address: '192.0.2.11' },
      ],
      cnameChain: [],
      authority: [],
    });
    expect(await resolver.query('MX.Lab.Test.', 'AAAA')).toMatchObject({
      kind: 'answer',
      answers: [{ type: 'AAAA', address: '2001:db8::25', ttl: 300 }],
    });
  });

  it('MX with preference and exchange, and a null MX (RFC 7505) as "."', async () => {
    const { resolver } = await lab({ records });
    const r = await resolver.query('lab.test', 'MX');
    expect(r.kind === 'answer' && r.answers).toEqual([
      { type: 'MX', name: 'lab.test', ttl: 300, preference: 10, exchange: 'mx.lab.test' },
      { type: 'MX', name: 'lab.test', ttl: 300, preference: 20, exchange: 'mx2.lab.test' },
    ]);
    const n = await resolver.query('nullmx.lab.test', 'MX');
    expect(n.kind === 'answer' && n.answers).toEqual([
      { type: 'MX', name: 'nullmx.lab.test', ttl: 300, preference: 0, exchange: '.' },
    ]);
  });

  it('TXT keeps each string as bytes, the joined bytes, and a decoded text', async () => {
    const { resolver } = await lab({ records });
    const r = await resolver.query('_mta-sts.lab.test', 'TXT');
    expect(r.kind).toBe('answer');
    if (r.kind !== 'answer') return;
    const txt = r.answers[0];
    expect(txt?.type).toBe('TXT');
    if (txt?.type !== 'TXT') return;
    expect(txt.strings.map((s) => s.toString())).toEqual(['v=STSv1; ', 'id=2024']);
    expect(txt.raw).toEqual(Buffer.from('v=STSv1; id=2024'));
    expect(txt.text).toBe('v=STSv1; id=2024');

    const raw = await resolver.query('raw.lab.test', 'TXT');
    if (raw.kind !== 'answer') throw new Error(raw.kind);
    const [hostile, empty] = raw.answers;
    expect(hostile?.type === 'TXT' && [...hostile.raw]).toEqual([0x76, 0x3d, 0x00, 0xff, 0x1b]);
    expect(hostile?.type === 'TXT' && hostile.text).toBe('v=\u0000\ufffd\u001b');
    expect(empty?.type === 'TXT' && empty.strings).toEqual([]);
  });

  it('TLSA with usage, selector, matching type and the data in hex', async () => {
    const { resolver } = await lab({ records });
    const r = await resolver.query('_25._tcp.mx.lab.test', 'TLSA');
    expect(r.kind === 'answer' && r.answers).toEqual([
      {
        type: 'TLSA',
        name: '_25._tcp.mx.lab.test',
        ttl: 300,
        usage: 3,
        selector: 1,
        matchingType: 1,
        data: TLSA_DATA,
      },
    ]);
  });

  it('CNAME asked for itself is not followed; PTR and NS give their targets', async () => {
    const { resolver } = await lab({ records });
    expect(await resolver.query('www.lab.test', 'CNAME')).toMatchObject({
      kind: 'answer',
      answers: [{ type: 'CNAME', target: 'mx.lab.test' }],
      cnameChain: [],
    });
    expect(await resolver.query('10.2.0.192.in-addr.arpa', 'PTR')).toMatchObject({
      kind: 'answer',
      answers: [{ type: 'PTR', name: '10.2.0.192.in-addr.arpa', target: 'mx.lab.test' }],
    });
    expect(await resolver.query('lab.test', 'NS')).toMatchObject({
      kind: 'answer',
      answers: [{ type: 'NS', target: 'ns.lab.test' }],
    });
  });

  it('NXDOMAIN for a name that does not exist, NODATA for a type it does not have', async () => {
    const { resolver } = await lab({ records });
    expect(await resolver.query('nope.lab.test', 'A')).toEqual({ kind: 'nxdomain', ad: false });
    expect(await resolver.query('lab.test', 'TLSA')).toEqual({ kind: 'nodata', ad: false });
    // An empty non-terminal (only names below it exist) is NODATA too (RFC 8020 §2).
    expect(await resolver.query('_tcp.mx.lab.test', 'TLSA')).toEqual({ kind: 'nodata', ad: false });
  });

  it('names that are not names are refused before anything is sent', async () => {
    const { resolver, server } = await lab({ records });
    const r = await resolver.query(`${'a'.repeat(64)}.lab.test`, 'A');
    expect(r).toMatchObject({ kind: 'malformed' });
    expect(await resolver.query('a..lab.test', 'A')).toMatchObject({ kind: 'malformed' });
    expect(server.queries).toEqual([]);
  });
});
