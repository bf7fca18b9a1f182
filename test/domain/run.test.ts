// Domain runs end to end on loopback: the DNS test server (AD for signed names, SERVFAIL for
// bogus ones), SMTP test servers on 127.0.0.x, an HTTPS server for MTA-STS policies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ZoneRecord, NameFlags } from '../support/dns-server.js';
import type { PolicyReply } from '../support/https-server.js';
import { getTestPki } from '../support/pki.js';
import { FULL, LEAF_ONLY, NO_TLS, labSpec, runLab, spkiSha256, startLab } from './lab.js';

const labSpecProbe = (l: Lab): ReturnType<typeof labSpec>['probe'] => labSpec(l, 'x').probe;
import type { Lab } from './lab.js';
import { renderDomainPlain } from '../../src/report/domain-plain.js';
import { domainVerdictWords } from '../../src/wording/domain-verdict.js';

const STS_OK = 'version: STSv1\nmode: enforce\nmx: *.lab.test\nmax_age: 86400\n';
const POLICY_DOMAINS = [
  'sts-ok',
  'sts-bad',
  'sts-testing',
  'sts-deep',
  'sts-redirect',
  'sts-404',
  'sts-type',
  'sts-big',
  'sts-syntax',
  'sts-two',
  'sts-cert',
  'sts-stall',
];

