// The CLI contract for bad input: one clear line on stderr, exit code 2, never a stack trace.
import { describe, expect, it } from 'vitest';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, runCli } from '../support/cli.js';

describe('usage errors', () => {
  const bad: [string[], RegExp][] = [
    [['--frobnicate', 'mx.lab.test'], /unknown option '--frobnicate'/],
    [['mx.lab.test:0', '--json'], /invalid port 0/],
    [['mx.lab.test:65536', '--json'], /invalid port 65536/],
    [['mx.lab.test:abc', '--json'], /invalid port "abc"/],
    [['mx.lab.test', '-p', 'abc', '--json'], /invalid port "abc"/],
    [['', '--json'], /target is empty/],
    [['bad_host!', '--json'], /not a valid host name/],
    [['2001:db8::1:25', '--json'], /ambiguous target/],
    [['2001:db8::zz:25', '--json'], /needs brackets/],
    [['mx.lab.test', '--json', '--plain'], /cannot be used together/],
    [
      ['mx.lab.test', '--json', '--ca-file', '/nonexistent/root.pem'],
      /--ca-file \/nonexistent\/root.pem: no such file/,
    ],
    [
      ['mx.lab.test', '--json', '--ca-file', '/dev/zero'],
      /--ca-file \/dev\/zero: not a regular file/,
    ],
    [
      ['mx.lab.test', '--json', '--ca-file', '/etc'],
      /--ca-file \/etc: not a regular file \(a directory\)/,
    ],
    [['--jsn', 'mx.lab.test'], /unknown option '--jsn' \(Did you mean --json\?\)/],
    [['mx.lab.test', '--json', '--ca-file', '/etc/hostname'], /holds no PEM certificate/],
    [['mx.lab.test', '--json', '--timeout', 'soon'], /invalid timeout/],
    [['mx.lab.test', '--json', '--tls', 'sometimes'], /invalid/],
    [['mx.lab.test', '--json', '--ehlo', 'bad name'], /invalid --ehlo/],
    [['mx.lab.test', '--json', '-4', '-6'], /cannot be used together/],
    [['127.0.0.1', '--json', '-6'], /-6 asks for IPv6, but 127\.0\.0\.1 is an IPv4 address/],
    [['[::1]:25', '--json', '-4'], /-4 asks for IPv4, but ::1 is an IPv6 address/],
    [['mx.lab.test', '--json', '--tls-min', '1.3', '--tls-max', '1.2'], /--tls-min 1.3 is above/],
    [['--json'], /target is required/],
    // Batch-only flags without --batch were silently ignored.
    [['mx.lab.test', '--json', '--shard', '0/4'], /--shard goes with --batch FILE/],
    [['mx.lab.test', '--json', '--resume', 'out.ndjson'], /--resume goes with --batch FILE/],
    [['mx.lab.test', '--json', '--domain-timeout', '5000'], /--domain-timeout goes with --batch/],
    [
      ['mx.lab.test:465', '--json', '--quit-after', 'starttls'],
      /--quit-after starttls has no step to stop after with --tls implicit/,
    ],
    [
      ['mx.lab.test', '--json', '--tls', 'none', '--quit-after', 'tls'],
      /--quit-after tls has no step to stop after with --tls none/,
    ], // Issue 11: the flags openssl and swaks users reach for.
    [['http://mx.lab.test', '--json'], /not a mail server URL \(use smtp:\/\/ or smtps:\/\/\)/],
    [['http://[::1]:80', '--json'], /not a mail server URL/],
    [['smtp://me@mx.lab.test', '--json'], /user info/],
    [['smtp://mx.lab.test/x', '--json'], /a URL path has no meaning here/],
    [['smtp://mx.lab.test?a', '--json'], /a URL query has no meaning here/],
    [
      ['smtps://mx.lab.test', '--tls', 'starttls', '--json'],
      /--tls starttls contradicts the target's smtps:\/\//,
    ],
    [['smtp://mx.lab.test', '--tls', 'implicit', '--json'], /--tls implicit contradicts/],
    [['smtp://mx.lab.test:25', '-p', '26', '--json'], /the target says port 25 but -p says 26/],
    [
      ['mx.lab.test', '--sni', 'x', '--no-sni', '--json'],
      /--sni and --no-sni cannot be used together/,
    ],
    [
      ['mx.lab.test', '--no-sni', '--sni', 'x', '--json'],
      /--sni and --no-sni cannot be used together/,
    ],
    [['mx.lab.test', '--sni', '', '--json'], /--sni is empty \(use --no-sni to send none\)/],
    [['mx.lab.test', '--verify-name', '', '--json'], /--verify-name is empty/],
    [['mx.lab.test', '--ehlo', '', '--json'], /--ehlo is empty/],
    [['mx.lab.test', '--ca-only', '--json'], /--ca-only needs the anchors to trust/],
    [
      ['mx.lab.test', '--ca-path', '/nonexistent', '--json'],
      /--ca-path \/nonexistent: no such directory/,
    ],
    [
      ['mx.lab.test', '--ca-path', '/etc/hostname', '--json'],
      /--ca-path \/etc\/hostname: not a directory/,
    ],
    [
      ['mx.lab.test', '--ca-path', '/proc/self', '--json'],
      /--ca-path \/proc\/self: no certificate found/,
    ],
    [['127.0.0.1:25', '--ports', '25,465', '--json'], /--ports and a target with a port/],
    [
      ['127.0.0.1', '-p', '25', '--ports', '25,465', '--json'],
      /--ports and -p cannot be used together/,
    ],
    [
      ['example.org', '--ports', '25,465', '--json'],
      /--ports probes one host, and example.org is a mail domain/,
    ],
    [['127.0.0.1', '--ports', '25,25', '--json'], /--ports names port 25 twice/],
    [
      ['127.0.0.1', '--ports', '25', '--scan', '--json'],
      /--scan and --ports cannot be used together/,
    ],
    [
      ['127.0.0.1', '--ports', '465', '--quit-after', 'starttls', '--json'],
      /--quit-after starttls has no step to stop after with --tls implicit/,
    ],
    [
      ['127.0.0.1', '--save-chain', '/dev/null', '--json'],
      /--save-chain \/dev\/null: not a regular file \(will not overwrite it\)/,
    ],
    [['127.0.0.1', '--save-chain', '/tmp', '--json'], /--save-chain \/tmp: not a regular file/],
    [['127.0.0.1', '--save-chain', '', '--json'], /--save-chain is empty/],
    [
      ['example.org', '--save-chain', '/tmp/x.pem', '--json'],
      /--save-chain saves one server's chain; a domain has many/,
    ],
    [
      ['127.0.0.1', '--ports', '25,587', '--save-chain', '/tmp/x.pem', '--json'],
      /not with --ports/,
    ],
  ];
  for (const [args, message] of bad) {
    it(`smtpscope ${args.join(' ')} → exit 2`, async () => {
      const run = await runCli(args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      // One line (README "Hostile servers and bad input"): the message and where to look.
      expect(run.stderr).toMatch(/^smtpscope: [^\n]* \(try --help\)\n$/);
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }
});

describe('files the user names', () => {
  it('a --ca-file FIFO with no writer is refused at once, one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smtpscope-usage-'));
    try {
      const fifo = join(dir, 'roots.pem');
      execFileSync('mkfifo', [fifo]);
      const run = await runCli(['mx.lab.test', '--json', '--ca-file', fifo], 10_000);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        `smtpscope: --ca-file ${fifo}: not a regular file (a FIFO) (try --help)\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('help and version', () => {
  it('--help lists the flags and the exit codes, exit 0', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const text of [
      '--json',
      '--plain',
      '--quit-after',
      '--ca-file',
      '--verify-name',
      'tls-not-offered',
      '7  tls-failed',
    ]) {
      expect(run.stdout).toContain(text);
    }
  });

  it('--version prints the version', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('a reader that goes away', () => {
  it('smtpscope --help into a closed pipe exits 0 without a stack trace', async () => {
    const child = spawn(process.execPath, [BIN, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // like `| head` having already quit
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at |Error/);
    expect(code).toBe(0);
  });
});
