// The summary's fold over NDJSON lines, without sockets: a domain's reasons include why its MX
// probes failed (a batch trial counted 200 self-signed domains under no reason at all).
import { describe, expect, it } from 'vitest';
import { addLine, emptySummary } from '../../src/report/batch-summary.js';

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
