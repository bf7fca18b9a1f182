// `--ports`: the reports of one host on several ports. JSON: each port's report is exactly the
// object a single-host run prints (json.ts), under `kind: "ports"`. Plain: each report under a
// header line, then one line per port.
import type { JudgedProbe } from '../model/events.js';
import { SCHEMA_VERSION, toJsonReport } from './json.js';
import type { JsonReport } from './json.js';
import { renderPlain } from './plain.js';
import { escapeText } from '../smtp/escape.js';

export interface PortsJsonReport {
  schemaVersion: typeof SCHEMA_VERSION;
  kind: 'ports';
  host: string;
  probes: JsonReport[];
}

export function toPortsJson(host: string, results: readonly JudgedProbe[]): PortsJsonReport {
  return { schemaVersion: SCHEMA_VERSION, kind: 'ports', host, probes: results.map(toJsonReport) };
}

export function renderPortsJson(host: string, results: readonly JudgedProbe[]): string {
  return `${JSON.stringify(toPortsJson(host, results), null, 2)}\n`;
}

function header(r: JudgedProbe): string {
  return `=== ${escapeText(r.target.host)} port ${r.target.port} (${r.target.tlsMode}) ===`;
}

/** One line per port: port, TLS mode, verdict, negotiated protocol ("-" without TLS). */
export function portsTable(results: readonly JudgedProbe[]): string {
  const rows = [
    ['PORT', 'TLS MODE', 'VERDICT', 'PROTOCOL'],
    ...results.map((r) => [
      String(r.target.port),
      r.target.tlsMode,
      r.verdict.status,
      r.facts.tls?.protocol ?? '-',
    ]),
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  return rows
    .map((row) => row.map((cell, i) => (i < 3 ? cell.padEnd(widths[i] ?? 0) : cell)).join('  '))
    .join('\n');
}

export function renderPortsPlain(results: readonly JudgedProbe[]): string {
  const parts = results.map((r) => `${header(r)}\n${renderPlain(r)}`);
  return `${parts.join('\n')}\n${portsTable(results)}\n`;
}
