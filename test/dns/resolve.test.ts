// Target resolution: literals, /etc/hosts, and our resolver against a loopback DNS server that
// answers, says "no such name", or never answers.
import { describe, expect, it } from 'vitest';
import { loadHosts, parseHosts } from '../../src/dns/hosts.js';
import { resolveTarget } from '../../src/dns/resolve.js';
import { grownHandles, handles, lab } from './helpers.js';

const noHosts = new Map();

describe('resolveTarget', () => {
  it('takes IP literals as they are, and refuses a family they do not have', async () => {
    expect(await resolveTarget('127.0.0.1', undefined, 1000)).toEqual({
      ok: true,
      address: '127.0.0.1',
      family: 4,
    });
    expect(await resolveTarget('::1', 4, 1000)).toEqual({
      ok: false,
      reason: 'dns-failed',
      message: '::1 is not an IPv4 address',
    });
  });

  it('finds localhost in /etc/hosts without asking any DNS server', async () => {
    const r = await resolveTarget('localhost', undefined, 5000);
    expect(r.ok && ['127.0.0.1', '::1'].includes(r.address)).toBe(true);
  });

  it('-6 localhost says so when the hosts file has no IPv6 entry for it', async () => {
    const hosts = parseHosts('127.0.0.1 localhost\n');
    expect(await resolveTarget('localhost', 6, 1000, undefined, { hosts })).toEqual({
      ok: false,
      reason: 'dns-failed',
      message: 'localhost has no IPv6 address',
    });
    // And on this machine, whatever its /etc/hosts says.
    const real = loadHosts().get('localhost') ?? [];
    const r = await resolveTarget('localhost', 6, 1000);
    if (real.some((e) => e.family === 6)) expect(r).toMatchObject({ ok: true, family: 6 });
    else expect(r).toMatchObject({ ok: false, message: 'localhost has no IPv6 address' });
  });

  it('asks the resolver for other names', async () => {
    const { resolver } = await lab({
      records: [{ name: 'mx.lab.test', type: 'A', data: '127.0.0.7' }],
    });
    expect(
      await resolveTarget('mx.lab.test', undefined, 1000, undefined, { resolver, hosts: noHosts }),
    ).toEqual({
      ok: true,
      address: '127.0.0.7',
      family: 4,
    });
  });

  it('a resolver that never answers ends at the deadline, with what happened, leaving nothing', async () => {
    const { resolver } = await lab(
      { records: [], names: { 'mx.lab.test': { mode: 'silent' } } },
      { timeoutMs: 5000, tries: 2 },
    );
    const before = await handles();
    const t0 = performance.now();
    const r = await resolveTarget('mx.lab.test', undefined, 200, undefined, {
      resolver,
      hosts: noHosts,
    });
    expect(performance.now() - t0).toBeLessThan(1200); // the step's timeout + 1 s
    expect(r).toEqual({
      ok: false,
      reason: 'dns-timeout',
      message: 'cannot resolve mx.lab.test: no answer from the resolver within 200 ms',
    });
    expect(await grownHandles(before)).toEqual([]);
  });

  it('a name that does not exist is named as such', async () => {
    const { resolver } = await lab({
      records: [{ name: 'mx.lab.test', type: 'A', data: '127.0.0.7' }],
    });
    expect(
      await resolveTarget('nx.lab.test', undefined, 1000, undefined, { resolver, hosts: noHosts }),
    ).toEqual({
      ok: false,
      reason: 'dns-failed',
      message: 'cannot resolve nx.lab.test: no such host',
    });
  });

  it('a cancelled step ends the lookup at once', async () => {
    const { resolver } = await lab(
      { records: [], names: { 'mx.lab.test': { mode: 'silent' } } },
      { timeoutMs: 5000 },
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t0 = performance.now();
    const r = await resolveTarget('mx.lab.test', undefined, 5000, controller.signal, {
      resolver,
      hosts: noHosts,
    });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r).toEqual({
      ok: false,
      reason: 'dns-failed',
      message: 'cannot resolve mx.lab.test: cancelled',
    });
  });
});
