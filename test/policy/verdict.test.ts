// The verdict as a pure function of facts: one case per status and reason code, and the
// precedence between them. No sockets.
import { describe, expect, it } from 'vitest';
import type { ProbeFacts, ProbeFailure, TlsFailure } from '../../src/model/index.js';
import { classify } from '../../src/policy/verdict.js';
import { escapeText } from '../../src/smtp/escape.js';
import { verdictWords } from '../../src/wording/verdict.js';
import { GOOD_CERT, facts, failed } from '../support/facts.js';

const reply = (code: number, text = 'text') => ({ code, enhanced: null, text: escapeText(text) });
const tls = (reason: TlsFailure['reason']): TlsFailure => ({
  reason,
  message: reason,
  alert: null,
  code: null,
});
type F = Partial<ProbeFailure> & Pick<ProbeFailure, 'stage' | 'kind'>;

const CASES: [string, ProbeFacts, string, string[], 'deliver' | 'drop'][] = [
  ['all good', facts(), 'ok', [], 'deliver'],
  [
    '--tls none',
    facts({ tlsMode: 'none', tls: null, certificate: null }),
    'ok',
    ['tls-not-tested'],
    'drop',
  ],
  [
    '--quit-after ehlo',
    facts({ tls: null, certificate: null, quitAfter: { flag: 'ehlo', stage: 'ehlo' } }),
    'ok',
    ['tls-not-tested'],
    'drop',
  ],
  [
    'stopped by the user before TLS',
    failed({ stage: 'banner', kind: 'stopped' }, { stoppedByUser: true }),
    'ok',
    ['tls-not-tested'],
    'drop',
  ],
  ...(
    [
      ['dns-failed', 'dns-failed'],
      ['dns-timeout', 'dns-timeout'],
      ['refused', 'connection-refused'],
      ['connect-timeout', 'connect-timeout'],
      ['network-unreachable', 'network-unreachable'],
      ['connect-failed', 'connect-failed'],
    ] as const
  ).map(([kind, reason]): [string, ProbeFacts, string, string[], 'drop'] => [
    `connect ${kind}`,
    failed({ stage: 'connect', kind }),
    'unreachable',
    [reason],
    'drop',
  ]),
  ...(
    [
      [{ stage: 'connect', kind: 'reset' }, 'connection-reset'],
      [{ stage: 'banner', kind: 'timeout' }, 'banner-timeout'],
      [{ stage: 'banner', kind: 'rejected', reply: reply(421) }, 'banner-421'],
      [{ stage: 'banner', kind: 'rejected', reply: reply(554) }, 'banner-554'],
      [{ stage: 'banner', kind: 'closed' }, 'connection-closed'],
      [{ stage: 'banner', kind: 'malformed' }, 'malformed-reply'],
      [{ stage: 'banner', kind: 'too-large' }, 'reply-too-large'],
      [{ stage: 'ehlo', kind: 'rejected', reply: reply(550) }, 'ehlo-rejected'],
      [{ stage: 'ehlo', kind: 'timeout' }, 'ehlo-timeout'],
      [{ stage: 'ehlo', kind: 'reset' }, 'connection-reset'],
      [{ stage: 'starttls', kind: 'timeout' }, 'starttls-timeout'],
      [{ stage: 'starttls', kind: 'closed' }, 'connection-closed'],
    ] as [F, string][]
  ).map(([f, reason]): [string, ProbeFacts, string, string[], 'drop'] => [
    `${f.stage} ${f.kind}`,
    failed(f),
    'smtp-error',
    [reason],
    'drop',
  ]),
  [
    'no STARTTLS',
    failed({ stage: 'starttls', kind: 'not-offered' }),
    'tls-not-offered',
    ['starttls-not-advertised'],
    'drop',
  ],
  [
    'STARTTLS 454',
    failed({ stage: 'starttls', kind: 'rejected', reply: reply(454) }),
    'starttls-rejected',
    ['starttls-454'],
    'drop',
  ],
  [
    'STARTTLS 502',
    failed({ stage: 'starttls', kind: 'rejected', reply: reply(502) }),
    'starttls-rejected',
    ['starttls-502'],
    'drop',
  ],
  ...(
    [
      'protocol-mismatch',
      'no-shared-cipher',
      'handshake-timeout',
      'connection-reset',
      'other',
    ] as const
  ).map((reason): [string, ProbeFacts, string, string[], 'drop'] => [
    `TLS ${reason}`,
    failed({ stage: 'tls', kind: 'tls', tls: tls(reason) }),
    'tls-failed',
    [reason],
    'drop',
  ]),
  ...(
    [
      'expired',
      'not-yet-valid',
      'hostname-mismatch',
      'self-signed',
      'untrusted-root',
      'incomplete-chain',
      'weak-key',
      'weak-signature',
    ] as const
  ).map((p): [string, ProbeFacts, string, string[], 'deliver'] => [
    `certificate ${p}`,
    facts({ certificate: { ...GOOD_CERT, trusted: false, problems: [p] } }),
    'certificate-invalid',
    [p],
    'deliver',
  ]),
  // Precedence.
  [
    // An independent check (issue 10) found "TLS works but the certificate fails" said of a
    // server that took mail from nobody: the broken dialogue comes first.
    'a certificate problem and then a broken EHLO inside TLS: an SMTP error, both named',
    failed(
      { stage: 'ehlo-tls', kind: 'timeout', afterTls: true },
      { certificate: { ...GOOD_CERT, problems: ['expired'] } },
    ),
    'smtp-error',
    ['ehlo-tls-timeout', 'expired'],
    'drop',
  ],
  [
    'a broken EHLO inside TLS with a good certificate',
    failed({ stage: 'ehlo-tls', kind: 'rejected', afterTls: true, reply: reply(554) }),
    'smtp-error',
    ['ehlo-tls-rejected'],
    'drop',
  ],
  [
    'a TLS failure is tested, whatever --quit-after said',
    failed(
      { stage: 'tls', kind: 'tls', tls: tls('other') },
      { quitAfter: { flag: 'tls', stage: 'certificate' } },
    ),
    'tls-failed',
    ['other'],
    'drop',
  ],
  [
    'the user stopped after TLS worked: what was seen is judged',
    failed({ stage: 'ehlo-tls', kind: 'stopped', afterTls: true }, { stoppedByUser: true }),
    'ok',
    [],
    'deliver',
  ],
];

