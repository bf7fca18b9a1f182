// TLSA records against real chains from the test PKI (RFC 6698 §2.1, RFC 7672 §3): every
// selector and matching type, DANE-EE ignoring names and dates, DANE-TA checking both, and a
// property: a DANE-EE record matches exactly when its data is the leaf's digest.
import { X509Certificate, createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { matchChain, publishAdvice } from '../../src/policy/dane.js';
import { verifyChain } from '../../src/tls/chain-verify.js';
import { buildTrustStore } from '../../src/tls/trust-store.js';
import { splitPem } from '../../src/tls/trust-store.js';
import type { CertificateInfo } from '../../src/model/tls.js';
import { getTestPki } from '../support/pki.js';

const now = new Date();
function chainOf(pem: string): CertificateInfo[] {
  const certs = splitPem(pem).map((p) => new X509Certificate(p));
  return verifyChain(certs, buildTrustStore([getTestPki().rootPem]), 'mx.lab.test', now).chain;
}
const der = (pem: string, selector: 0 | 1): Buffer => {
  const c = new X509Certificate(pem);
  return selector === 0 ? c.raw : c.publicKey.export({ type: 'spki', format: 'der' });
};
const digest = (data: Buffer, mt: 0 | 1 | 2): string =>
  mt === 0
    ? data.toString('hex')
    : createHash(mt === 1 ? 'sha256' : 'sha512')
        .update(data)
        .digest('hex');

describe('matchChain', () => {
  const pki = getTestPki();
  const valid = pki.cases.valid;
  const chain = chainOf(valid.chainPem);
  it.each([
    [0, 0],
    [0, 1],
    [0, 2],
    [1, 0],
    [1, 1],
    [1, 2],
  ] as const)('DANE-EE 3 %i %i matches the leaf at depth 0', (selector, mt) => {
    const data = digest(der(valid.certPem, selector), mt);
    const m = matchChain(
      [{ usage: 3, selector, matchingType: mt, data }],
      chain,
      ['mx.lab.test'],
      now,
    );
    expect(m.matched).toMatchObject({ depth: 0 });
  });
  it('DANE-EE ignores the name and the dates (RFC 7672 §3.1.1)', () => {
    for (const c of [pki.cases.wrongHost, pki.cases.expired]) {
      const data = digest(der(c.certPem, 1), 1);
      const m = matchChain(
        [{ usage: 3, selector: 1, matchingType: 1, data }],
        chainOf(c.chainPem),
        ['mx.lab.test'],
        now,
      );
      expect(m.matched?.depth).toBe(0);
    }
  });
  it('DANE-TA checks the leaf name and dates', () => {
    const data = digest(der(pki.intermediatePem, 1), 1);
    const rec = [{ usage: 2, selector: 1, matchingType: 1, data }];
    expect(matchChain(rec, chain, ['mx.lab.test'], now).matched).toMatchObject({
      depth: 1,
      taCheck: 'ok',
    });
    const wrong = matchChain(rec, chainOf(pki.cases.wrongHost.chainPem), ['mx.lab.test'], now);
    expect(wrong.matched).toBeNull();
    expect(wrong.records[0]).toMatchObject({ depth: 1, taCheck: 'name-mismatch' });
    const expired = matchChain(rec, chainOf(pki.cases.expired.chainPem), ['mx.lab.test'], now);
    expect(expired.records[0]).toMatchObject({ taCheck: 'expired' });
  });
  it('DANE-TA for a CA that is not sent: named when known', () => {
    const data = digest(der(pki.rootPem, 1), 1);
    const m = matchChain(
      [{ usage: 2, selector: 1, matchingType: 1, data }],
      chain,
      ['mx.lab.test'],
      now,
      [pki.rootPem],
    );
    expect(m.matched).toBeNull();
    expect(m.records[0]?.namesAbsentCa).toContain('smtpscope Test Root CA');
  });
  it('usages 0/1 never match, whatever the data', () => {
    const data = digest(der(valid.certPem, 1), 1);
    const m = matchChain(
      [0, 1].map((usage) => ({ usage, selector: 1, matchingType: 1, data })),
      chain,
      ['mx.lab.test'],
      now,
    );
    expect(m.matched).toBeNull();
    expect(m.records.map((r) => r.use)).toEqual(['unusable-usage', 'unusable-usage']);
  });
  it('the advice: 3 1 1 for the leaf, 2 1 1 for the issuer; rollover readiness', () => {
    const leafKey = digest(der(valid.certPem, 1), 1);
    const only = matchChain(
      [{ usage: 3, selector: 1, matchingType: 1, data: leafKey }],
      chain,
      [],
      now,
    );
    const advice = publishAdvice('mx.lab.test', 25, chain, only);
    expect(advice.lines).toEqual([
      `_25._tcp.mx.lab.test. IN TLSA 3 1 1 ${leafKey}`,
      `_25._tcp.mx.lab.test. IN TLSA 2 1 1 ${digest(der(pki.intermediatePem, 1), 1)}`,
    ]);
    expect(advice.rolloverReady).toBe(false);
    const two = matchChain(
      [
        { usage: 3, selector: 1, matchingType: 1, data: leafKey },
        { usage: 2, selector: 1, matchingType: 1, data: digest(der(pki.intermediatePem, 1), 1) },
      ],
      chain,
      ['mx.lab.test'],
      now,
    );
    expect(publishAdvice('mx.lab.test', 25, chain, two).rolloverReady).toBe(true);
  });
  it('property: 3 1 1 matches exactly when the data is the leaf key digest', () => {
    const leafKey = digest(der(valid.certPem, 1), 1);
    fc.assert(
      fc.property(
        fc.oneof(fc.constant(leafKey), fc.stringMatching(/^[0-9a-f]{64}$/)),
        fc.boolean(),
        (data, upper) => {
          const m = matchChain(
            [{ usage: 3, selector: 1, matchingType: 1, data: upper ? data.toUpperCase() : data }],
            chain,
            [],
            now,
          );
          expect(m.matched !== null).toBe(data === leafKey);
        },
      ),
      { numRuns: 200 },
    );
  });
});