function zone(
  leafPem: string,
  port: number,
): {
  records: ZoneRecord[];
  names: Record<string, NameFlags>;
  policies: Record<string, PolicyReply>;
} {
  const pki = getTestPki();
  const records: ZoneRecord[] = [];
  const names: Record<string, NameFlags> = {};
  const mx = (domain: string, ...hosts: [number, string][]): void => {
    for (const [preference, exchange] of hosts)
      records.push({ name: domain, type: 'MX', data: { preference, exchange } });
  };
  const host = (name: string, address: string, signed = true): void => {
    records.push({ name, type: 'A', data: address });
    if (signed) names[name] = { ...names[name], signed: true };
  };
  const tlsa = (
    mxHost: string,
    usage: number,
    selector: number,
    matchingType: number,
    data: string,
    flags: NameFlags = { signed: true },
  ): void => {
    const name = `_${port}._tcp.${mxHost}`;
    records.push({ name, type: 'TLSA', data: { usage, selector, matchingType, data } });
    names[name] = flags;
  };
  const txt = (name: string, data: string): void => void records.push({ name, type: 'TXT', data });
  const leafKey = spkiSha256(leafPem);
  const interKey = spkiSha256(pki.intermediatePem);
  const rootKey = spkiSha256(pki.rootPem);

  host('mx1.lab.test', FULL);
  tlsa('mx1.lab.test', 3, 1, 1, leafKey);
  host('mx2.lab.test', FULL);
  tlsa('mx2.lab.test', 3, 1, 1, 'ab'.repeat(32));
  host('mx3.lab.test', NO_TLS);
  host('mx4.lab.test', FULL);
  tlsa('mx4.lab.test', 2, 1, 1, interKey);
  host('mx5.lab.test', LEAF_ONLY);
  tlsa('mx5.lab.test', 2, 1, 1, interKey);
  host('mx6.lab.test', FULL);
  tlsa('mx6.lab.test', 2, 1, 1, rootKey);
  host('mx7.lab.test', FULL);
  tlsa('mx7.lab.test', 0, 1, 1, interKey);
  tlsa('mx7.lab.test', 1, 1, 1, leafKey);
  host('mx8.lab.test', FULL);
  tlsa('mx8.lab.test', 3, 1, 1, 'cd'.repeat(32), {});
  host('mx9.lab.test', FULL);
  tlsa('mx9.lab.test', 3, 1, 1, leafKey, { bogus: true });
  host('mx10.lab.test', FULL);
  records.push({ name: `_${port}._tcp.mx10.lab.test`, type: 'CNAME', data: 'tlsa.lab.test' });
  names[`_${port}._tcp.mx10.lab.test`] = { signed: true };
  records.push({
    name: 'tlsa.lab.test',
    type: 'TLSA',
    data: { usage: 3, selector: 1, matchingType: 1, data: leafKey },
  });
  names['tlsa.lab.test'] = { signed: true };
  host('mx11.lab.test', FULL, false); // insecure addresses: no TLSA lookup at all
  tlsa('mx11.lab.test', 3, 1, 1, 'ef'.repeat(32));
  host('mx12.lab.test', FULL);
  tlsa('mx12.lab.test', 3, 1, 1, leafKey);
  tlsa('mx12.lab.test', 3, 1, 1, '01'.repeat(32));

  mx('dane-ok.lab.test', [10, 'mx1.lab.test']);
  txt('_smtp._tls.dane-ok.lab.test', 'v=TLSRPTv1; rua=mailto:tls@lab.test');
  mx('dane-bad.lab.test', [10, 'mx2.lab.test']);
  mx('dane-walk.lab.test', [10, 'mx2.lab.test'], [20, 'mx1.lab.test']);
  mx('dane-ta.lab.test', [10, 'mx4.lab.test']);
  mx('dane-ta-leaf.lab.test', [10, 'mx5.lab.test']);
  mx('dane-ta-root.lab.test', [10, 'mx6.lab.test']);
  mx('dane-pkix.lab.test', [10, 'mx7.lab.test']);
  mx('dane-insecure.lab.test', [10, 'mx8.lab.test']);
  mx('dane-bogus.lab.test', [10, 'mx9.lab.test']);
  mx('dane-cname.lab.test', [10, 'mx10.lab.test']);
  mx('dane-noaddr-sec.lab.test', [10, 'mx11.lab.test']);
  mx('dane-roll.lab.test', [10, 'mx12.lab.test']);
  mx('plain.lab.test', [10, 'mx3.lab.test']);
  mx(
    'order.lab.test',
    [30, 'mx3.lab.test'],
    [10, 'mx1.lab.test'],
    [20, 'mx4.lab.test'],
    [20, 'mx6.lab.test'],
  );
  mx('null.lab.test', [0, '.']);
  mx('dangling.lab.test', [10, 'nowhere.lab.test']);
  txt('nomail.lab.test', 'v=spf1 -all'); // the name exists: no MX, no address
  mx('bogus-mx.lab.test', [10, 'mx1.lab.test']);
  names['bogus-mx.lab.test'] = { bogus: true };
  mx('badname.lab.test', [5, 'bad\x1bname.lab.test'], [10, 'mx1.lab.test']);
  host('implicit.lab.test', FULL, false);
  txt('_smtp._tls.rpt-bad.lab.test', 'v=TLSRPTv1; rua=ftp://x');
  mx('rpt-bad.lab.test', [10, 'mx1.lab.test']);

  const policies: Record<string, PolicyReply> = {};
  for (const d of POLICY_DOMAINS) {
    mx(`${d}.lab.test`, [10, 'mx1.lab.test']);
    txt(`_mta-sts.${d}.lab.test`, 'v=STSv1; id=20240101');
  }
  txt('_mta-sts.sts-two.lab.test', 'v=STSv1; id=2');
  txt('_mta-sts.sts-syntax.lab.test', 'v=spf1 -all'); // discarded: not v=STSv1
  const at = (d: string): string => `mta-sts.${d}.lab.test`;
  policies[at('sts-ok')] = { kind: 'policy', body: STS_OK };
  policies[at('sts-bad')] = {
    kind: 'policy',
    body: 'version: STSv1\r\nmode: enforce\r\nmx: mail.other.test\r\nmax_age: 86400\r\n',
  };
  policies[at('sts-testing')] = {
    kind: 'policy',
    body: 'version: STSv1\nmode: testing\nmx: mail.other.test\nmax_age: 600\n',
  };
  policies[at('sts-deep')] = {
    kind: 'policy',
    body: 'version: STSv1\nmode: enforce\nmx: *.test\nmax_age: 600\n',
  };
  policies[at('sts-redirect')] = {
    kind: 'status',
    status: 301,
    location: 'https://elsewhere.test/',
  };
  policies[at('sts-type')] = { kind: 'policy', body: STS_OK, contentType: 'text/html' };
  policies[at('sts-big')] = { kind: 'policy', body: `${STS_OK}${'x: y\n'.repeat(20_000)}` };
  policies[at('sts-syntax')] = {
    kind: 'policy',
    body: 'version: STSv1\nmode: enforcing\nmx: *.lab.test\nmax_age: 99999999999\nfoo: bar\n',
  };
  policies[at('sts-two')] = { kind: 'policy', body: STS_OK };
  policies[at('sts-cert')] = { kind: 'policy', body: STS_OK };
  policies[at('sts-stall')] = { kind: 'stall' };
  return { records, names, policies };
}

