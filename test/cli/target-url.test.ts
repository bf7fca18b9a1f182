// smtp:// and smtps:// targets, --ports lists, --ca-path directories and the chain PEM: the
// pure parts, as tables (the CLI runs are in flags.test.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseTarget } from '../../src/input/validate.js';
import { parsePorts, MAX_PORTS } from '../../src/input/ports.js';
import { portsExitCode } from '../../src/cli/exit-codes.js';
import { toChoice } from '../../src/input/choice.js';

describe('parseTarget with a URL', () => {
  const good: [string, unknown][] = [
    ['smtp://mx.example.org', { host: 'mx.example.org', port: null, scheme: 'smtp' }],
    ['smtps://mx.example.org', { host: 'mx.example.org', port: null, scheme: 'smtps' }],
    ['SMTPS://mx.example.org:4650/', { host: 'mx.example.org', port: 4650, scheme: 'smtps' }],
    ['smtp://[::1]:2525', { host: '::1', port: 2525, scheme: 'smtp' }],
    ['smtp://[2001:db8::25]', { host: '2001:db8::25', port: null, scheme: 'smtp' }],
    ['smtp://127.0.0.1:25', { host: '127.0.0.1', port: 25, scheme: 'smtp' }],
    ['smtp://mx.example.org.', { host: 'mx.example.org', port: null, scheme: 'smtp' }],
  ];
  for (const [text, value] of good)
    it(`${text} → one host`, () => expect(parseTarget(text)).toEqual({ ok: true, value }));

  const bad: [string, RegExp][] = [
    ['http://mx.example.org', /not a mail server URL \(use smtp:\/\/ or smtps:\/\/\)/],
    ['http://[2001:db8::1]:80', /not a mail server URL/],
    ['submission://mx.example.org', /not a mail server URL/],
    ['smtp://user@mx.example.org', /user info/],
    ['smtp://user:pw@mx.example.org:587', /user info/],
    ['smtp://mx.example.org/inbox', /a URL path/],
    ['smtp://mx.example.org?x=1', /a URL query/],
    ['smtp://mx.example.org#top', /a URL fragment/],
    ['smtp://', /names no host/],
    ['smtp://::1', /needs brackets/],
    ['smtp://[mx.example.org]', /brackets in a URL hold an IPv6 address/],
    ['smtp://mx.example.org:0', /invalid port 0/],
    ['smtp://bad_host!', /not a valid host name/],
  ];
  for (const [text, error] of bad)
    it(`${text} is refused with its reason`, () => {
      const r = parseTarget(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    });

  it('never says "IPv6" of a URL with another scheme', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9+.-]{0,8}$/).filter((s) => s !== 'smtp' && s !== 'smtps'),
        fc.webAuthority(),
        (scheme, authority) => {
          const r = parseTarget(`${scheme}://${authority}`);
          return !r.ok && /not a mail server URL/.test(r.error) && !/IPv6/.test(r.error);
        },
      ),
    );
  });
});

describe('parsePorts', () => {
  it('keeps the order given', () =>
    expect(parsePorts('25, 465,587')).toEqual({ ok: true, value: [25, 465, 587] }));
  const bad: [string, RegExp][] = [
    ['', /--ports is empty/],
    [' , ', /--ports is empty/],
    ['25,,587', /empty entry/],
    ['25,25', /port 25 twice/],
    ['25,x', /--ports: invalid port "x"/],
    ['0', /invalid port 0/],
    [Array.from({ length: MAX_PORTS + 1 }, (_, i) => String(i + 1)).join(','), /at most 16/],
  ];
  for (const [text, error] of bad)
    it(`"${text.slice(0, 20)}" is refused`, () => {
      const r = parsePorts(text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(error);
    });
});

describe('portsExitCode', () => {
  const p = (
    verdict: Parameters<typeof portsExitCode>[0][number]['verdict'],
    submission = null,
  ) => ({
    verdict,
    submission,
  });
  const table: [Parameters<typeof portsExitCode>[0], number][] = [
    [[p('ok'), p('ok')], 0],
    [[p('ok'), p('starttls-rejected')], 6],
    [[p('tls-not-offered'), p('unreachable'), p('ok')], 3],
    [[p('ok'), p('tls-weak')], 8],
    [[p('tls-weak'), p('certificate-invalid')], 1],
    [[p('ok'), p('incomplete')], 130],
    [
      [
        { verdict: 'ok', submission: 'accepted' },
        { verdict: 'ok', submission: 'auth-failed' },
      ],
      10,
    ],
    [
      [
        { verdict: 'tls-failed', submission: null },
        { verdict: 'ok', submission: 'auth-failed' },
      ],
      7,
    ],
  ];
  for (const [probes, code] of table)
    it(`${probes.map((x) => x.verdict).join(' + ')} → ${code}`, () =>
      expect(portsExitCode(probes)).toBe(code));
});

describe('toChoice', () => {
  const flags = { timeout: '15000', color: false } as const;
  it('a URL names one server, never a mail domain; smtps defaults to 465 implicit', () => {
    const c = toChoice('smtps://mx.example.org', { ...flags }, false, {});
    expect(c.domain).toBeUndefined();
    expect(c.options).toMatchObject({ host: 'mx.example.org', port: 465, tlsMode: 'implicit' });
    const s = toChoice('smtp://mx.example.org', { ...flags }, false, {});
    expect(s.options).toMatchObject({ port: 25, tlsMode: 'starttls' });
    expect(toChoice('smtp://mx.example.org:465', { ...flags }, false, {}).options?.tlsMode).toBe(
      'starttls',
    );
    expect(
      toChoice('smtp://mx.example.org', { ...flags, tls: 'none' }, false, {}).options?.tlsMode,
    ).toBe('none');
  });

  it('--ports: 465 implicit, the others STARTTLS, everything else shared', () => {
    const c = toChoice('[mx.example.org]', { ...flags, ports: '25,465,587' }, false, {});
    expect(c.ports?.map((p) => [p.port, p.tlsMode, p.host])).toEqual([
      [25, 'starttls', 'mx.example.org'],
      [465, 'implicit', 'mx.example.org'],
      [587, 'starttls', 'mx.example.org'],
    ]);
  });

  it('--ports in the TUI is refused: headless only for now', () => {
    expect(() => toChoice('127.0.0.1', { ...flags, ports: '25,587' }, true, {})).toThrow(
      /--ports runs headless only for now: add --json or --plain/,
    );
  });

  it('--save-chain in the TUI points at P', () => {
    expect(() => toChoice('127.0.0.1', { ...flags, saveChain: '/tmp/c.pem' }, true, {})).toThrow(
      /in the TUI, P saves the whole chain/,
    );
  });
});
