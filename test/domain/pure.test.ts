// Pure judgments of a domain run: MX ordering, MTA-STS record/policy parsing and MX matching,
// TLS-RPT parsing, sender outcomes. Tables, then fast-check properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mxList } from '../../src/policy/mx.js';
import { stsPatternMatches } from '../../src/policy/mta-sts-match.js';
import { parseStsTxt } from '../../src/policy/mta-sts-txt.js';
import { parseStsPolicy } from '../../src/policy/mta-sts-policy.js';
import { parseTlsRpt } from '../../src/policy/tls-rpt.js';
import { daneApplies, tlsaUse } from '../../src/policy/dane.js';
import { addressJudgement, domainJudgement, tlsState } from '../../src/policy/senders.js';
import type { MxView, StsView, TlsState } from '../../src/policy/senders.js';
import { SENDER_KINDS } from '../../src/model/domain.js';
import { facts, failed } from '../support/facts.js';

describe('mxList', () => {
  it('sorts by preference; equal preferences stay together', () => {
    const l = mxList(
      'd.test',
      [
        { preference: 20, exchange: 'b.d.test.' },
        { preference: 10, exchange: 'A.d.test' },
        { preference: 20, exchange: 'c.d.test' },
      ],
      () => 0.99,
    );
    expect(l.kind).toBe('mx');
    if (l.kind !== 'null-mx')
      expect(l.hosts.map((h) => h.host)).toEqual(['a.d.test', 'b.d.test', 'c.d.test']);
  });
  it.each([
    [[], 'implicit'],
    [[{ preference: 0, exchange: '.' }], 'null-mx'],
    [[{ preference: 0, exchange: '' }], 'null-mx'],
    [
      [
        { preference: 0, exchange: '.' },
        { preference: 10, exchange: 'mx.d.test' },
      ],
      'mx',
    ],
  ])('%j → %s', (records, kind) => {
    const l = mxList('d.test', records);
    expect(l.kind).toBe(kind);
    if (records.length === 2) expect(l.problems.map((p) => p.code)).toEqual(['null-mx-mixed']);
  });
  it('caps at 10 hosts and says so', () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      preference: i,
      exchange: `mx${i}.d.test`,
    }));
    const l = mxList('d.test', many);
    expect(l.kind === 'mx' && l.hosts.length).toBe(10);
    expect(l.problems).toEqual([{ code: 'mx-truncated', count: 12 }]);
  });
  it('property: the order is non-decreasing in preference and keeps every host once', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            preference: fc.integer({ min: 0, max: 5 }),
            exchange: fc.constantFrom('a.t', 'b.t', 'c.t', 'd.t', 'e.t'),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (records, r) => {
          const l = mxList('x.t', records, () => r);
          if (l.kind === 'null-mx') return;
          const prefs = l.hosts.map((h) => h.preference);
          expect([...prefs].sort((a, b) => a - b)).toEqual(prefs);
          expect(new Set(l.hosts.map((h) => h.host)).size).toBe(l.hosts.length);
        },
      ),
    );
  });
});

describe('MTA-STS MX patterns (RFC 8461 §4.1)', () => {
  it.each([
    ['mx.example.com', 'mx.example.com', true],
    ['mx.example.com', 'MX.Example.COM.', true],
    ['mx.example.com.', 'mx.example.com', true],
    ['*.example.com', 'mx.example.com', true],
    ['*.example.com', 'a.b.example.com', false],
    ['*.example.com', 'example.com', false],
    ['*.example.com', 'mxexample.com', false],
    ['*.com', 'mx.example.com', false],
    ['mx.example.com', 'mx2.example.com', false],
  ])('%s vs %s → %s', (p, h, want) => expect(stsPatternMatches(p, h)).toBe(want));
  it('property: a wildcard matches exactly one more label', () => {
    const label = fc.stringMatching(/^[a-z0-9]{1,10}$/);
    fc.assert(
      fc.property(fc.array(label, { minLength: 1, maxLength: 3 }), label, label, (base, l1, l2) => {
        const domain = base.join('.');
        expect(stsPatternMatches(`*.${domain}`, `${l1}.${domain}`)).toBe(true);
        expect(stsPatternMatches(`*.${domain}`, `${l2}.${l1}.${domain}`)).toBe(false);
        expect(stsPatternMatches(domain, domain.toUpperCase())).toBe(true);
      }),
    );
  });
});

