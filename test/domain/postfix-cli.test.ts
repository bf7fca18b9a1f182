// Done-when for issue 12: the real CLI, --resolver pointed at the loopback DNS server, MX hosts
// that are a real Postfix on 127.0.0.2 (TLS) and 127.0.0.4 (no TLS), seven domains.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDnsServer } from '../support/dns-server.js';
import type { NameFlags, TestDnsServer, ZoneRecord } from '../support/dns-server.js';
import { issueLeaf } from '../support/domain-pki.js';
import { startHttpsServer } from '../support/https-server.js';
import type { TestHttpsServer } from '../support/https-server.js';
import { getTestPki } from '../support/pki.js';
import { postfixAvailable, startPostfix } from '../support/postfix.js';
import type { PostfixInstance } from '../support/postfix.js';
import { runCli } from '../support/cli.js';
import { spkiSha256 } from './lab.js';

const available = postfixAvailable();

function freePortOn(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const a = srv.address();
      srv.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

let dns: TestDnsServer;
let https: TestHttpsServer;
let tlsMx: PostfixInstance;
let plainMx: PostfixInstance;
let port: number;

beforeAll(async () => {
  if (!available.ok) return;
  const pki = getTestPki();
  const leaf = issueLeaf(pki, ['*.lab.test']);
  port = await freePortOn('127.0.0.2');
  tlsMx = await startPostfix(pki, { address: '127.0.0.2', port, chainFiles: leaf });
  plainMx = await startPostfix(pki, { address: '127.0.0.4', port, certCase: null });
  const records: ZoneRecord[] = [];
  const names: Record<string, NameFlags> = {};
  const add = (r: ZoneRecord, signed = true): void => {
    records.push(r);
    if (signed) names[r.name] = { signed: true };
  };
  add({ name: 'mx1.lab.test', type: 'A', data: '127.0.0.2' });
  add({ name: 'mx2.lab.test', type: 'A', data: '127.0.0.2' });
  add({ name: 'mx3.lab.test', type: 'A', data: '127.0.0.4' });
  const tlsa = (host: string, data: string): void =>
    add({
      name: `_${port}._tcp.${host}`,
      type: 'TLSA',
      data: { usage: 3, selector: 1, matchingType: 1, data },
    });
  tlsa('mx1.lab.test', spkiSha256(leaf.certPem));
  tlsa('mx2.lab.test', '00'.repeat(32));
  const mx = (domain: string, exchange: string, preference = 10): void =>
    add({ name: domain, type: 'MX', data: { preference, exchange } });
  mx('dane-match.lab.test', 'mx1.lab.test');
  mx('dane-mismatch.lab.test', 'mx2.lab.test');
  mx('sts-match.lab.test', 'mx1.lab.test');
  mx('sts-mismatch.lab.test', 'mx1.lab.test');
  mx('null.lab.test', '.', 0);
  add({ name: 'implicit.lab.test', type: 'A', data: '127.0.0.2' }, false);
  mx('plain.lab.test', 'mx3.lab.test');
  add({ name: '_mta-sts.sts-match.lab.test', type: 'TXT', data: 'v=STSv1; id=1' }, false);
  add({ name: '_mta-sts.sts-mismatch.lab.test', type: 'TXT', data: 'v=STSv1; id=1' }, false);
  add(
    {
      name: '_smtp._tls.sts-match.lab.test',
      type: 'TXT',
      data: 'v=TLSRPTv1; rua=mailto:tls@lab.test',
    },
    false,
  );
  dns = await startDnsServer({ records, names });
  const stsLeaf = issueLeaf(pki, ['mta-sts.sts-match.lab.test', 'mta-sts.sts-mismatch.lab.test']);
  https = await startHttpsServer({
    key: stsLeaf.keyPem,
    cert: stsLeaf.chainPem,
    replies: {
      'mta-sts.sts-match.lab.test': {
        kind: 'policy',
        body: 'version: STSv1\nmode: enforce\nmx: *.lab.test\nmax_age: 86400\n',
      },
      'mta-sts.sts-mismatch.lab.test': {
        kind: 'policy',
        body: 'version: STSv1\nmode: enforce\nmx: mx.elsewhere.test\nmax_age: 86400\n',
      },
    },
  });
  process.env.SMTPSCOPE_TEST_MTA_STS_ADDR = https.addr;
}, 60_000);

afterAll(async () => {
  delete process.env.SMTPSCOPE_TEST_MTA_STS_ADDR;
  await Promise.all([dns?.close(), https?.close(), tlsMx?.stop(), plainMx?.stop()]);
}, 60_000);

const args = (domain: string, out: '--json' | '--plain'): string[] => [
  domain,
  '--resolver',
  `127.0.0.1:${dns.port}`,
  '-p',
  String(port),
  '--ca-file',
  getTestPki().rootFile,
  '--timeout',
  '5000',
  out,
];

type Outcomes = Record<'opportunistic' | 'strictTls' | 'verifiedTls' | 'mtaSts' | 'dane', string>;
const TLS_ALL: Outcomes = {
  opportunistic: 'deliver-tls',
  strictTls: 'deliver-tls',
  verifiedTls: 'deliver-tls',
  mtaSts: 'deliver-tls',
  dane: 'deliver-tls',
};

describe.skipIf(!available.ok)(
  `seven domains against a real Postfix${available.ok ? '' : ` (skipped: ${available.reason})`}`,
  () => {
    it.each([
      ['dane-match.lab.test', 0, 'ok', TLS_ALL, { dane: { secure: true, matched: true } }],
      [
        'dane-mismatch.lab.test',
        9,
        'policy-failure',
        { ...TLS_ALL, dane: 'defer' },
        { dane: { secure: true, matched: false } },
      ],
      ['sts-match.lab.test', 0, 'ok', TLS_ALL, { mtaSts: { mode: 'enforce', mxMatch: true } }],
      [
        'sts-mismatch.lab.test',
        9,
        'policy-failure',
        { ...TLS_ALL, mtaSts: 'defer' },
        { mtaSts: { mode: 'enforce', mxMatch: false } },
      ],
      [
        'null.lab.test',
        0,
        'null-mx',
        {
          opportunistic: 'drop',
          strictTls: 'drop',
          verifiedTls: 'drop',
          mtaSts: 'drop',
          dane: 'drop',
        },
        { nullMx: true },
      ],
      ['implicit.lab.test', 0, 'ok', TLS_ALL, { implicitMx: true, dane: { secure: null } }],
      [
        'plain.lab.test',
        5,
        'tls-not-offered',
        {
          opportunistic: 'deliver-plaintext',
          strictTls: 'drop',
          verifiedTls: 'defer',
          mtaSts: 'deliver-plaintext',
          dane: 'deliver-plaintext',
        },
        { mtaSts: { mode: null } },
      ],
    ] as const)(
      '%s → exit %i, %s',
      async (domain, code, status, outcomes, policy) => {
        const run = await runCli(args(domain, '--json'));
        expect(run.stderr).toBe('');
        const j = JSON.parse(run.stdout);
        expect(j.kind).toBe('domain');
        expect(j.verdict.status).toBe(status);
        expect(run.code).toBe(code);
        expect(
          Object.fromEntries(
            Object.entries(j.verdict.senders).map(([k, v]) => [
              k,
              (v as { outcome: string }).outcome,
            ]),
          ),
        ).toEqual(outcomes);
        expect(j.policy).toMatchObject(policy);
        for (const s of Object.values(j.verdict.senders))
          expect((s as { why: string }).why.length).toBeGreaterThan(10);
        if (!j.policy.nullMx) expect(j.probes[0].banner.text).toContain('ESMTP Postfix');
        const plain = await runCli(args(domain, '--plain'));
        expect(plain.code).toBe(code);
        expect(plain.stdout).toContain(`Domain:   ${domain}`);
        expect(plain.stdout).toMatch(
          new RegExp(`Senders:\\n\\s+opportunistic\\s+${outcomes.opportunistic}`),
        );
        expect(plain.stdout).toContain(`Verdict:  ${status}`);
      },
      60_000,
    );
  },
);