let lab: Lab;
beforeAll(async () => {
  // sts-cert's policy host is left out of the certificate: a name mismatch.
  const hosts = POLICY_DOMAINS.filter((d) => d !== 'sts-cert').map((d) => `mta-sts.${d}.lab.test`);
  lab = await startLab(zone, hosts);
}, 30_000);
afterAll(async () => {
  await lab.close();
});

const senders = (j: {
  verdict: { senders: Record<string, { outcome: string }> };
}): Record<string, string> =>
  Object.fromEntries(Object.entries(j.verdict.senders).map(([k, v]) => [k, v.outcome]));

describe('MX list', () => {
  it('sorts by preference and keeps equal preferences together', async () => {
    const { json } = await runLab(lab, 'order.lab.test');
    expect(json.kind).toBe('domain');
    expect(json.policy.mx.map((m) => [m.preference, m.host])).toEqual([
      [10, 'mx1.lab.test'],
      [20, expect.stringMatching(/^mx[46]\.lab\.test$/)],
      [20, expect.stringMatching(/^mx[46]\.lab\.test$/)],
      [30, 'mx3.lab.test'],
    ]);
    expect(json.probes).toHaveLength(4);
  });

  it('uses the name itself when there is no MX (implicit MX)', async () => {
    const { json } = await runLab(lab, 'implicit.lab.test');
    expect(json.policy.implicitMx).toBe(true);
    expect(json.policy.mx.map((m) => m.host)).toEqual(['implicit.lab.test']);
    expect(json.verdict.status).toBe('ok');
    expect(senders(json)).toMatchObject({
      opportunistic: 'deliver-tls',
      verifiedTls: 'deliver-tls',
      mtaSts: 'deliver-tls',
      dane: 'deliver-tls',
    });
  });

  it('an MX name with no address: unreachable, and the words say why (not "TLS works")', async () => {
    const { result, json } = await runLab(lab, 'dangling.lab.test');
    expect(json.verdict.status).toBe('unreachable');
    const words = domainVerdictWords(result);
    expect(words.summary).toMatch(
      /^No MX host could be probed: MX nowhere\.lab\.test has no usable address/,
    );
    expect(words.summary).not.toMatch(/offers TLS/);
    expect(words.fix).toMatch(/A or AAAA record/);
  });

  it('a name with no MX and no address: no mail host, not a failed lookup', async () => {
    const { json } = await runLab(lab, 'nomail.lab.test');
    expect(json.verdict).toMatchObject({ status: 'unreachable', reasons: ['no-mail-host'] });
    const nx = await runLab(lab, 'no-such-name.lab.test');
    expect(nx.json.verdict.reasons).toEqual(['mx-lookup-failed']);
  });

  it('a null MX: no connection, every sender drops', async () => {
    const before = lab.smtp.reduce((n, s) => n + s.connections, 0);
    const { json } = await runLab(lab, 'null.lab.test');
    expect(json.policy.nullMx).toBe(true);
    expect(json.probes).toEqual([]);
    expect(new Set(Object.values(senders(json)))).toEqual(new Set(['drop']));
    expect(json.verdict.status).toBe('null-mx');
    expect(lab.smtp.reduce((n, s) => n + s.connections, 0)).toBe(before);
  });

  it('--mx-first probes only the most preferred MX', async () => {
    const { json } = await runLab(lab, 'order.lab.test', { mxFirst: true });
    expect(json.probes.map((p) => p.target.host)).toEqual(['mx1.lab.test']);
  });

  it('plain MX without STARTTLS: what each sender does', async () => {
    const { json, result } = await runLab(lab, 'plain.lab.test');
    expect(senders(json)).toEqual({
      opportunistic: 'deliver-plaintext',
      strictTls: 'drop',
      verifiedTls: 'defer',
      mtaSts: 'deliver-plaintext',
      dane: 'deliver-plaintext',
    });
    expect(json.verdict.status).toBe('tls-not-offered');
    const plain = renderDomainPlain(result);
    expect(plain).toMatch(/Senders:\n\s+opportunistic\s+deliver-plaintext/);
    expect(plain).toContain('--- MX mx3.lab.test at 127.0.0.4 ---');
  });
});

