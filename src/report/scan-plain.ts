// `--scan --plain`: the scan as tables a person reads in a terminal. Every server-derived string
// here is a registry name or a code, except certificate subjects, which cert-info escaped.
import type { ScanResult } from '../scan/types.js';
import { SENDER_PROFILES } from '../scan/sender-profiles.js';
import { escapeText } from '../smtp/escape.js';
import { groupName } from '../tlswire/index.js';
import { weaknessWords } from '../wording/scan.js';

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) =>
    r
      .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

const yesNo = (b: boolean | null): string => (b === null ? 'inconclusive' : b ? 'yes' : 'no');

export function renderScanPlain(r: ScanResult): string {
  const out: string[] = [];
  const t = r.target;
  out.push(`Scan of ${escapeText(t.host)} (${t.address} port ${t.port}, ${t.tlsMode})`);
  if (r.fatal) {
    out.push(`Could not scan: ${escapeText(r.fatal)}`, '');
    return out.join('\n');
  }
  out.push('', 'Protocols');
  out.push(
    ...table(
      Object.entries(r.protocols)
        .reverse()
        .map(([v, p]) => [`  ${v}`, yesNo(p.supported), `${p.ciphers.length} suite(s)`]),
    ),
  );
  for (const [v, p] of Object.entries(r.protocols).reverse()) {
    if (p.ciphers.length === 0) continue;
    const order = r.serverOrder[v as keyof typeof r.serverOrder];
    const how =
      order?.enforced === true
        ? "server's order"
        : order?.enforced === false
          ? 'the server follows the client'
          : 'order not tested';
    out.push('', `${v} suites (${how})`);
    out.push(
      ...table(
        p.ciphers.map((c) => {
          const kx = c.keyExchange;
          const extra =
            kx?.kind === 'ecdhe' ? groupName(kx.group) : kx?.kind === 'dhe' ? `DH ${kx.pBits}` : '';
          return [`  ${c.weak ? '!' : ' '} ${c.name}`, c.standardName, extra];
        }),
      ),
    );
  }
  const g = r.groups;
  out.push('', 'Groups');
  out.push(
    ...table([
      ['  TLS 1.3', g.tls13.join(' ') || '-'],
      // Both measured on TLS 1.3 (groups.ts), so they sit under it, not under TLS 1.2.
      ['  TLS 1.3 server preference', yesNo(g.serverPreference)],
      ['  TLS 1.3 HelloRetryRequest', yesNo(g.helloRetryRequest)],
      ['  TLS 1.2 ECDHE', g.ecdhe.join(' ') || '-'],
      ['  DHE prime sizes', g.dheBits.map((b) => `${b}`).join(' ') || '-'],
    ]),
  );
  out.push('', 'Certificates');
  if (r.certificates.length === 0) out.push('  none seen');
  for (const c of r.certificates) {
    const leaf = c.report.chain[0];
    const state = c.report.problems.length === 0 ? 'trusted' : c.report.problems.join(', ');
    out.push(`  ${c.keyType}: ${leaf?.subject ?? '?'} (${state}; via ${c.suite})`);
  }
  out.push('', 'Senders');
  out.push(
    ...table(
      r.senders.map((s) => [
        `  ${SENDER_PROFILES.find((p) => p.id === s.id)?.label ?? s.id}`,
        s.failure
          ? `fails: ${s.failure}`
          : `${s.protocol} ${s.cipher}${s.group ? ` ${s.group}` : ''}`,
      ]),
    ),
  );
  out.push('', r.weaknesses.length === 0 ? 'Weaknesses: none found' : 'Weaknesses');
  for (const w of r.weaknesses) {
    const words = weaknessWords(w);
    out.push(`  - ${words.summary}`, `    Why: ${words.reason}`, `    Fix: ${words.fix}`);
  }
  if (r.inconclusive.length > 0) {
    out.push('', 'Inconclusive');
    for (const i of r.inconclusive)
      out.push(`  ${i.what}: inconclusive: ${i.why} (${escapeText(i.detail)})`);
  }
  out.push('', 'Not testable');
  for (const n of r.notTestable) out.push(`  ${n}`);
  out.push('', `${r.probes} connections, ${r.ms} ms`, '');
  return out.join('\n');
}