describe('classify', () => {
  it.each(CASES)('%s', (_name, f, status, reasons, strictTls) => {
    expect(classify(f)).toEqual({ status, reasons, strictTls });
  });

  it('every case has words, and none of them is empty', () => {
    for (const [, f] of CASES) {
      const w = verdictWords(classify(f), f);
      expect(w.summary.length).toBeGreaterThan(10);
      expect(w.fix.length).toBeGreaterThan(10);
    }
  });

  it('a silent STARTTLS is not called a handshake failure', () => {
    const f = failed({ stage: 'starttls', kind: 'timeout', timeoutMs: 2999.857418 });
    const w = verdictWords(classify(f), f);
    expect(w.summary).toBe(
      'The server advertises STARTTLS but did not answer it: no complete starttls reply within 3000 ms. No TLS handshake was attempted.',
    );
  });

  it('the single-host ok says only what was checked', () => {
    const f = facts();
    const w = verdictWords(classify(f), f);
    expect(w.summary).toMatch(/MTA-STS and DANE were not checked: give the domain/);
    expect(w.summary).not.toMatch(/MTA-STS and DANE-checking senders deliver/);
    // Two sentences: the TUI showed "…senders deliver MTA-STS and DANE were not checked".
    expect(w.summary).toBe(
      'TLS works and the certificate verifies for this name: StrictTLS and verifying senders deliver. MTA-STS and DANE were not checked: give the domain.',
    );
  });

  it('a bad certificate: public-CA verifiers refuse, DANE goes by its TLSA records', () => {
    const f = facts({ certificate: { ...GOOD_CERT, trusted: false, problems: ['self-signed'] } });
    const w = verdictWords(classify(f), f);
    expect(w.summary).toMatch(
      /against public CAs \(MTA-STS enforce, verified TLS\) will not deliver/,
    );
    expect(w.summary).toMatch(/a DANE sender goes by the TLSA records instead/);
  });

  it('an MX host probed for its domain does not ask for the domain (it was given)', () => {
    const f = facts({ asMx: true });
    const w = verdictWords(classify(f), f);
    expect(w.summary).toMatch(/MTA-STS and DANE are judged with the domain's policy\.$/);
    expect(w.summary).not.toMatch(/give the domain/);
  });

  it('a silent greeting suggests --tls implicit first', () => {
    const f = failed({ stage: 'banner', kind: 'timeout', timeoutMs: 15000, partialBytes: 0 });
    const w = verdictWords(classify(f), f);
    expect(w.summary).toMatch(/implicit-TLS port/);
    expect(w.fix).toMatch(/^First try --tls implicit/);
  });

  it('a weak session names what to fix', () => {
    const f = facts({ findings: [{ code: 'legacy-protocol', protocol: 'TLSv1' }] });
    const w = verdictWords(classify(f), f);
    expect(w.summary).toMatch(/TLS 1\.0 was negotiated: deprecated since RFC 8996/);
    expect(w.fix).toMatch(/smtpd_tls_protocols = >=TLSv1\.2/);
  });

  it('a HELO fallback says why there is no STARTTLS', () => {
    const f = failed({ stage: 'starttls', kind: 'not-offered' }, { heloFallback: true });
    expect(verdictWords(classify(f), f).summary).toMatch(
      /only HELO worked; HELO has no extensions/,
    );
  });
});