describe('MTA-STS', () => {
  it('enforce with a matching wildcard: delivers over TLS', async () => {
    const { json } = await runLab(lab, 'sts-ok.lab.test');
    expect(json.policy.mtaSts.txt?.id).toBe('20240101');
    expect(json.policy.mtaSts.policy).toMatchObject({
      mode: 'enforce',
      mx: ['*.lab.test'],
      maxAge: 86400,
    });
    expect(json.policy.mtaSts.mxMatch).toBe(true);
    expect(json.verdict.senders.mtaSts.outcome).toBe('deliver-tls');
    expect(json.verdict.status).toBe('ok');
    // Each MX probe's own words do not ask for the domain: it was given (a trial found they did).
    for (const p of json.probes) expect(JSON.stringify(p.verdict)).not.toContain('give the domain');
  });

  it('enforce, MX not listed (CRLF policy): defer and exit as a policy failure', async () => {
    const { json } = await runLab(lab, 'sts-bad.lab.test');
    expect(json.policy.mtaSts.mxMatch).toBe(false);
    expect(json.verdict.senders.mtaSts).toMatchObject({
      outcome: 'defer',
      reason: 'sts-mx-not-listed',
    });
    expect(json.verdict.status).toBe('policy-failure');
    expect(json.verdict.reasons).toContain('mta-sts-mismatch');
  });

  it('a wildcard matches one label only', async () => {
    const { json } = await runLab(lab, 'sts-deep.lab.test');
    expect(json.policy.mtaSts.mxMatch).toBe(false);
    expect(json.verdict.senders.mtaSts.outcome).toBe('defer');
  });

  it('testing mode delivers and would report', async () => {
    const { json } = await runLab(lab, 'sts-testing.lab.test');
    expect(json.verdict.senders.mtaSts).toMatchObject({
      outcome: 'deliver-tls',
      reason: 'sts-testing',
    });
    expect(json.verdict.status).toBe('ok');
    expect(json.policy.tlsRpt.problems.map((p) => p.code)).toContain('tlsrpt-missing');
  });

  it.each([
    ['sts-redirect', 'redirect'],
    ['sts-404', 'status'],
    ['sts-big', 'too-large'],
    ['sts-cert', 'certificate'],
  ])('%s: no policy (%s), senders act as if none', async (d, reason) => {
    const run = await runLab(lab, `${d}.lab.test`);
    const { json } = run;
    const result = (_d: string) => run.result;
    expect(json.policy.mtaSts.policy).toBeNull();
    const p = json.policy.mtaSts.problems.find((x) => x.code === 'sts-fetch');
    expect(p).toMatchObject({ reason });
    expect(json.verdict.senders.mtaSts).toMatchObject({
      outcome: 'deliver-tls',
      reason: 'sts-none',
    });
    // The TXT record is there, so "publish an MTA-STS policy" would be wrong advice: the
    // words say the policy cannot be had, and how to serve it.
    const words = domainVerdictWords(result(d));
    expect(words.summary).toMatch(/But MTA-STS policy not fetched: /);
    expect(words.fix).toMatch(/^Serve the MTA-STS policy at https:\/\/mta-sts\./);
  });

  it('a policy host that never answers is cut at the timeout', async () => {
    const base = labSpecProbe(lab);
    const { json } = await runLab(lab, 'sts-stall.lab.test', {
      probe: { ...base, timeoutMs: 400 },
    });
    expect(json.policy.mtaSts.problems.find((p) => p.code === 'sts-fetch')).toMatchObject({
      reason: 'timeout',
    });
  });

  it('wrong Content-Type is a finding; the policy still parses', async () => {
    const { json } = await runLab(lab, 'sts-type.lab.test');
    expect(json.policy.mtaSts.problems.map((p) => p.code)).toContain('sts-content-type');
    expect(json.policy.mtaSts.mode).toBe('enforce');
  });

  it('bad syntax is named by line and key, unknown keys are listed', async () => {
    const { json } = await runLab(lab, 'sts-syntax.lab.test');
    const probs = json.policy.mtaSts.problems;
    expect(probs).toContainEqual(
      expect.objectContaining({ code: 'sts-policy-syntax', line: 2, key: 'mode' }),
    );
    expect(probs).toContainEqual(
      expect.objectContaining({ code: 'sts-policy-syntax', line: 4, key: 'max_age' }),
    );
    expect(probs).toContainEqual(
      expect.objectContaining({ code: 'sts-policy-unknown-keys', keys: ['foo'] }),
    );
    expect(json.policy.mtaSts.policy).toBeNull();
  });

  it('two v=STSv1 records: no policy, and no fetch', async () => {
    const before = lab.https.requests.length;
    const { json } = await runLab(lab, 'sts-two.lab.test');
    expect(json.policy.mtaSts.problems.map((p) => p.code)).toEqual(['sts-txt-several']);
    expect(lab.https.requests.length).toBe(before);
  });
});

