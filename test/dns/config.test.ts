// resolv.conf(5), hosts(5) and the --resolver form, as text (no file of this machine is needed).
import { describe, expect, it } from 'vitest';
import { parseResolvConf, parseResolverSpec } from '../../src/dns/config.js';
import { parseHosts } from '../../src/dns/hosts.js';
import { resolveAddresses } from '../../src/dns/addresses.js';

describe('resolv.conf', () => {
  it('reads nameservers (three at most) and the timeout and attempts options', () => {
    const conf = parseResolvConf(
      [
        '# generated',
        'search lab.test',
        'nameserver 10.0.0.53 # office',
        'nameserver fe80::1%eth0',
        'nameserver not-an-address',
        'nameserver 192.0.2.1',
        'nameserver 192.0.2.2',
        'options ndots:2 timeout:1 attempts:4 rotate',
      ].join('\n'),
    );
    expect(conf).toEqual({
      servers: [
        { host: '10.0.0.53', port: 53 },
        { host: 'fe80::1%eth0', port: 53 },
        { host: '192.0.2.1', port: 53 },
      ],
      timeoutMs: 1000,
      tries: 4,
    });
  });

  it('falls back to 127.0.0.1:53 and the documented defaults, and caps silly options', () => {
    expect(parseResolvConf('')).toEqual({
      servers: [{ host: '127.0.0.1', port: 53 }],
      timeoutMs: 5000,
      tries: 2,
    });
    expect(parseResolvConf('options timeout:999 attempts:0')).toMatchObject({
      timeoutMs: 30_000,
      tries: 1,
    });
  });
});

describe('--resolver', () => {
  it.each([
    ['127.0.0.1', { host: '127.0.0.1', port: 53 }],
    ['127.0.0.1:5353', { host: '127.0.0.1', port: 5353 }],
    ['::1', { host: '::1', port: 53 }],
    ['[::1]', { host: '::1', port: 53 }],
    ['[::1]:5353', { host: '::1', port: 5353 }],
  ])('%s', (spec, server) => {
    expect(parseResolverSpec(spec)).toEqual({ ok: true, server });
  });

  it.each([
    ['', 'expected IP[:PORT]'],
    ['dns.lab.test', 'not an IP address'],
    ['dns.lab.test:53', 'not an IP address'],
    ['127.0.0.1:', 'the port is not a number'],
    ['127.0.0.1:0', 'out of range'],
    ['127.0.0.1:65536', 'out of range'],
    ['127.0.0.1:5x', 'not a number'],
    ['[127.0.0.1]:53', 'not an IPv6 address'],
    ['[::1', 'with a port as [ADDRESS]:PORT'],
  ])('refuses %j in one line', (spec, words) => {
    const r = parseResolverSpec(spec);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.message).toContain(words);
    expect(r.message).toMatch(/^--resolver "/);
    expect(r.message).not.toContain('\n');
  });
});

describe('/etc/hosts', () => {
  const hosts = parseHosts(
    [
      '127.0.0.1   localhost localhost.localdomain',
      '::1         ip6-localhost',
      '192.0.2.7   MX.Lab.Test mx # the lab',
      '2001:db8::7 mx.lab.test',
      '# 192.0.2.8 commented.lab.test',
      'garbage line here',
    ].join('\n'),
  );

  it('maps names case-insensitively to addresses in file order', () => {
    expect(hosts.get('mx.lab.test')).toEqual([
      { address: '192.0.2.7', family: 4 },
      { address: '2001:db8::7', family: 6 },
    ]);
    expect(hosts.get('commented.lab.test')).toBeUndefined();
    expect(hosts.get('line')).toBeUndefined();
  });

  it('answers before DNS, per family, and keeps localhost away from DNS (RFC 6761)', async () => {
    const opts = { timeoutMs: 100, hosts };
    expect(await resolveAddresses('mx.lab.test.', 6, opts)).toEqual({
      ok: true,
      addresses: [{ address: '2001:db8::7', family: 6 }],
      source: 'hosts',
    });
    expect(await resolveAddresses('localhost', 6, opts)).toEqual({
      ok: false,
      reason: 'no-address',
      message: 'localhost has no IPv6 address',
    });
    // No entry at all: the loopback anyway.
    expect(
      await resolveAddresses('a.localhost', undefined, { timeoutMs: 100, hosts: new Map() }),
    ).toMatchObject({
      ok: true,
      addresses: [{ address: '127.0.0.1' }, { address: '::1' }],
    });
  });
});
