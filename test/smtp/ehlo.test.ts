// EHLO parsing, the before/after-TLS diff, command builders and AUTH redaction.
import { describe, expect, it } from 'vitest';
import { parseEhlo } from '../../src/smtp/ehlo.js';
import { diffEhlo } from '../../src/smtp/ehlo-diff.js';
import { diffWarnings } from '../../src/wording/findings.js';
import { ReplyParser } from '../../src/smtp/reply-parser.js';
import { ehloCommand, rawCommand, validateEhloName } from '../../src/smtp/commands.js';
import { AuthRedactor } from '../../src/smtp/redact.js';
import type { Reply } from '../../src/smtp/reply.js';

function reply(text: string | Buffer): Reply {
  const ev = new ReplyParser().push(Buffer.from(text)).find((e) => e.type === 'reply');
  if (!ev || ev.type !== 'reply') throw new Error('no reply');
  return ev.reply;
}

const BEFORE =
  '250-mx.lab.test Hello\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-AUTH=LOGIN\r\n250-auth PLAIN LOGIN\r\n250-X-CUSTOM a b\r\n250 8BITMIME\r\n';
const AFTER =
  '250-mx.lab.test\r\n250-PIPELINING\r\n250-SIZE 20480000\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n250-REQUIRETLS\r\n250 8BITMIME\r\n';

describe('parseEhlo', () => {
  it('maps keywords to parameters, merges old AUTH= and keeps unknown keywords', () => {
    const e = parseEhlo(reply(BEFORE));
    expect(e.greeting).toBe('mx.lab.test Hello');
    expect(e.extensions).toEqual({
      PIPELINING: [],
      SIZE: ['10240000'],
      STARTTLS: [],
      AUTH: ['LOGIN', 'PLAIN'],
      'X-CUSTOM': ['a', 'b'],
      '8BITMIME': [],
    });
  });

  it('reads keywords from the bytes: CR CR LF ends still offer STARTTLS (issue #10)', () => {
    const e = parseEhlo(reply('250-mx.lab.test\r\r\n250-SIZE 1000\r\r\n250 STARTTLS\r\r\n'));
    expect(Object.keys(e.extensions)).toEqual(['SIZE', 'STARTTLS']);
    expect(e.extensions.SIZE).toEqual(['1000']);
  });

  it('splits keyword and parameters on SP and HTAB, and on nothing else', () => {
    const e = parseEhlo(
      reply('250-x\r\n250-SIZE\t1000\r\n250-AUTH \tPLAIN\tLOGIN\r\n250 X-NB a\u00a0b\r\n'),
    );
    expect(e.extensions.SIZE).toEqual(['1000']);
    expect(e.extensions.AUTH).toEqual(['PLAIN', 'LOGIN']);
    expect(e.extensions['X-NB']).toEqual(['a\u00a0b']);
  });

  it('escapes parameters for display only; the raw map keeps the bytes', () => {
    const e = parseEhlo(reply('250-x\r\n250 X-ODD a\x1bb\r\n'));
    expect(e.extensions['X-ODD']).toEqual(['a\\x1bb']);
    expect(e.rawExtensions['X-ODD']).toEqual(['a\x1bb']);
  });

  it('upper-cases ASCII only: a latin1 byte is not changed into another character', () => {
    const e = parseEhlo(reply(Buffer.from('250-x\r\n250 x-\xdf\xff\r\n', 'latin1')));
    expect(Object.keys(e.rawExtensions)).toEqual(['X-\xdf\xff']);
    expect(Object.keys(e.extensions)).toEqual(['X-\\xdf\\xff']);
  });

  it('is safe with keywords like __proto__', () => {
    const e = parseEhlo(reply('250-x\r\n250 __proto__ polluted\r\n'));
    expect(e.extensions['__PROTO__']).toEqual(['polluted']);
    expect(Object.getPrototypeOf(e.extensions)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('diffEhlo', () => {
  it('reports what appeared, vanished and changed, with warnings that matter', () => {
    const { diff: d, findings } = diffEhlo(parseEhlo(reply(BEFORE)), parseEhlo(reply(AFTER)));
    expect(findings.map((f) => f.code)).toEqual(['auth-before-tls', 'size-changed']);
    expect(findings[1]).toEqual({
      code: 'size-changed',
      before: ['10240000'],
      after: ['20480000'],
    });
    const warnings = diffWarnings(findings);
    expect(d.appeared).toEqual(['REQUIRETLS']);
    expect(d.vanished).toEqual(['STARTTLS', 'X-CUSTOM']);
    expect(d.changed.map((c) => c.keyword)).toEqual(['SIZE', 'AUTH']);
    expect(warnings.join('\n')).toMatch(/AUTH .* before TLS/);
    expect(warnings.join('\n')).toMatch(/SIZE changed from 10240000 to 20480000/);
  });

  it('warns when STARTTLS is still advertised inside TLS (RFC 3207 §4.2)', () => {
    const { findings } = diffEhlo(
      parseEhlo(reply('250-a\r\n250 STARTTLS\r\n')),
      parseEhlo(reply('250-a\r\n250 STARTTLS\r\n')),
    );
    expect(findings).toEqual([{ code: 'starttls-inside-tls' }]);
    expect(diffWarnings(findings).join('\n')).toMatch(/STARTTLS is still advertised/);
  });
});

describe('commands', () => {
  it('validates EHLO names: domains and address literals (RFC 5321 §4.1.3)', () => {
    for (const ok of ['client.lab.test', 'a', '[127.0.0.1]', '[IPv6:::1]', 'mx-1.example.org.']) {
      expect(validateEhloName(ok), ok).toBeNull();
    }
    for (const bad of [
      '',
      'bad name',
      '-x.example',
      '[999.1.1.1]',
      '[::1]',
      'a'.repeat(64) + '.com',
    ]) {
      expect(validateEhloName(bad), bad).not.toBeNull();
    }
    expect(ehloCommand('client.lab.test')).toEqual({ ok: true, line: 'EHLO client.lab.test' });
  });

  it('rejects typed commands with control characters or over 510 bytes', () => {
    expect(rawCommand('NOOP')).toEqual({ ok: true, line: 'NOOP' });
    expect(rawCommand('NOOP\r\nQUIT').ok).toBe(false);
    expect(rawCommand('NOOP\u0000').ok).toBe(false);
    expect(rawCommand('X'.repeat(511)).ok).toBe(false);
  });
});

describe('AuthRedactor', () => {
  it('redacts AUTH PLAIN initial responses and every SASL continuation', () => {
    const r = new AuthRedactor();
    expect(r.client('AUTH PLAIN AHVzZXIAc2VjcmV0')).toBe('AUTH PLAIN <redacted>');
    expect(r.client('auth login')).toBe('auth login');
    r.server(reply('334 VXNlcm5hbWU6\r\n'));
    expect(r.client('dXNlcg==')).toBe('<redacted>');
    r.server(reply('334 UGFzc3dvcmQ6\r\n'));
    expect(r.client('c2VjcmV0')).toBe('<redacted>');
    r.server(reply('235 2.7.0 Authentication successful\r\n'));
    expect(r.client('NOOP')).toBe('NOOP');
  });
});