describe('DANE', () => {
  it('DANE-EE 3 1 1 matching the leaf key', async () => {
    const { json } = await runLab(lab, 'dane-ok.lab.test');
    const m = json.policy.mx[0];
    expect(m?.dane.applies).toBe('applies');
    expect(m?.dane.addresses[0]?.matched).toMatchObject({ depth: 0, record: { usage: 3 } });
    expect(json.policy.dane).toMatchObject({ secure: true, matched: true });
    expect(json.verdict.senders.dane.outcome).toBe('deliver-tls');
    expect(json.policy.dane.publish[0]?.lines).toEqual([
      `_${lab.port}._tcp.mx1.lab.test. IN TLSA 3 1 1 ${spkiSha256(lab.leafPem)}`,
      `_${lab.port}._tcp.mx1.lab.test. IN TLSA 2 1 1 ${spkiSha256(getTestPki().intermediatePem)}`,
    ]);
    // Only the current leaf key is published: the next key change breaks DANE.
    expect(json.policy.dane.problems.map((p) => p.code)).toContain('dane-rollover');
    expect(json.policy.dane.problems[0]).toMatchObject({
      code: 'dane-resolver-trusted',
      loopback: true,
    });
    expect(json.policy.tlsRpt.rua).toEqual(['mailto:tls@lab.test']);
  });

  it('DANE-EE match without a public CA: the words say DANE senders deliver', async () => {
    // A trial found "senders that verify (MTA-STS enforce, DANE) will not deliver" said of a
    // domain whose TLSA records matched.
    const { result, json } = await runLab(lab, 'dane-ok.lab.test', {
      probe: { ...labSpecProbe(lab), caPems: [] },
    });
    expect(json.verdict.status).toBe('certificate-invalid');
    expect(json.verdict.senders.dane.outcome).toBe('deliver-tls');
    const words = domainVerdictWords(result);
    expect(words.summary).toMatch(/DANE senders deliver: the TLSA records match\./);
    expect(words.summary).not.toMatch(/DANE\) will not deliver/);
    expect(words.fix).toMatch(/publicly trusted CA/);
  });

  it('DANE-EE mismatch: the DANE sender defers, exit as policy failure', async () => {
    const { json } = await runLab(lab, 'dane-bad.lab.test');
    expect(json.policy.dane.matched).toBe(false);
    expect(json.verdict.senders.dane).toMatchObject({ outcome: 'defer', reason: 'dane-mismatch' });
    expect(json.verdict.senders.verifiedTls.outcome).toBe('deliver-tls');
    expect(json.verdict.status).toBe('policy-failure');
    expect(json.verdict.fix).toContain('IN TLSA 3 1 1');
  });

  it('the MX walk: first MX fails DANE, the second passes', async () => {
    const { json } = await runLab(lab, 'dane-walk.lab.test');
    expect(json.verdict.senders.dane).toMatchObject({
      outcome: 'deliver-tls',
      mx: 'mx1.lab.test',
      skipped: ['mx2.lab.test'],
    });
  });

  it('DANE-TA matching the intermediate the server sends (depth 1)', async () => {
    const { json } = await runLab(lab, 'dane-ta.lab.test');
    expect(json.policy.mx[0]?.dane.addresses[0]?.matched).toMatchObject({
      depth: 1,
      taCheck: 'ok',
    });
    expect(json.verdict.senders.dane.outcome).toBe('deliver-tls');
    expect(json.policy.dane.problems.map((p) => p.code)).not.toContain('dane-rollover');
  });

  it('DANE-TA naming a CA the server does not send', async () => {
    const leafOnly = await runLab(lab, 'dane-ta-leaf.lab.test');
    expect(leafOnly.json.verdict.senders.dane.outcome).toBe('defer');
    const root = await runLab(lab, 'dane-ta-root.lab.test');
    expect(root.json.policy.dane.problems).toContainEqual(
      expect.objectContaining({
        code: 'dane-ta-absent',
        ca: expect.stringContaining('smtpscope Test Root CA'),
      }),
    );
  });

  it('usages 0/1 only: unusable for SMTP, TLS still required', async () => {
    const { json } = await runLab(lab, 'dane-pkix.lab.test');
    expect(json.policy.mx[0]?.dane.applies).toBe('unusable-only');
    expect(json.policy.dane.problems.map((p) => p.code)).toContain('dane-unusable');
    expect(json.verdict.senders.dane).toMatchObject({
      outcome: 'deliver-tls',
      reason: 'dane-unusable-only',
    });
  });

  it('insecure TLSA: DANE does not apply', async () => {
    const { json } = await runLab(lab, 'dane-insecure.lab.test');
    expect(json.policy.mx[0]?.dane.applies).toBe('not-applicable');
    expect(json.policy.dane.secure).toBe(false);
    expect(json.verdict.senders.dane).toMatchObject({
      outcome: 'deliver-tls',
      reason: 'dane-not-applicable',
    });
  });

  it('insecure addresses: no TLSA lookup', async () => {
    const { json } = await runLab(lab, 'dane-noaddr-sec.lab.test');
    expect(json.policy.mx[0]?.dane.tlsa).toBeNull();
    expect(json.policy.dane.secure).toBeNull();
    expect(lab.dns.count(`_${lab.port}._tcp.mx11.lab.test`, 'TLSA')).toBe(0);
  });

  it('bogus TLSA: the DANE sender defers', async () => {
    const { json } = await runLab(lab, 'dane-bogus.lab.test');
    expect(json.policy.mx[0]?.dane.tlsa?.dnssec).toBe('bogus');
    expect(json.verdict.senders.dane).toMatchObject({
      outcome: 'defer',
      reason: 'dane-dns-failed',
    });
    expect(json.verdict.status).toBe('policy-failure');
  });

  it('TLSA reached through a CNAME', async () => {
    const { json } = await runLab(lab, 'dane-cname.lab.test');
    expect(json.policy.mx[0]?.dane.addresses[0]?.matched).toMatchObject({ depth: 0 });
  });

  it('a pre-published next key makes the rollover ready', async () => {
    const { json } = await runLab(lab, 'dane-roll.lab.test');
    expect(json.policy.dane.matched).toBe(true);
    expect(json.policy.dane.problems.map((p) => p.code)).not.toContain('dane-rollover');
  });
});

