// Issue 15's "done when", against a real Postfix submission listener on loopback: Cyrus SASL
// (sasldb) AUTH only after STARTTLS, relaying only for logged-in users. The CLI as a user runs
// it, the password from the environment. Skipped, with the reason, where Postfix, saslpasswd2
// (Debian package sasl2-bin) or the SASL plugins (libsasl2-modules) are missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestPki } from '../support/pki.js';
import { postfixSaslAvailable, SASL_MECHANISMS, startPostfix } from '../support/postfix.js';
import type { PostfixInstance } from '../support/postfix.js';
import { labArgs, runCli } from '../support/cli.js';

const PASSWORD = 'pf-Secret-7q!';
const pf = postfixSaslAvailable();
if (!pf.ok) console.warn(`skipping the Postfix submission tests: ${pf.reason}`);

interface Sub {
  outcome: string;
  auth: { mechanism: string; result: string; reply: { code: number } | null; words: string } | null;
  mail: { reply: { code: number } } | null;
  rcpt: {
    to: string;
    reply: { code: number; enhanced: string | null };
    explanation: string | null;
  }[];
  queuedAs: string | null;
  message: { bytes: number; headers: string[]; reply: { code: number; text: string } } | null;
}
interface Report {
  verdict: { status: string };
  steps: { name: string; status: string }[];
  transcript: { dir: string; text: string }[];
  submission?: Sub;
}

describe.skipIf(!pf.ok)('real Postfix submission (Cyrus SASL after STARTTLS)', () => {
  let p: PostfixInstance;
  beforeAll(async () => {
    p = await startPostfix(getTestPki(), { sasl: { users: { alice: PASSWORD } } });
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
  }, 60_000);

  const run = (extra: string[], env: NodeJS.ProcessEnv = { SMTPSCOPE_PASSWORD: PASSWORD }) =>
    runCli([...labArgs(p.port, getTestPki().rootFile, 10_000), ...extra], 60_000, env);
  const json = async (extra: string[], env?: NodeJS.ProcessEnv) => {
    const r = await run([...extra, '--json'], env);
    return { code: r.code, report: JSON.parse(r.stdout) as Report, stderr: r.stderr };
  };

  it('after STARTTLS it offers exactly the private smtpd.conf mech_list (not every plugin)', async () => {
    // Without the private config libsasl2 lists every installed mechanism (SCRAM-SHA-512 … NTLM)
    // and checks /etc/sasldb2, so every AUTH answers 454: this pins that the config was read.
    const { report } = await json(['--to', 'rcpt@example.net', '--quit-after', 'ehlo-tls']);
    const auth = report.transcript.filter((e) => e.dir === 'S' && /^250[- ]AUTH /.test(e.text));
    expect(auth.map((e) => e.text.slice(4))).toEqual([`AUTH ${SASL_MECHANISMS.join(' ')}`]);
  }, 30_000);

  it.each(SASL_MECHANISMS)(
    'AUTH %s inside TLS, the generated message queued ("queued as") in --json',
    async (mech) => {
      const { code, report } = await json([
        '--auth-user',
        'alice',
        '--auth-mech',
        mech,
        '--to',
        'rcpt@example.net',
      ]);
      const s = report.submission;
      expect(s?.auth).toMatchObject({ mechanism: mech, result: 'accepted', reply: { code: 235 } });
      expect(s?.message?.reply.code).toBe(250);
      expect(s?.message?.reply.text).toMatch(/queued as/);
      expect(s?.queuedAs).toMatch(/^[0-9A-Za-z]+$/);
      expect(s?.outcome).toBe('accepted');
      expect(code).toBe(0);
      expect(JSON.stringify(report)).not.toContain(PASSWORD);
    },
    30_000,
  );

  it('the same in --plain: "250 … queued as …", the password nowhere', async () => {
    const r = await run(['--auth-user', 'alice', '--to', 'rcpt@example.net', '--plain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/S: 250 2\.0\.0 Ok: queued as \w+/);
    expect(r.stdout).toMatch(/queued as \w+/);
    expect(r.stdout).toMatch(/C: AUTH SCRAM-SHA-256 <redacted>/);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(r.stdout).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  }, 30_000);

  it('a wrong password: 535 explained, exit 10', async () => {
    const { code, report } = await json(
      ['--auth-user', 'alice', '--auth-mech', 'PLAIN', '--to', 'rcpt@example.net'],
      {
        SMTPSCOPE_PASSWORD: 'wrong',
      },
    );
    expect(report.submission?.auth).toMatchObject({
      result: 'wrong-credentials',
      reply: { code: 535 },
    });
    expect(code).toBe(10);
  }, 30_000);

  it('--quit-after rcpt: "would it accept?" answered, no message sent', async () => {
    const { code, report } = await json([
      '--auth-user',
      'alice',
      '--to',
      'rcpt@example.net',
      '--quit-after',
      'rcpt',
    ]);
    expect(report.submission?.rcpt[0]?.reply.code).toBe(250);
    expect(report.submission?.message).toBeNull();
    expect(report.transcript.some((e) => e.dir === 'C' && e.text === 'DATA')).toBe(false);
    expect(report.submission?.outcome).toBe('not-sent');
    expect(code).toBe(0);
  }, 30_000);

  it('relay denied without AUTH: 554 5.7.1, explained, exit 12', async () => {
    const { code, report } = await json(['--to', 'rcpt@example.net']);
    const rc = report.submission?.rcpt[0];
    expect(rc?.reply).toMatchObject({ code: 554, enhanced: '5.7.1' });
    expect(rc?.explanation).toMatch(/relay denied/);
    expect(code).toBe(12);
  }, 30_000);

  it('without TLS the AUTH is refused before it is sent, with a clear reason (exit 10)', async () => {
    const { code, report } = await json([
      '--tls',
      'none',
      '--auth-user',
      'alice',
      '--to',
      'rcpt@example.net',
    ]);
    expect(report.submission?.auth?.result).toBe('refused-plaintext');
    expect(report.submission?.auth?.words).toMatch(/not encrypted/);
    expect(report.transcript.some((e) => e.dir === 'C' && /^AUTH/.test(e.text))).toBe(false);
    expect(code).toBe(10);
  }, 30_000);

  it('Postfix refuses AUTH before TLS itself (smtpd_tls_auth_only): not offered there', async () => {
    const { report } = await json([
      '--tls',
      'none',
      '--auth-user',
      'alice',
      '--allow-plaintext-auth',
      '--to',
      'rcpt@example.net',
    ]);
    expect(report.submission?.auth?.result).toBe('not-offered');
  }, 30_000);
});
