// How queries end: DNSSEC bits, truncation, silence, cancellation, forgeries, aliases, caching.
import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { dnssecStatus } from '../../src/dns/dnssec.js';
import { createResolver } from '../../src/dns/resolver.js';
import { grownHandles, handles, lab } from './helpers.js';
import type { ZoneRecord } from '../support/dns-server.js';

const A = (name: string, data = '192.0.2.1'): ZoneRecord => ({ name, type: 'A', data });
const CNAME = (name: string, data: string): ZoneRecord => ({ name, type: 'CNAME', data });

describe('DNSSEC bits', () => {
  const zone = {
    records: [A('signed.lab.test'), A('plain.lab.test'), A('bogus.lab.test'), A('broken.lab.test')],
    names: {
      'signed.lab.test': { signed: true },
      'nx.signed.lab.test': { signed: true },
      'bogus.lab.test': { bogus: true },
      'broken.lab.test': { mode: 'servfail' as const },
    },
  };

  it('AD on a signed name when asked with DO, not on an unsigned one, not without DO', async () => {
    const { resolver, server } = await lab(zone);
    expect(await resolver.query('signed.lab.test', 'A', { dnssecOk: true })).toMatchObject({
      kind: 'answer',
      ad: true,
    });
    expect(await resolver.query('plain.lab.test', 'A', { dnssecOk: true })).toMatchObject({
      kind: 'answer',
      ad: false,
    });
    expect(await resolver.query('signed.lab.test', 'A')).toMatchObject({ ad: false });
    expect(await resolver.query('nx.signed.lab.test', 'A', { dnssecOk: true })).toEqual({
      kind: 'nxdomain',
      ad: true,
    });
    expect(server.queries.map((q) => q.dnssecOk)).toEqual([true, true, false, true]);
  });

  it('dnssecStatus: secure, insecure, bogus (SERVFAIL unless CD), failed', async () => {
    const { resolver, server } = await lab(zone);
    expect((await dnssecStatus('signed.lab.test', 'A', resolver)).status).toBe('secure');
    expect((await dnssecStatus('plain.lab.test', 'A', resolver)).status).toBe('insecure');
    const bogus = await dnssecStatus('bogus.lab.test', 'A', resolver);
    expect(bogus).toMatchObject({ status: 'bogus', result: { kind: 'answer', ad: false } });
    expect(
      server.queries.filter((q) => q.name === 'bogus.lab.test').map((q) => q.checkingDisabled),
    ).toEqual([false, true]);
    expect(await dnssecStatus('broken.lab.test', 'A', resolver)).toEqual({
      status: 'failed',
      result: { kind: 'servfail' },
    });
  });
});

