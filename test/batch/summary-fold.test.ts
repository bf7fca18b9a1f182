// The summary's fold over NDJSON lines, without sockets: a domain's reasons include why its MX
// probes failed (a batch trial counted 200 self-signed domains under no reason at all).
import { describe, expect, it } from 'vitest';
import { addLine, emptySummary } from '../../src/report/batch-summary.js';
import { renderSummaryHtml } from '../../src/report/batch-html.js';

const domainLine = (input: string, reasons: string[], probeReasons: string[][]): string =>
  JSON.stringify({
    input,
    kind: 'domain',
    verdict: { status: 'certificate-invalid', reasons, senders: {} },
    probes: probeReasons.map((r) => ({ verdict: { status: 'certificate-invalid', reasons: r } })),
  });

describe('summary reasons', () => {
  it("count a domain's probe reasons, each once per line", () => {
    const s = emptySummary();
    addLine(s, domainLine('a.test', [], [['self-signed'], ['self-signed', 'expired']]));
    addLine(s, domainLine('b.test', ['mx-lookup-failed'], []));
    addLine(s, JSON.stringify({ input: 'h', kind: 'host', verdict: { reasons: ['self-signed'] } }));
    expect(s.reasons.get('self-signed')?.count).toBe(2);
    expect(s.reasons.get('expired')?.count).toBe(1);
    expect(s.reasons.get('mx-lookup-failed')?.count).toBe(1);
  });
});

describe('summary charts', () => {
  it('draw each bar as a share of its chart, with the percentage', () => {
    const s = emptySummary();
    const host = (status: string): string =>
      JSON.stringify({ input: status, kind: 'host', verdict: { status, reasons: [] } });
    for (const st of ['ok', 'tls-failed', 'tls-failed', 'tls-failed']) addLine(s, host(st));
    const html = renderSummaryHtml(s);
    // 1 of 4 and 3 of 4 of the 360-pixel bar: not the largest drawn full length.
    expect(html).toMatch(/width="90" height="14"[^>]*\/><text[^>]*>1 \(25%\)/);
    expect(html).toMatch(/width="270" height="14"[^>]*\/><text[^>]*>3 \(75%\)/);
  });
});
