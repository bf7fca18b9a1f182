// Domain targets on the command line (Postfix semantics) and the new flags' usage errors.
import { describe, expect, it } from 'vitest';
import { toChoice } from '../../src/input/choice.js';
import type { RawFlags } from '../../src/input/choice.js';
import { runCli } from '../support/cli.js';

const flags = (over: Partial<RawFlags> = {}): RawFlags => ({
  timeout: '15000',
  color: false,
  json: true,
  mx: true,
  ...over,
});
const choice = (target: string, over: Partial<RawFlags> = {}): ReturnType<typeof toChoice> =>
  toChoice(target, flags(over), false, {});

describe('which targets are domains', () => {
  it.each([
    ['example.com', true],
    ['example.com.', true],
    ['[mx.example.com]', false],
    ['[192.0.2.1]', false],
    ['mx.example.com:25', false],
    ['192.0.2.1', false],
    ['2001:db8::1', false],
    ['localhost', false],
  ])('%s → domain %s', (target, domain) => {
    expect(choice(target).domain !== undefined).toBe(domain);
  });
  it('--no-mx makes a bare name one host; -p keeps it a domain', () => {
    expect(choice('example.com', { mx: false }).domain).toBeUndefined();
    expect(choice('example.com', { port: '2525' }).domain?.probe.port).toBe(2525);
  });
  it('--resolver reaches the domain run and the probes', () => {
    expect(choice('example.com', { resolver: '127.0.0.1:5353' }).domain?.probe.resolver).toEqual([
      { host: '127.0.0.1', port: 5353 },
    ]);
    expect(choice('[mx.example.com]', { resolver: '[::1]' }).options?.resolver).toEqual([
      { host: '::1', port: 53 },
    ]);
  });
});

describe('usage errors', () => {
  it.each([
    [
      ['example.com', '--resolver', 'dns.example', '--json'],
      /--resolver "dns.example": not an IP address/,
    ],
    [['mx.example.com:25', '--mx-first', '--json'], /--mx-first applies to a mail domain/],
    [['example.com', '--sni', 'x.example', '--json'], /--sni applies to one host/],
    [['[not a host]', '--json'], /in brackets is not an IPv6 address or a host name/],
  ])('%j', async (args, message) => {
    const run = await runCli(args, 10_000);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });
  it('--help documents exit 9 and the domain flags', async () => {
    const run = await runCli(['--help']);
    expect(run.stdout).toContain('9  policy-failure');
    for (const f of ['--resolver', '--no-mx', '--mx-first', '--all-addresses'])
      expect(run.stdout).toContain(f);
  });
});

describe('the TUI and a mail domain', () => {
  const tui = (target: string, over: Partial<RawFlags> = {}): ReturnType<typeof toChoice> =>
    toChoice(target, flags({ json: false, ...over }), true, {});
  it('asks for the most preferred MX of a bare name, not of a host', () => {
    expect(tui('example.com').tuiMxOf).toBe('example.com');
    expect(tui('example.com').domain).toBeUndefined();
    for (const t of ['mx.example.com:25', '[mx.example.com]', '192.0.2.1'])
      expect(tui(t).tuiMxOf).toBeUndefined();
    expect(tui('example.com', { mx: false }).tuiMxOf).toBeUndefined();
    expect(tui('example.com', { verifyName: 'mx.example.com' }).tuiMxOf).toBeUndefined();
  });
});
