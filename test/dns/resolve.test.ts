// Target resolution: literals, the system resolver, and a resolver that never answers.
import { describe, expect, it } from 'vitest';
import { resolveTarget } from '../../src/dns/resolve.js';
import type { LookupFn } from '../../src/dns/resolve.js';

describe('resolveTarget', () => {
  it('takes IP literals as they are, and refuses a family they do not have', async () => {
    expect(await resolveTarget('127.0.0.1', undefined, 1000)).toEqual({
      ok: true,
      address: '127.0.0.1',
      family: 4,
    });
    expect(await resolveTarget('::1', 4, 1000)).toMatchObject({ ok: false, reason: 'dns-failed' });
  });

  it('asks the system resolver for names (localhost is a loopback address)', async () => {
    const r = await resolveTarget('localhost', undefined, 5000);
    expect(r.ok && ['127.0.0.1', '::1'].includes(r.address)).toBe(true);
  });

  it('a resolver that never answers ends at the deadline, with what happened', async () => {
    const silent: LookupFn = () => new Promise(() => undefined);
    const t0 = performance.now();
    const r = await resolveTarget('mx.lab.test', undefined, 200, silent);
    expect(performance.now() - t0).toBeLessThan(1200); // the step's timeout + 1 s
    expect(r).toEqual({
      ok: false,
      reason: 'dns-timeout',
      message: 'cannot resolve mx.lab.test: no answer from the resolver within 200 ms',
    });
  });

  it('a name that does not exist is named as such', async () => {
    const nx: LookupFn = () =>
      Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    expect(await resolveTarget('nx.lab.test', undefined, 1000, nx)).toEqual({
      ok: false,
      reason: 'dns-failed',
      message: 'cannot resolve nx.lab.test: no such host',
    });
  });
});