describe('TLS-RPT', () => {
  it('malformed rua', async () => {
    const { json } = await runLab(lab, 'rpt-bad.lab.test');
    expect(json.policy.tlsRpt.problems.map((p) => p.code)).toEqual(['tlsrpt-syntax']);
  });
});

describe('--resolver for a host run', () => {
  it("the probe's own A lookup asks the given resolver", async () => {
    const { Probe } = await import('../../src/probe/engine.js');
    const before = lab.dns.count('mx3.lab.test', 'A');
    const p = new Probe({
      host: 'mx3.lab.test',
      port: lab.port,
      tlsMode: 'starttls',
      ehloName: 'client.lab.test',
      timeoutMs: 3000,
      resolver: [lab.dns.address],
    });
    const r = await p.run();
    expect(r.facts.address).toBe(NO_TLS);
    expect(lab.dns.count('mx3.lab.test', 'A')).toBeGreaterThan(before);
  });
});

describe('MX failures', () => {
  it('no such domain: every sender gives up, unreachable', async () => {
    const { json } = await runLab(lab, 'nothing-here.lab.test');
    expect(json.verdict.status).toBe('unreachable');
    expect(new Set(Object.values(senders(json)))).toEqual(new Set(['drop']));
    expect(json.policy.problems[0]?.message).toContain('NXDOMAIN');
  });
  it('a bogus MX RRset: nothing probed, every sender defers', async () => {
    const { json } = await runLab(lab, 'bogus-mx.lab.test');
    expect(json.probes).toEqual([]);
    expect(json.policy.mxDnssec).toBe('bogus');
    expect(new Set(Object.values(senders(json)))).toEqual(new Set(['defer']));
  });
  it('an MX that names no host is skipped and reported, escaped', async () => {
    const { json } = await runLab(lab, 'badname.lab.test');
    expect(json.policy.problems).toContainEqual(
      expect.objectContaining({ code: 'mx-invalid-name', host: 'bad\\x1bname.lab.test' }),
    );
    expect(json.policy.mx.map((m) => m.host)).toEqual(['mx1.lab.test']);
  });
});