describe('MTA-STS TXT (RFC 8461 §3.1)', () => {
  it.each([
    [['v=STSv1; id=20160831085700Z;'], null],
    [['v=STSv1;id=abc'], null],
    [['v=STSv1; id=abc; ext=val'], null],
    [['v=spf1 -all'], 'none'],
    [['v=STSv1; id=1', 'v=STSv1; id=2'], 'sts-txt-several'],
    [['v=STSv1;'], 'sts-txt-syntax'],
    [['v=STSv1; id=has-dash'], 'sts-txt-syntax'],
    [[`v=STSv1; id=${'a'.repeat(33)}`], 'sts-txt-syntax'],
    [['v=STSv1; id=1; id=2'], 'sts-txt-syntax'],
    [['v=STSv1; id'], 'sts-txt-syntax'],
  ])('%j → %s', (texts, problem) => {
    const r = parseStsTxt(texts);
    if (problem === null) expect(r.record).not.toBeNull();
    else if (problem === 'none') expect(r).toEqual({ record: null, problems: [], count: 0 });
    else expect(r.problems.map((p) => p.code)).toEqual([problem]);
  });
  it('keeps unknown fields', () => {
    expect(parseStsTxt(['v=STSv1; id=1; foo=bar']).record?.unknown).toEqual(['foo']);
  });
  it('property: never throws, and escapes what it keeps', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.string({ unit: 'binary', maxLength: 80 }).map((s) => `v=STSv1; ${s}`),
          { maxLength: 3 },
        ),
        (texts) => {
          const r = parseStsTxt(texts);
          const shown = (r.record?.fields ?? []).map((f) => `${f.key}${f.value}`).join('');
          expect(
            [...shown].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f),
          ).toBe(false);
        },
      ),
    );
  });
});

describe('MTA-STS policy (RFC 8461 §3.2)', () => {
  it('LF and CRLF both parse', () => {
    for (const nl of ['\n', '\r\n']) {
      const r = parseStsPolicy(
        ['version: STSv1', 'mode: testing', 'mx: a.t', 'mx: *.b.t', 'max_age: 0', ''].join(nl),
      );
      expect(r.policy).toEqual({
        version: 'STSv1',
        mode: 'testing',
        mx: ['a.t', '*.b.t'],
        maxAge: 0,
        extensions: {},
      });
    }
  });
  it.each([
    ['version: STSv2\nmode: enforce\nmx: a.t\nmax_age: 1\n', 1, 'version'],
    ['version: STSv1\nmode: enforced\nmx: a.t\nmax_age: 1\n', 2, 'mode'],
    ['version: STSv1\nmode: enforce\nmx: a..t\nmax_age: 1\n', 3, 'mx'],
    ['version: STSv1\nmode: enforce\nmx: a.t\nmax_age: 31557601\n', 4, 'max_age'],
    ['version: STSv1\nmode: enforce\nmx: a.t\nmax_age: -1\n', 4, 'max_age'],
    ['version: STSv1\nmode: enforce\nmax_age: 1\n', 0, 'mx'],
    ['version: STSv1\njunk line\nmode: none\nmax_age: 1\n', 2, null],
    ['mode: none\nmax_age: 1\n', 0, 'version'],
    ['version: STSv1\nmode: none\nmode: none\nmax_age: 1\n', 3, 'mode'],
  ])('%j: line %i, key %s', (body, line, key) => {
    const r = parseStsPolicy(body);
    expect(r.policy).toBeNull();
    expect(r.problems).toContainEqual(
      expect.objectContaining({ code: 'sts-policy-syntax', line, key }),
    );
  });
  it('mode none needs no mx; unknown keys are listed and kept', () => {
    const r = parseStsPolicy('version: STSv1\nmode: none\nmax_age: 1\nx-new: 1\n');
    expect(r.policy?.mode).toBe('none');
    expect(r.policy?.extensions).toEqual({ 'x-new': '1' });
    expect(r.problems).toEqual([{ code: 'sts-policy-unknown-keys', keys: ['x-new'] }]);
  });
  it('property: never throws on hostile bodies; errors name a line within the body', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (body) => {
        const r = parseStsPolicy(body);
        const lines = body.split('\n').length;
        for (const p of r.problems)
          if (p.code === 'sts-policy-syntax') expect(p.line).toBeLessThanOrEqual(lines);
      }),
    );
  });
});

