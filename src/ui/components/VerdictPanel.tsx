// The verdict as lines: the same words as the JSON report's verdict, what to try next, and earlier
// attempts side by side; and the same words at the pause after a failed step.
import type { JudgedProbe, ProbeOptions } from '../../model/index.js';
import type { VerdictReport } from '../../model/verdict.js';
import { describeVerdict, strictTlsWords } from '../../wording/verdict.js';
import type { Attempt } from '../state/reducer.js';
import { verdictColor } from '../theme.js';
import type { Theme } from '../theme.js';
import { tryNext } from '../failure-help.js';
import type { Line } from './InfoPanels.js';
import { daysLeftWords } from '../../tls/cert-info.js';

/** "CN=mx.example.org" out of "O=Example, CN=mx.example.org"; the whole name when it has no CN. */
function commonName(dn: string): string {
  const m = /(?:^|, )CN=([^,]+)/.exec(dn);
  return m?.[1] ?? dn;
}

/**
 * Protocol, cipher and chain in two lines, so the final screen answers "what was negotiated
 * and who is this" without Tab, even at 80x24.
 */
export function glanceLines(result: JudgedProbe): string[] {
  const out: string[] = [];
  const tls = result.facts.tls;
  if (tls)
    out.push(
      `TLS:   ${tls.protocol}  ${tls.cipher.standardName}${tls.keyExchange ? `  ${tls.keyExchange}` : ''}`,
    );
  const cert = result.facts.certificate;
  const leaf = cert?.chain[0];
  if (cert && leaf) {
    const path = cert.chain.map((c) => commonName(c.subject)).join(' ← ');
    const trust = cert.trusted ? 'trusted' : 'NOT trusted';
    out.push(`Chain: ${path}  (${trust}, leaf ${daysLeftWords(leaf.daysLeft)})`);
  }
  return out;
}

function verdictLine(v: VerdictReport): string {
  return `${v.status}${v.reasons.length ? ` (${v.reasons.join(', ')})` : ''} — StrictTLS sender ${strictTlsWords(v)}`;
}

/** What to try next, for the verdict and for the pause after a failed step. */
function hintLines(p: JudgedProbe, options: ProbeOptions, theme: Theme): Line[] {
  return tryNext(p, options).map((h) => ({ text: `Try: ${h.text}`, color: theme.color('yellow') }));
}

/**
 * The verdict the facts so far get, said at the pause after the step that went wrong: what
 * happened, what it means for senders, the fix, and what to try from here.
 */
export function problemLines(
  p: JudgedProbe,
  options: ProbeOptions,
  happened: string | null,
  theme: Theme,
): Line[] {
  const v = describeVerdict(p);
  return [
    {
      text: `Problem: ${verdictLine(v)}`,
      bold: theme.bold,
      color: theme.color(verdictColor(v.status)),
    },
    ...(happened ? [{ text: `Happened: ${happened}` }] : []),
    { text: `Senders: ${v.summary}` },
    { text: `Fix: ${v.fix}`, color: theme.color('cyan') },
    ...hintLines(p, options, theme),
  ];
}

/** The verdict, the glance lines, summary, fix, hints and the attempts, as lines to wrap. */
export function verdictLines(
  result: JudgedProbe | null,
  attempts: Attempt[],
  label: string,
  options: ProbeOptions,
  theme: Theme,
  /** Under a mail domain's judgement: this MX's verdict and TLS at a glance, no words of its own. */
  asMxOfDomain = false,
): Line[] {
  if (!result)
    return [{ text: 'The verdict appears when the session ends.', color: theme.color('gray') }];
  const v = describeVerdict(result);
  // The domain's summary and fix speak for the session; the host's own would contradict them
  // ("Nothing to fix" under a DANE mismatch).
  if (asMxOfDomain)
    return [
      {
        text: `This MX alone: ${verdictLine(v)}`,
        color: theme.color(verdictColor(v.status)),
      },
      ...glanceLines(result).map((text) => ({ text })),
    ];
  const rows: Line[] = [
    {
      text: `Verdict: ${verdictLine(v)}`,
      bold: theme.bold,
      color: theme.color(verdictColor(v.status)),
    },
    ...glanceLines(result).map((text) => ({ text })),
    { text: v.summary },
    { text: `Fix: ${v.fix}`, color: theme.color('cyan') },
    ...hintLines(result, options, theme),
  ];
  const history = [
    ...attempts,
    { label, status: v.status, reasons: v.reasons, protocol: result.facts.tls?.protocol ?? null },
  ];
  if (history.length > 1) {
    rows.push({ text: 'Attempts:', bold: theme.bold });
    history.forEach((a, i) =>
      rows.push({
        text: `#${i + 1} ${a.label.padEnd(22)} → ${a.status}${a.reasons.length ? ` (${a.reasons.join(', ')})` : ''}${a.protocol ? ` ${a.protocol}` : ''}`,
        color: theme.color(verdictColor(a.status)),
      }),
    );
  }
  return rows;
}