describe('the TUI policy stage (a mail domain, before the MX is picked)', () => {
  const policyOf = async (domain: string) => {
    const { tuiPolicy } = await import('../../src/cli/tui-policy.js');
    return tuiPolicy(
      domain,
      { ...labSpec(lab, domain).probe, host: domain },
      { SMTPSCOPE_TEST_MTA_STS_ADDR: lab.https.addr },
    );
  };

  it('lists the MX hosts by preference with their addresses', async () => {
    const p = await policyOf('order.lab.test');
    expect(p.kind).toBe('mx');
    // Equal preferences come in random order (RFC 5321 §5.1), next to each other.
    expect(p.mx.map((m) => m.preference)).toEqual([10, 20, 20, 30]);
    expect(p.mx.map((m) => m.name)[0]).toBe('mx1.lab.test');
    expect(new Set(p.mx.slice(1, 3).map((m) => m.name))).toEqual(
      new Set(['mx4.lab.test', 'mx6.lab.test']),
    );
    expect(p.mx[3]?.name).toBe('mx3.lab.test');
    expect(p.mx.every((m) => m.addresses.length > 0)).toBe(true);
    expect(p.lines[0]).toBe('MTA-STS: none published');
  });

  it('names the MTA-STS policy, the null MX and the implicit MX', async () => {
    expect((await policyOf('sts-ok.lab.test')).lines[0]).toMatch(
      /^MTA-STS: enforce, mx \*\.lab\.test/,
    );
    expect((await policyOf('null.lab.test')).kind).toBe('null-mx');
    const implicit = await policyOf('implicit.lab.test');
    expect(implicit.kind).toBe('implicit');
    expect(implicit.mx.map((m) => m.name)).toEqual(['implicit.lab.test']);
  });

  it('says what the policy alone finds: an MX outside the enforced MTA-STS policy', async () => {
    const p = await policyOf('sts-bad.lab.test');
    expect(p.lines.some((l) => /matches no mx pattern/.test(l))).toBe(true);
  });

  it("judges the domain with the session's one MX probe, as --json would", async () => {
    const p = await policyOf('dane-bad.lab.test');
    const { result } = await runLab(lab, 'dane-bad.lab.test');
    const probe = result.probes[0];
    if (!probe || !p.judge) throw new Error('no probe or no judge');
    const v = p.judge(probe);
    expect(v).toMatchObject({ status: 'policy-failure', exitCode: 9 });
    expect(v.lines[0]).toBe(
      'Domain dane-bad.lab.test with this MX: policy-failure (dane-mismatch)',
    );
    expect(v.lines.some((l) => /DANE.*defer/i.test(l))).toBe(true);
    // The short form for a narrow screen: the verdict, every sender in one line, the fix.
    expect(v.brief).toEqual([
      v.lines[0],
      expect.stringMatching(/^Senders: .*DANE defers/),
      expect.stringMatching(/^Fix: Publish TLSA records/),
    ]);
  });

  it('escapes what DNS sent for the screen, and keeps the name to connect to', async () => {
    const p = await policyOf('badname.lab.test');
    expect(p.lines.some((l) => l.includes('bad\\x1bname.lab.test'))).toBe(true);
    expect(p.lines.join('')).not.toContain('\u001b');
  });
});