describe('TLS-RPT (RFC 8460 §3)', () => {
  it.each([
    [['v=TLSRPTv1; rua=mailto:a@b.t'], [], ['mailto:a@b.t']],
    [['v=TLSRPTv1;rua=mailto:a@b.t,https://r.b.t/x'], [], ['mailto:a@b.t', 'https://r.b.t/x']],
    [['v=TLSRPTv1'], ['tlsrpt-syntax'], []],
    [['v=TLSRPTv1; rua=ftp://x'], ['tlsrpt-syntax'], []],
    [['v=TLSRPTv1; rua=mailto:nobody'], ['tlsrpt-syntax'], []],
    [['v=TLSRPTv1; rua=mailto:a@b.t', 'v=TLSRPTv1; rua=mailto:c@d.t'], ['tlsrpt-several'], []],
    [['something else'], [], []],
  ])('%j', (texts, problems, rua) => {
    const r = parseTlsRpt(texts);
    expect(r.problems.map((p) => p.code)).toEqual(problems);
    expect(r.rua).toEqual(rua);
  });
});

describe('TLSA use and DANE applicability', () => {
  it.each([
    [{ usage: 0, selector: 1, matchingType: 1 }, 'unusable-usage'],
    [{ usage: 1, selector: 1, matchingType: 1 }, 'unusable-usage'],
    [{ usage: 2, selector: 1, matchingType: 1 }, 'usable'],
    [{ usage: 3, selector: 0, matchingType: 0 }, 'usable'],
    [{ usage: 3, selector: 2, matchingType: 1 }, 'unusable-selector'],
    [{ usage: 3, selector: 1, matchingType: 3 }, 'unusable-matching'],
  ])('%j → %s', (r, use) => expect(tlsaUse({ ...r, data: '00' })).toBe(use));
  const rec = { usage: 3, selector: 1, matchingType: 1, data: '00' };
  it.each([
    ['insecure', null, 'not-applicable'],
    ['bogus', null, 'dns-failed'],
    ['secure', { name: 't', state: 'insecure', records: [rec] }, 'not-applicable'],
    ['secure', { name: 't', state: 'secure', records: [] }, 'not-applicable'],
    ['secure', { name: 't', state: 'bogus', records: [] }, 'dns-failed'],
    ['secure', { name: 't', state: 'secure', records: [{ ...rec, usage: 1 }] }, 'unusable-only'],
    ['secure', { name: 't', state: 'secure', records: [rec] }, 'applies'],
  ] as const)('addresses %s, TLSA %j → %s', (addr, tlsa, kind) => {
    expect(daneApplies(addr, tlsa ? { ...tlsa, records: [...tlsa.records] } : null).kind).toBe(
      kind,
    );
  });
});