describe('transports', () => {
  it('a truncated UDP reply is asked again over TCP (RFC 7766)', async () => {
    const { resolver, server } = await lab({
      records: [A('tc.lab.test', '192.0.2.53')],
      names: { 'tc.lab.test': { mode: 'truncate' } },
    });
    expect(await resolver.query('tc.lab.test', 'A')).toMatchObject({
      kind: 'answer',
      answers: [{ address: '192.0.2.53' }],
    });
    expect(server.count('tc.lab.test', 'A', 'udp')).toBe(1);
    expect(server.count('tc.lab.test', 'A', 'tcp')).toBe(1);
  });

  it('tells each exchange to an observer, transport and outcome', async () => {
    const seen: string[] = [];
    const { resolver } = await lab(
      { records: [A('tc.lab.test')], names: { 'tc.lab.test': { mode: 'truncate' } } },
      { onExchange: (_s, transport, q, e) => seen.push(`${transport} ${q.name} ${e.kind}`) },
    );
    await resolver.query('tc.lab.test', 'A');
    expect(seen).toEqual(['udp tc.lab.test truncated', 'tcp tc.lab.test reply']);
  });

  it('servers are IP addresses: a name would need the lookup we are replacing', () => {
    expect(() => createResolver({ servers: [{ host: 'dns.lab.test', port: 53 }] })).toThrow(
      /not an IP address/,
    );
    expect(() => createResolver({ servers: [{ host: '127.0.0.1', port: 0 }] })).toThrow(TypeError);
  });

  it('an answer larger than the 1232-byte EDNS payload comes over TCP, whole', async () => {
    const big = Array.from({ length: 12 }, (_, i) => ({
      name: 'big.lab.test',
      type: 'TXT' as const,
      data: [`${i}`.padEnd(200, 'x')],
    }));
    const { resolver, server } = await lab({ records: big });
    const r = await resolver.query('big.lab.test', 'TXT');
    expect(r.kind === 'answer' && r.answers.length).toBe(12);
    expect(server.count('big.lab.test', 'TXT', 'tcp')).toBe(1);
  });

  it('a silent server times out after timeoutMs × tries, having been asked tries times', async () => {
    const { resolver, server } = await lab(
      { records: [], names: { 'quiet.lab.test': { mode: 'silent' } } },
      { timeoutMs: 150, tries: 3 },
    );
    const before = await handles();
    const t0 = performance.now();
    expect(await resolver.query('quiet.lab.test', 'A')).toEqual({ kind: 'timeout' });
    const took = performance.now() - t0;
    expect(took).toBeGreaterThanOrEqual(440);
    expect(took).toBeLessThan(450 + 400);
    expect(server.count('quiet.lab.test', 'A', 'udp')).toBe(3);
    expect(await grownHandles(before)).toEqual([]);
  });

  it('the next server is asked when one is silent', async () => {
    const quiet = await lab({ records: [], names: { 'mx.lab.test': { mode: 'silent' } } });
    const good = await lab({ records: [A('mx.lab.test', '192.0.2.25')] });
    const resolver = createResolver({
      servers: [quiet.server.address, good.server.address],
      timeoutMs: 100,
      tries: 1,
      cacheSize: 0,
    });
    expect(await resolver.query('mx.lab.test', 'A')).toMatchObject({ kind: 'answer' });
    expect(quiet.server.count('mx.lab.test')).toBe(1);
  });

  it('no server on the port: over quickly, not at the timeout (ICMP port unreachable)', async () => {
    const probe = createSocket('udp4');
    await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
    const port = probe.address().port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const resolver = createResolver({
      servers: [{ host: '127.0.0.1', port }],
      timeoutMs: 3000,
      tries: 2,
    });
    const t0 = performance.now();
    expect(await resolver.query('mx.lab.test', 'A')).toEqual({ kind: 'timeout' });
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});

describe('cancellation', () => {
  it('aborting in flight ends the query at once and leaves no socket or timer', async () => {
    const { resolver } = await lab(
      { records: [], names: { 'quiet.lab.test': { mode: 'silent' } } },
      { timeoutMs: 5000, tries: 3 },
    );
    const before = await handles();
    const controller = new AbortController();
    const pending = resolver.query('quiet.lab.test', 'A', { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect((await handles()).UDPWrap).toBe((before.UDPWrap ?? 0) + 1); // the query's socket
    const t0 = performance.now();
    controller.abort();
    expect(await pending).toEqual({ kind: 'aborted' });
    expect(performance.now() - t0).toBeLessThan(50);
    expect(await grownHandles(before)).toEqual([]);
  });

  it('aborting during the TCP fallback closes the connection', async () => {
    const { resolver, server } = await lab(
      { records: [A('tc.lab.test')], names: { 'tc.lab.test': { mode: 'tcp-silent' } } },
      { timeoutMs: 5000 },
    );
    const before = await handles();
    const controller = new AbortController();
    const pending = resolver.query('tc.lab.test', 'A', { signal: controller.signal });
    for (let i = 0; i < 100 && server.count('tc.lab.test', 'A', 'tcp') === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect((await handles()).TCPSocketWrap).toBe((before.TCPSocketWrap ?? 0) + 2); // both ends
    const t0 = performance.now();
    controller.abort();
    expect(await pending).toEqual({ kind: 'aborted' });
    expect(performance.now() - t0).toBeLessThan(50);
    expect(await grownHandles(before)).toEqual([]);
  });

  it('an already aborted signal sends nothing; a resolver-wide signal aborts its queries', async () => {
    const { resolver, server } = await lab({ records: [A('mx.lab.test')] });
    expect(await resolver.query('mx.lab.test', 'A', { signal: AbortSignal.abort() })).toEqual({
      kind: 'aborted',
    });
    expect(server.queries).toEqual([]);
    const controller = new AbortController();
    const scoped = createResolver({
      servers: [server.address],
      timeoutMs: 5000,
      tries: 1,
      signal: controller.signal,
    });
    controller.abort();
    expect(await scoped.query('mx.lab.test', 'A')).toEqual({ kind: 'aborted' });
  });
});

describe('replies that are not ours', () => {
  it('a reply with another id is ignored and the real one taken', async () => {
    const { resolver } = await lab({
      records: [A('mx.lab.test', '192.0.2.25')],
      names: { 'mx.lab.test': { mode: 'wrong-id' } },
    });
    expect(await resolver.query('mx.lab.test', 'A')).toMatchObject({
      kind: 'answer',
      answers: [{ address: '192.0.2.25' }],
    });
  });

  it('a reply for another question is ignored too', async () => {
    const { resolver } = await lab({
      records: [A('mx.lab.test', '192.0.2.25')],
      names: { 'mx.lab.test': { mode: 'wrong-question' } },
    });
    expect(await resolver.query('mx.lab.test', 'A')).toMatchObject({ kind: 'answer' });
  });

  it('our id with unreadable bytes is malformed, not an exception', async () => {
    const { resolver } = await lab({
      records: [A('mx.lab.test')],
      names: { 'mx.lab.test': { mode: 'garbage' } },
    });
    expect(await resolver.query('mx.lab.test', 'A')).toMatchObject({ kind: 'malformed' });
  });

  it('REFUSED is its own kind', async () => {
    const { resolver } = await lab({ records: [], names: { 'mx.lab.test': { mode: 'refused' } } });
    expect(await resolver.query('mx.lab.test', 'A')).toEqual({ kind: 'refused', rcode: 'REFUSED' });
  });
});

describe('CNAME chains', () => {
  const chain = (n: number): ZoneRecord[] => [
    ...Array.from({ length: n }, (_, i) => CNAME(`c${i}.lab.test`, `c${i + 1}.lab.test`)),
    A(`c${n}.lab.test`, '192.0.2.99'),
  ];

  it('followed to the data, the aliases listed in order', async () => {
    const { resolver } = await lab({ records: chain(3) });
    expect(await resolver.query('c0.lab.test', 'A')).toMatchObject({
      kind: 'answer',
      answers: [{ name: 'c3.lab.test', address: '192.0.2.99' }],
      cnameChain: ['c1.lab.test', 'c2.lab.test', 'c3.lab.test'],
    });
  });

  it('followed with new queries when the server does not chase', async () => {
    const { resolver, server } = await lab({ records: chain(3), chase: false });
    expect(await resolver.query('c0.lab.test', 'A')).toMatchObject({
      kind: 'answer',
      cnameChain: ['c1.lab.test', 'c2.lab.test', 'c3.lab.test'],
    });
    expect(server.queries.map((q) => q.name)).toEqual([
      'c0.lab.test',
      'c1.lab.test',
      'c2.lab.test',
      'c3.lab.test',
    ]);
  });

  it('capped at 8 hops, and loops caught, whether in one reply or across queries', async () => {
    for (const chase of [true, false]) {
      const { resolver } = await lab({
        records: [
          ...chain(9),
          CNAME('l0.lab.test', 'l1.lab.test'),
          CNAME('l1.lab.test', 'l0.lab.test'),
        ],
        chase,
      });
      expect(await resolver.query('c1.lab.test', 'A')).toMatchObject({ kind: 'answer' }); // 8 hops
      expect(await resolver.query('c0.lab.test', 'A')).toEqual({
        kind: 'malformed',
        message: 'CNAME chain longer than 8 from c0.lab.test',
      });
      expect(await resolver.query('l0.lab.test', 'A')).toMatchObject({
        kind: 'malformed',
        message: expect.stringContaining('loop'),
      });
    }
  });

  it('an alias to a name that does not exist is NXDOMAIN (RFC 6604)', async () => {
    const { resolver } = await lab({ records: [CNAME('dangling.lab.test', 'gone.lab.test')] });
    expect(await resolver.query('dangling.lab.test', 'A')).toEqual({ kind: 'nxdomain', ad: false });
  });
});

describe('cache', () => {
  it('answers within the TTL from memory, and asks again after it', async () => {
    let now = 1_000_000;
    const { resolver, server } = await lab(
      { records: [{ name: 'mx.lab.test', type: 'A', ttl: 60, data: '192.0.2.1' }] },
      { cacheSize: 16, now: () => now },
    );
    await resolver.query('mx.lab.test', 'A');
    await resolver.query('MX.lab.test.', 'A');
    expect(server.count('mx.lab.test', 'A')).toBe(1);
    await resolver.query('mx.lab.test', 'A', { dnssecOk: true }); // another question to the cache
    expect(server.count('mx.lab.test', 'A')).toBe(2);
    now += 61_000;
    await resolver.query('mx.lab.test', 'A');
    expect(server.count('mx.lab.test', 'A')).toBe(3);
  });

  it('keeps NXDOMAIN for the SOA minimum, never SERVFAIL or timeouts', async () => {
    const { resolver, server } = await lab(
      { records: [A('mx.lab.test')], names: { 'bad.lab.test': { mode: 'servfail' } } },
      { cacheSize: 16 },
    );
    await resolver.query('nx.lab.test', 'A');
    await resolver.query('nx.lab.test', 'A');
    expect(server.count('nx.lab.test')).toBe(1);
    await resolver.query('bad.lab.test', 'A');
    await resolver.query('bad.lab.test', 'A');
    expect(server.count('bad.lab.test')).toBe(2);
  });
});
