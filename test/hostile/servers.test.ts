// Misbehaving servers (issue #4): every case ends with a classified verdict naming what the
// server did, within its step timeout plus one second, with nothing raw in any output.
/* eslint-disable no-control-regex -- finding control characters is what this file is for */
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/smtp-server.js';
import type { HostileMode, TestServer } from '../support/smtp-server.js';
import { getTestPki } from '../support/pki.js';
import { probe } from '../support/probe.js';
import { dhParamsPem } from '../support/dh.js';
import { renderJson } from '../../src/report/json.js';
import { renderPlain } from '../../src/report/plain.js';
import type { JsonReport as SessionResult } from '../../src/report/json.js';
import type { JudgedProbe } from '../../src/model/index.js';

const TIMEOUT = 1000;
let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** No C0/C1 control (other than the report's own newlines) and no bidi override, anywhere. */
export function assertNoRawControls(text: string): void {
  const bad =
    /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.exec(
      text,
    );
  expect(bad ? `U+${bad[0].codePointAt(0)?.toString(16)} at ${bad.index}` : null).toBeNull();
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) strings(v, out);
  return out;
}

function checkOutputs(result: JudgedProbe): void {
  assertNoRawControls(renderPlain(result));
  const json = renderJson(result);
  // JSON.stringify would hide a raw control as \u001b: check every decoded string instead.
  for (const s of strings(JSON.parse(json))) assertNoRawControls(s);
}

async function hostile(mode: HostileMode): Promise<{ result: SessionResult; ms: number }> {
  const c = getTestPki().cases.valid;
  server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem }, hostile: mode });
  const start = performance.now();
  const { result, judged } = await probe(server.port, { timeoutMs: TIMEOUT });
  const ms = performance.now() - start;
  checkOutputs(judged);
  return { result, ms };
}

const cases: [HostileMode, string, string[]][] = [
  ['tarpit', 'smtp-error', ['banner-timeout']],
  ['drip', 'smtp-error', ['banner-timeout']],
  ['banner-421', 'smtp-error', ['banner-421']],
  ['endless-continuation', 'smtp-error', ['reply-too-large']],
  // A 5 MiB line without LF: too large as soon as it passes the 64 KiB reply cap (README).
  ['huge-line', 'smtp-error', ['reply-too-large']],
  ['bad-code', 'smtp-error', ['malformed-reply']],
  // The final line decides (RFC 5321 §4.2.1): EHLO refused with 550, then HELO, which has no
  // extensions: no STARTTLS.
  ['code-change', 'tls-not-offered', ['starttls-not-advertised']],
  ['helo-multiline', 'tls-not-offered', ['starttls-not-advertised']],
  ['starttls-code-change', 'starttls-rejected', ['starttls-454']],
  ['bare-lf', 'ok', []],
  ['inject-before-ehlo', 'ok', []],
  ['close-at-banner', 'smtp-error', ['connection-closed']],
  ['close-at-ehlo', 'smtp-error', ['connection-closed']],
  // No reply to STARTTLS: the SMTP dialogue failed at that stage; no handshake was attempted.
  ['close-at-starttls', 'smtp-error', ['connection-closed']],
  ['silent-starttls', 'smtp-error', ['starttls-timeout']],
  ['reset-at-banner', 'smtp-error', ['connection-reset']],
  ['reset-at-ehlo', 'smtp-error', ['connection-reset']],
  ['reset-at-starttls', 'smtp-error', ['connection-reset']],
  ['close-in-tls', 'smtp-error', ['connection-closed']],
  ['reset-in-tls', 'smtp-error', ['connection-reset']],
  ['rst-after-220', 'tls-failed', ['connection-reset']],
  ['garbage-tls', 'tls-failed', ['other']],
  ['stall-after-serverhello', 'tls-failed', ['handshake-timeout']],
];

