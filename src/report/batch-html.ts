// `summary --html FILE`: the summary as one self-contained page (no script, no network, no
// external style): tables and small inline SVG bar charts drawn here.
import type { BatchSummary, Tally } from './batch-summary.js';
import { kindCount } from './batch-summary.js';

const h = (t: string): string => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * One bar per row, as a share of the chart's whole (its rows add up to the lines it counts): so
 * 210 of 1,000 and 410 of 1,000 are not drawn the same length in two charts.
 */
function bars(title: string, rows: [string, number][]): string {
  const total = Math.max(
    1,
    rows.reduce((sum, r) => sum + r[1], 0),
  );
  const rowH = 22;
  const labelW = 220;
  const barW = 360;
  const svg = rows
    .map(([label, n], i) => {
      const y = i * rowH;
      const w = Math.max(1, Math.round((n / total) * barW));
      const pct = Math.round((n / total) * 100);
      return `<text x="0" y="${y + 15}">${h(label)}</text><rect x="${labelW}" y="${y + 4}" width="${w}" height="14" fill="#4a7ab5"/><text x="${labelW + w + 6}" y="${y + 15}">${n} (${pct}%)</text>`;
    })
    .join('');
  return `<h2>${h(title)}</h2><svg role="img" aria-label="${h(title)}" width="${labelW + barW + 110}" height="${rows.length * rowH + 4}" font-family="sans-serif" font-size="13">${svg}</svg>`;
}

const counts = (m: Map<string, number>): [string, number][] =>
  [...m.entries()].sort((a, b) => b[1] - a[1]);
const tallies = (m: Map<string, Tally>): [string, Tally][] =>
  [...m.entries()].sort((a, b) => b[1].count - a[1].count);

export function renderSummaryHtml(s: BatchSummary, top = 10): string {
  const parts: string[] = [];
  parts.push(
    `<p>${s.lines} lines: ${counts(s.kinds)
      .map(([k, n]) => h(kindCount(n, k)))
      .join(
        ', ',
      )}${s.unreadable ? `, ${s.unreadable} unreadable` : ''}${s.timedOut ? `; ${s.timedOut} cut by --domain-timeout` : ''}</p>`,
  );
  parts.push(
    bars(
      'Verdict',
      tallies(s.status).map(([k, t]) => [k, t.count]),
    ),
  );
  for (const [sender, m] of s.senders) parts.push(bars(`Sender: ${sender}`, counts(m)));
  parts.push(bars('TLS version', counts(s.tls)));
  const rows = tallies(s.reasons)
    .slice(0, top)
    .map(
      ([k, t]) =>
        `<tr><td>${t.count}</td><td><code>${h(k)}</code></td><td>${t.examples.map(h).join(', ')}</td></tr>`,
    )
    .join('');
  parts.push(
    `<h2>Most common reasons</h2><table><tr><th>count</th><th>reason</th><th>examples</th></tr>${rows}</table>`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><title>smtpscope batch summary</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}td,th{padding:2px 8px;text-align:left}svg{display:block}</style></head><body><h1>smtpscope batch summary</h1>${parts.join('\n')}</body></html>\n`;
}
