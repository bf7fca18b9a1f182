// Interop against a real Postfix on loopback: the CLI, exactly as a user runs it, must give the
// right verdict for each certificate set-up. Skipped, with the reason, where Postfix is absent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTestPki } from '../support/pki.js';
import type { CertCaseName } from '../support/pki.js';
import { postfixAvailable, startPostfix } from '../support/postfix.js';
import type { PostfixInstance } from '../support/postfix.js';
import { labArgs, runCli } from '../support/cli.js';

const available = postfixAvailable();
if (!available.ok) console.warn(`skipping the Postfix interop tests: ${available.reason}`);

type Case = CertCaseName | null;
interface Report {
  verdict: { status: string; reasons: string[]; fix: string };
  tls: { protocol: string };
  certificate: { trusted: boolean; chain: unknown[] };
  ehlo: {
    before: { extensions: Record<string, string[]> };
    after: { extensions: Record<string, string[]> };
  };
  starttls: { offered: boolean };
  transcript: { dir: string; text: string }[];
}
const CASES: Case[] = ['valid', null, 'expired', 'missingIntermediate', 'wrongHost', 'selfSigned'];

describe.skipIf(!available.ok)('real Postfix', () => {
  const instances = new Map<Case, PostfixInstance>();
  beforeAll(async () => {
    const pki = getTestPki();
    // Start them side by side: each takes about two seconds to come up.
    const started = await Promise.all(CASES.map((c) => startPostfix(pki, { certCase: c })));
    CASES.forEach((c, i) => instances.set(c, started[i] as PostfixInstance));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([...instances.values()].map((p) => p.stop()));
  }, 60_000);

  async function probe(
    c: Case,
    extra: string[] = [],
  ): Promise<{ code: number | null; report: Report }> {
    const port = instances.get(c)?.port;
    if (port === undefined) throw new Error(`no Postfix instance for ${c}`);
    const run = await runCli([...labArgs(port, getTestPki().rootFile, 5000), '--json', ...extra]);
    return { code: run.code, report: JSON.parse(run.stdout) as Report };
  }

  function transcriptOf(report: Report): string[] {
    return report.transcript.map((e) => `${e.dir} ${e.text}`);
  }

  it('valid chain → ok, TLS 1.3, STARTTLS gone inside TLS, exit 0', async () => {
    const { code, report } = await probe('valid');
    expect(report.verdict.status).toBe('ok');
    expect(code).toBe(0);
    expect(report.tls.protocol).toBe('TLSv1.3');
    expect(report.certificate.trusted).toBe(true);
    expect(report.certificate.chain).toHaveLength(2);
    expect(report.ehlo.before.extensions.STARTTLS).toBeDefined();
    expect(report.ehlo.after.extensions.STARTTLS).toBeUndefined();
    const t = transcriptOf(report);
    expect(t).toContain('S 220 mx.lab.test ESMTP Postfix');
    expect(t.some((l) => l.startsWith('C EHLO '))).toBe(true);
    expect(t).toContain('C STARTTLS');
    expect(t.some((l) => /^S 220 2\.0\.0 Ready to start TLS/.test(l))).toBe(true);
  });

  it('TLS 1.2 forced → ok on TLS 1.2; TLS 1.0–1.1 offered → refused, and rightly so', async () => {
    const v12 = await probe('valid', ['--tls-min', '1.2', '--tls-max', '1.2']);
    expect(v12.report.verdict.status).toBe('ok');
    expect(v12.report.tls.protocol).toBe('TLSv1.2');
    const legacy = await probe('valid', ['--tls-max', '1.1']);
    expect(legacy.report.verdict.status).toBe('tls-failed');
    expect(legacy.report.verdict.reasons).toEqual(['protocol-mismatch']);
    // Postfix 3.7 refuses what RFC 8996 deprecates: nothing for its admin to change.
    expect(legacy.report.verdict.fix).toMatch(/^Nothing to fix/);
    expect(legacy.code).toBe(7);
  });

  it('no TLS configured → tls-not-offered, exit 5', async () => {
    const { code, report } = await probe(null);
    expect(report.verdict.status).toBe('tls-not-offered');
    expect(report.starttls.offered).toBe(false);
    expect(code).toBe(5);
  });

  const bad: [CertCaseName, string][] = [
    ['expired', 'expired'],
    ['missingIntermediate', 'incomplete-chain'],
    ['wrongHost', 'hostname-mismatch'],
    ['selfSigned', 'self-signed'],
  ];
  for (const [c, reason] of bad) {
    it(`${c} → certificate-invalid (${reason}), exit 1`, async () => {
      const { code, report } = await probe(c);
      expect(report.verdict.status).toBe('certificate-invalid');
      expect(report.verdict.reasons).toContain(reason);
      expect(code).toBe(1);
      expect(transcriptOf(report)).toContain('C STARTTLS');
    });
  }
});