describe('hostile servers get a classified verdict within timeout + 1 s', () => {
  for (const [mode, status, reasons] of cases) {
    it(`${mode} → ${status} (${reasons.join(', ')})`, async () => {
      const { result, ms } = await hostile(mode);
      expect(result.verdict.status).toBe(status);
      expect(result.verdict.reasons).toEqual(reasons);
      expect(ms).toBeLessThan(TIMEOUT + 1000);
    });
  }

  it('a STARTTLS never answered is an SMTP timeout at that stage, with rounded times', async () => {
    const { result } = await hostile('silent-starttls');
    expect(result.verdict.summary).toMatch(
      /did not answer it: no complete starttls reply within \d+ ms\./,
    );
    expect(result.verdict.summary).not.toMatch(/handshake failed|STARTTLS was accepted/);
    expect(result.tlsFailure).toBeNull();
    expect(result.steps.find((st) => st.name === 'tls')?.detail).toBe('not reached');
  });

  it('escape sequences in banner and EHLO are shown escaped, never raw', async () => {
    const { result } = await hostile('escape-banner');
    const text = result.transcript.map((e) => e.text).join('\n');
    expect(text).toContain('\\x1b[2J');
    expect(text).toContain('\\x1b]52;c;');
    expect(text).toContain('\\u202e');
    expect(text).toContain('\\xff');
  });

  it('a second greeting is noted as such', async () => {
    const { result } = await hostile('early-talker');
    expect(result.findings).toContainEqual({ code: 'multiple-greetings', count: 2 });
    expect(result.notes.join(' ')).toMatch(/more than one greeting/i);
  });

  it('a 250 before EHLO is a reply nobody asked for, not a greeting', async () => {
    const { result } = await hostile('inject-before-ehlo');
    expect(result.findings.map((f) => f.code)).toEqual(['unsolicited-replies']);
    expect(result.notes.join(' ')).toMatch(/nobody asked for before "EHLO".*injection/);
  });

  it('after a HELO fallback no STARTTLS is sent, whatever the HELO reply lists', async () => {
    const { result } = await hostile('helo-multiline');
    expect(server?.received).toEqual(['EHLO client.lab.test', 'HELO client.lab.test', 'QUIT']);
    expect(result.heloFallback).toBe(true);
    expect(result.starttls.offered).toBe(false);
    expect(result.verdict.summary).toMatch(/only HELO worked; HELO has no extensions/);
  });

  it('a STARTTLS reply that changes code is decided by its final line, and noted', async () => {
    const { result } = await hostile('starttls-code-change');
    expect(result.starttls.reply?.code).toBe(454);
    expect(result.tlsFailure).toBeNull();
    expect(result.findings).toContainEqual({
      code: 'inconsistent-reply-codes',
      after: 'STARTTLS',
      final: 454,
    });
  });

  it('bare LF line ends are accepted and noted once', async () => {
    const { result } = await hostile('bare-lf');
    expect(result.findings.filter((f) => f.code === 'bare-lf')).toEqual([
      { code: 'bare-lf', after: 'greeting' },
    ]);
  });

  it('replies nobody asked for are noted and do not desynchronise the session', async () => {
    const { result } = await hostile('unsolicited');
    expect(result.notes.join(' ')).toMatch(/nobody asked for/);
  });

  it('bytes injected after the 220 to STARTTLS are discarded and flagged', async () => {
    const { result } = await hostile('inject-after-starttls');
    expect(result.notes.join(' ')).toMatch(/CVE-2011-0411/);
    expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
  });
});

describe('hostile line ends and separators (issue #10): decided on the bytes', () => {
  it('CR CR LF endings: STARTTLS is offered and TLS is made, as Postfix would', async () => {
    const { result } = await hostile('cr-cr-lf');
    expect(result.verdict.status).toBe('ok');
    expect(result.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
    expect(result.ehlo.before?.extensions.SIZE).toEqual(['10240000']);
    // The person still sees the extra CR.
    expect(result.transcript.map((e) => e.text)).toContain('250 STARTTLS\\x0d');
  });

  it('a tab after a keyword or before its parameter is a separator', async () => {
    const { result } = await hostile('tab-ehlo');
    expect(result.verdict.status).toBe('ok');
    expect(result.ehlo.before?.extensions.SIZE).toEqual(['10240000']);
  });

  it('a line of exactly 8192 bytes of text is not reported as cut', async () => {
    const { result } = await hostile('line-at-cap');
    expect(result.verdict.status).toBe('ok');
    expect(result.transcript.map((e) => e.text).join('\n')).not.toContain('cut at the cap');
  });
});

describe('what senders will not walk or accept', () => {
  it('a 50-certificate chain is flagged for the senders whose verifiers stop short', async () => {
    const c = getTestPki().cases.longChain;
    server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
    const { result } = await probe(server.port, { timeoutMs: 5000 });
    expect(result.findings).toContainEqual({
      code: 'chain-too-long',
      certificates: 50,
      failing: ['postfix', 'gnutls'],
    });
    expect(result.notes.join(' ')).toMatch(/Postfix \(smtp_tls_scert_verifydepth = 9\)/);
  });

  it('a certificate message over 100 KiB: the fix names the size, not the port', async () => {
    const big = getTestPki().cases.bigCert;
    const long = getTestPki().cases.longChain;
    const cert = big.chainPem + big.chainPem + long.chainPem;
    server = await startTestServer({ tls: { key: big.keyPem, cert } });
    const { result } = await probe(server.port, { timeoutMs: 5000 });
    expect(result.verdict).toMatchObject({ status: 'tls-failed', reasons: ['other'] });
    expect(result.verdict.summary).toMatch(/larger than OpenSSL clients accept: 100 KiB/);
    expect(result.verdict.fix).toMatch(/^Send a smaller certificate chain/);
  });

  it('a 1024-bit DHE key exchange is a finding (Logjam)', async () => {
    const c = getTestPki().cases.valid;
    server = await startTestServer({
      tls: {
        key: c.keyPem,
        cert: c.chainPem,
        maxVersion: 'TLSv1.2',
        ciphers: 'DHE-RSA-AES128-GCM-SHA256@SECLEVEL=0',
        dhparam: dhParamsPem('modp2'),
      },
    });
    const { result } = await probe(server.port, { timeoutMs: 5000 });
    expect(result.tls?.keyExchangeGroup).toMatchObject({ type: 'DH', bits: 1024 });
    expect(result.findings).toContainEqual({ code: 'weak-dhe', bits: 1024 });
  });
});

describe('hostile certificates', () => {
  for (const name of ['hostile', 'bigCert', 'longChain'] as const) {
    it(`${name}: analysed, escaped, bounded`, async () => {
      const c = getTestPki().cases[name];
      server = await startTestServer({ tls: { key: c.keyPem, cert: c.chainPem } });
      const { result, judged } = await probe(server.port, { timeoutMs: 5000 });
      checkOutputs(judged);
      expect(result.tls).not.toBeNull();
      expect(result.certificate?.chain.length).toBeGreaterThan(0);
      if (name === 'longChain') expect(result.certificate?.chain.length).toBe(50);
      if (name === 'hostile')
        expect(result.certificate?.chain[0]?.subject).toMatch(/\\x1b|\\u202e/);
    });
  }
});
