// The submission through the real CLI (bin/smtpscope.js, built bundle) against the test server:
// the password from the environment or a file, --plain and --json, the exit codes.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestPki } from '../support/pki.js';
import { labArgs, runCli } from '../support/cli.js';
import { startTestServer } from '../support/smtp-server.js';
import type { TestServer } from '../support/smtp-server.js';

const PASSWORD = 'cli-Secret-42';
let server: TestServer;
beforeAll(async () => {
  const c = getTestPki().cases.valid;
  server = await startTestServer({
    tls: { key: c.keyPem, cert: c.chainPem },
    submission: { users: { alice: PASSWORD } },
  });
});
afterAll(() => server.close());

const args = (extra: string[]) => [...labArgs(server.port, getTestPki().rootFile, 5000), ...extra];

describe('submission via the CLI', () => {
  it('--plain: AUTH inside TLS, "250 … queued as …", exit 0, the password nowhere', async () => {
    const r = await runCli(
      args(['--auth-user', 'alice', '--to', 'rcpt@example.net', '--plain']),
      30_000,
      {
        SMTPSCOPE_PASSWORD: PASSWORD,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('S: 250 2.0.0 Ok: queued as TESTQ1D');
    expect(r.stdout).toContain('  queued as TESTQ1D');
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(r.stdout).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  });

  it('--json with the password from --auth-password-file; exit codes 8 and 10', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtpscope-pw-'));
    writeFileSync(join(dir, 'pw'), `${PASSWORD}\n`);
    const ok = await runCli(
      args([
        '--auth-user',
        'alice',
        '--auth-password-file',
        join(dir, 'pw'),
        '--to',
        'a@lab.test',
        '--json',
      ]),
      30_000,
      { SMTPSCOPE_PASSWORD: '' },
    );
    const report = JSON.parse(ok.stdout) as {
      submission: { queuedAs: string; auth: { result: string } };
    };
    expect(report.submission.auth.result).toBe('accepted');
    expect(report.submission.queuedAs).toBe('TESTQ1D');
    expect(ok.code).toBe(0);
    const wrong = await runCli(
      args(['--auth-user', 'alice', '--to', 'a@lab.test', '--json']),
      30_000,
      { SMTPSCOPE_PASSWORD: 'nope' },
    );
    expect(wrong.code).toBe(10);
    const relay = await runCli(args(['--to', 'someone@elsewhere.test', '--json']));
    expect(relay.code).toBe(12);
  });

  it('a plain run keeps its JSON: no submission field, 8 steps', async () => {
    const r = await runCli(args(['--json']));
    const report = JSON.parse(r.stdout) as { steps: unknown[]; submission?: unknown };
    expect(report.steps).toHaveLength(8);
    expect(report.submission).toBeUndefined();
  });
});
