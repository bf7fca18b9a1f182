// `smtpscope summary RESULTS.ndjson`: counts over a batch's lines, folded one line at a time
// (a million-line file is never held), then rendered as text (here) or HTML (batch-html.ts).
// Everything shown that came from the file is escaped: the file may hold anything.
import type { Escaped } from '../model/text.js';
import { escapeText } from '../smtp/escape.js';

const EXAMPLES = 3;

export interface Tally {
  count: number;
  examples: Escaped[];
}

export interface BatchSummary {
  lines: number;
  /** Lines that are not a whole JSON object (a cut last line). */
  unreadable: number;
  kinds: Map<string, number>;
  timedOut: number;
  status: Map<string, Tally>;
  /** Sender kind → outcome → count. */
  senders: Map<string, Map<string, number>>;
  /** Items by the TLS versions their sessions got ("none" when no session got TLS). */
  tls: Map<string, number>;
  reasons: Map<string, Tally>;
}

export function emptySummary(): BatchSummary {
  return {
    lines: 0,
    unreadable: 0,
    kinds: new Map(),
    timedOut: 0,
    status: new Map(),
    senders: new Map(),
    tls: new Map(),
    reasons: new Map(),
  };
}

const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

function tally(m: Map<string, Tally>, key: string, example: string): void {
  let t = m.get(key);
  if (t === undefined) {
    // Bounded: keys are codes from our own vocabulary; a hostile file is cut off at 1,000.
    if (m.size >= 1000) return;
    t = { count: 0, examples: [] };
    m.set(key, t);
  }
  t.count++;
  if (t.examples.length < EXAMPLES) t.examples.push(escapeText(example.slice(0, 200)));
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v.slice(0, 200) : null);

function tlsOf(report: Obj): string | null {
  return isObj(report.tls) ? str(report.tls.protocol) : null;
}

export function addLine(s: BatchSummary, text: string): void {
  if (text.trim() === '') return;
  s.lines++;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    s.unreadable++;
    return;
  }
  if (!isObj(v)) {
    s.unreadable++;
    return;
  }
  const input = str(v.input) ?? '?';
  const kind = str(v.kind) ?? '?';
  bump(s.kinds, kind);
  if (v.timedOut === true) s.timedOut++;
  if (kind === 'error') {
    tally(s.reasons, 'input-error', input);
    return;
  }
  const verdict = isObj(v.verdict) ? v.verdict : {};
  tally(s.status, str(verdict.status) ?? '?', input);
  if (isObj(verdict.senders))
    for (const [sender, j] of Object.entries(verdict.senders).slice(0, 16)) {
      if (!isObj(j)) continue;
      let m = s.senders.get(sender);
      if (m === undefined) s.senders.set(sender, (m = new Map()));
      if (m.size < 32) bump(m, str(j.outcome) ?? '?');
    }
  const probes = kind === 'domain' && Array.isArray(v.probes) ? v.probes : [v];
  // A domain's own reasons name its policy and MX lookup; why its MX hosts failed (self-signed,
  // starttls-454…) is in their probes' verdicts. Each reason counts once per line.
  const reasons = new Set<string>();
  const reasonsOf = (j: Obj): void => {
    if (Array.isArray(j.reasons))
      for (const r of j.reasons.slice(0, 32)) reasons.add(str(r) ?? '?');
  };
  reasonsOf(verdict);
  if (kind === 'domain')
    for (const p of probes.slice(0, 64)) if (isObj(p) && isObj(p.verdict)) reasonsOf(p.verdict);
  for (const r of reasons) tally(s.reasons, r, input);
  const versions = new Set<string>();
  for (const p of probes.slice(0, 64)) {
    const t = isObj(p) ? tlsOf(p) : null;
    if (t !== null) versions.add(t);
  }
  const key = versions.size === 0 ? 'none' : [...versions].sort().join(' + ');
  if (s.tls.size < 64 || s.tls.has(key)) bump(s.tls, key);
}

const sorted = <V>(m: Map<string, V>, n: (v: V) => number): [string, V][] =>
  [...m.entries()].sort((a, b) => n(b[1]) - n(a[1]) || a[0].localeCompare(b[0]));

/** "1 domain", "1000 domains": the lines of one kind. */
export function kindCount(n: number, kind: string): string {
  return `${n} ${kind}${n === 1 ? '' : 's'}`;
}

export function renderSummaryText(s: BatchSummary, top = 10): string {
  const out: string[] = [];
  const e = (t: string): Escaped => escapeText(t);
  const kinds = sorted(s.kinds, (n) => n).map(([k, n]) => e(kindCount(n, k)));
  out.push(
    `${s.lines} lines: ${kinds.join(', ') || 'none'}${s.unreadable ? `, ${s.unreadable} unreadable` : ''}${s.timedOut ? ` (${s.timedOut} cut by --domain-timeout)` : ''}`,
  );
  out.push('', 'Verdict');
  for (const [k, t] of sorted(s.status, (t) => t.count))
    out.push(`  ${String(t.count).padStart(7)}  ${e(k)}`);
  out.push('', 'What each sender would do');
  for (const [sender, m] of s.senders) {
    const parts = sorted(m, (n) => n).map(([o, n]) => `${n} ${e(o)}`);
    out.push(`  ${e(sender).padEnd(14)} ${parts.join(', ')}`);
  }
  out.push('', 'TLS version');
  for (const [k, n] of sorted(s.tls, (n) => n)) out.push(`  ${String(n).padStart(7)}  ${e(k)}`);
  out.push('', `Most common reasons (top ${top})`);
  for (const [k, t] of sorted(s.reasons, (t) => t.count).slice(0, top))
    out.push(`  ${String(t.count).padStart(7)}  ${e(k)}  e.g. ${t.examples.join(', ')}`);
  return `${out.join('\n')}\n`;
}
