// `--scan --json` against a real Postfix on loopback, as a user runs it: a restricted TLS 1.2
// cipher list with TLS 1.3 on must come back as exactly that list, and a legacy set-up (TLS 1.0
// and 1.1, NULL and anonymous suites) with its weaknesses flagged. Skipped where Postfix is absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestPki } from '../support/pki.js';
import { postfixAvailable, startPostfix, type PostfixInstance } from '../support/postfix.js';
import { labArgs, runCli } from '../support/cli.js';

const available = postfixAvailable();
if (!available.ok) console.warn(`skipping the Postfix scan tests: ${available.reason}`);

const RESTRICTED = ['ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES128-GCM-SHA256', 'AES256-SHA'];

interface ScanJson {
  mode: string;
  scan: {
    protocols: Record<
      string,
      {
        supported: boolean | null;
        ciphers: { name: string; standardName: string; weak: boolean }[];
      }
    >;
    weaknesses: { code: string }[];
    senders: { id: string; protocol: string | null; failure: string | null }[];
    inconclusive: unknown[];
    probes: number;
    groups: { tls13: string[] };
  };
}

describe.skipIf(!available.ok)('--scan against a real Postfix', () => {
  let restricted: PostfixInstance;
  let legacy: PostfixInstance;
  beforeAll(async () => {
    const pki = getTestPki();
    [restricted, legacy] = await Promise.all([
      startPostfix(pki, {
        extraConfig: [
          `tls_high_cipherlist = ${RESTRICTED.join(':')}`,
          'smtpd_tls_protocols = >=TLSv1.2',
        ],
      }),
      startPostfix(pki, {
        extraConfig: [
          'smtpd_tls_protocols = >=TLSv1',
          'smtpd_tls_ciphers = export',
          'tls_export_cipherlist = ALL:eNULL:@SECLEVEL=0',
        ],
      }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([restricted?.stop(), legacy?.stop()]);
  }, 60_000);

  const scan = async (
    port: number,
    extra: string[] = [],
  ): Promise<{ code: number | null; json: ScanJson }> => {
    const run = await runCli([
      ...labArgs(port, getTestPki().rootFile, 5000),
      '--scan',
      '--json',
      ...extra,
    ]);
    return { code: run.code, json: JSON.parse(run.stdout) as ScanJson };
  };

  it('a restricted TLS 1.2 list with TLS 1.3 on: exactly the configured set, its RSA key-transport suite named, exit 8', async () => {
    const { code, json } = await scan(restricted.port);
    const p = json.scan.protocols;
    expect(json.mode).toBe('scan');
    expect(p['TLSv1.2']?.ciphers.map((c) => c.name).sort()).toEqual([...RESTRICTED].sort());
    expect(p['TLSv1.3']?.supported).toBe(true);
    expect(p['TLSv1.3']?.ciphers.map((c) => c.standardName).sort()).toEqual([
      'TLS_AES_128_GCM_SHA256',
      'TLS_AES_256_GCM_SHA384',
      'TLS_CHACHA20_POLY1305_SHA256',
    ]);
    for (const v of ['SSLv3', 'TLSv1.0', 'TLSv1.1']) expect(p[v]?.supported).toBe(false);
    // AES256-SHA is RSA key transport: no forward secrecy for a sender that picks it.
    expect(json.scan.weaknesses).toEqual([
      expect.objectContaining({ code: 'rsa-key-exchange', data: ['TLS_RSA_WITH_AES_256_CBC_SHA'] }),
    ]);
    expect(json.scan.inconclusive).toEqual([]);
    expect(json.scan.groups.tls13).toContain('x25519');
    expect(json.scan.senders.find((s) => s.id === 'legacy-tls10')?.failure).toMatch(/alert/);
    expect(json.scan.senders.find((s) => s.id === 'openssl-3')?.protocol).toBe('TLSv1.3');
    expect(code).toBe(8);
  });

  it('legacy protocols and suites: found, flagged, exit 8', async () => {
    const { code, json } = await scan(legacy.port);
    const p = json.scan.protocols;
    for (const v of ['TLSv1.0', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'])
      expect(p[v]?.supported).toBe(true);
    expect(p['TLSv1.2']?.ciphers.some((c) => c.name === 'NULL-SHA' && c.weak)).toBe(true);
    const codes = json.scan.weaknesses.map((w) => w.code);
    expect(codes).toEqual(
      expect.arrayContaining(['tls10-enabled', 'tls11-enabled', 'null-cipher', 'anonymous-cipher']),
    );
    expect(json.scan.senders.find((s) => s.id === 'legacy-tls10')?.protocol).toBe('TLSv1.0');
    expect(code).toBe(8);
  });

  it('--plain prints the tables', async () => {
    const run = await runCli([
      ...labArgs(restricted.port, getTestPki().rootFile, 5000),
      '--scan',
      '--plain',
    ]);
    expect(run.stdout).toMatch(/TLSv1\.2 suites/);
    expect(run.stdout).toMatch(
      /ECDHE-RSA-AES256-GCM-SHA384\s+TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384/,
    );
    expect(run.stdout).toMatch(/\d+ connections, \d+ ms/);
  });
});