describe('senders', () => {
  const mx = (over: Partial<MxView> = {}): MxView => ({
    host: 'mx.t',
    stsListed: null,
    dane: { kind: 'not-applicable', why: 'no-tlsa' },
    addresses: [{ state: 'tls-verified', dane: null }],
    ...over,
  });
  const none: StsView = { kind: 'none' };
  it.each([
    ['no-tls', ['deliver-plaintext', 'drop', 'defer', 'deliver-plaintext', 'deliver-plaintext']],
    [
      'tls-broken',
      ['deliver-plaintext', 'drop', 'defer', 'deliver-plaintext', 'deliver-plaintext'],
    ],
    ['tls-unverified', ['deliver-tls', 'deliver-tls', 'defer', 'deliver-tls', 'deliver-tls']],
    ['tls-verified', ['deliver-tls', 'deliver-tls', 'deliver-tls', 'deliver-tls', 'deliver-tls']],
    ['temporary', ['defer', 'defer', 'defer', 'defer', 'defer']],
    [
      'untested',
      ['not-applicable', 'not-applicable', 'not-applicable', 'not-applicable', 'not-applicable'],
    ],
  ] as [TlsState, string[]][])('no policy, %s', (state, outcomes) => {
    const m = mx({ addresses: [{ state, dane: null }] });
    expect(SENDER_KINDS.map((k) => addressJudgement(k, m, m.addresses[0]!, none).outcome)).toEqual(
      outcomes,
    );
  });
  it.each([
    [true, 'tls-verified', 'deliver-tls'],
    [true, 'tls-unverified', 'defer'],
    [true, 'no-tls', 'defer'],
    [false, 'tls-verified', 'defer'],
  ] as [boolean, TlsState, string][])(
    'MTA-STS enforce, listed %s, %s → %s',
    (listed, state, outcome) => {
      const m = mx({ stsListed: listed, addresses: [{ state, dane: null }] });
      expect(
        addressJudgement('mtaSts', m, m.addresses[0]!, { kind: 'policy', mode: 'enforce' }).outcome,
      ).toBe(outcome);
    },
  );
  it('the MX walk: the first MX that delivers wins, earlier ones are named', () => {
    const bad = mx({
      host: 'a.t',
      dane: { kind: 'applies', usable: [] },
      addresses: [{ state: 'tls-verified', dane: { records: [], matched: null } }],
    });
    const good = mx({ host: 'b.t' });
    expect(domainJudgement('dane', [bad, good], none)).toMatchObject({
      outcome: 'deliver-tls',
      mx: 'b.t',
      skipped: ['a.t'],
    });
    expect(domainJudgement('dane', [bad], none)).toMatchObject({
      outcome: 'defer',
      reason: 'dane-mismatch',
    });
    expect(domainJudgement('opportunistic', [], none).outcome).toBe('defer');
  });
  it('property: a deferral anywhere never beats a later MX that delivers', () => {
    const state = fc.constantFrom<TlsState>(
      'temporary',
      'no-tls',
      'tls-broken',
      'tls-unverified',
      'tls-verified',
    );
    fc.assert(
      fc.property(
        fc.array(state, { minLength: 1, maxLength: 5 }),
        fc.constantFrom(...SENDER_KINDS),
        (states, kind) => {
          const mxs = states.map((s, i) =>
            mx({ host: `m${i}.t`, addresses: [{ state: s, dane: null }] }),
          );
          const per = mxs.map((m) => addressJudgement(kind, m, m.addresses[0]!, none).outcome);
          const d = domainJudgement(kind, mxs, none);
          const delivering = per.findIndex((o) => o.startsWith('deliver'));
          if (delivering >= 0) expect(d.mx).toBe(`m${delivering}.t`);
          else expect(['defer', 'drop']).toContain(d.outcome);
        },
      ),
    );
  });
  it('tlsState from facts', () => {
    expect(tlsState(facts())).toBe('tls-verified');
    expect(tlsState(failed({ stage: 'ehlo', kind: 'not-offered', afterTls: false }))).toBe(
      'no-tls',
    );
    expect(tlsState(failed({ stage: 'banner', kind: 'rejected', afterTls: false }))).toBe(
      'temporary',
    );
    expect(tlsState(failed({ stage: 'connect', kind: 'refused', afterTls: false }))).toBe(
      'temporary',
    );
  });
});
