// The verdict: the same words as the JSON report's verdict, plus earlier attempts side by side.
import React from 'react';
import { Box, Text } from 'ink';
import type { JudgedProbe } from '../../model/index.js';
import { describeVerdict, strictTlsWords } from '../../wording/verdict.js';
import type { Attempt } from '../state/reducer.js';
import { verdictColor } from '../theme.js';
import type { Theme } from '../theme.js';
import { fitWidth } from '../fit.js';
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

export function VerdictPanel(props: {
  result: JudgedProbe | null;
  attempts: Attempt[];
  label: string;
  width: number;
  height: number;
  theme: Theme;
}): React.JSX.Element {
  const { result, attempts, label, width, height, theme } = props;
  if (!result) {
    return (
      <Box width={width} height={height}>
        <Text color={theme.color('gray')}>The verdict appears when the session ends.</Text>
      </Box>
    );
  }
  const v = describeVerdict(result);
  const rows: React.JSX.Element[] = [
    <Text key="s" wrap="truncate-end" bold={theme.bold} color={theme.color(verdictColor(v.status))}>
      {fitWidth(
        `Verdict: ${v.status}${v.reasons.length ? ` (${v.reasons.join(', ')})` : ''} — StrictTLS sender ${strictTlsWords(v)}`,
        width,
      )}
    </Text>,
    ...glanceLines(result).map((line, i) => (
      <Text key={`g${i}`} wrap="truncate-end">
        {fitWidth(line, width)}
      </Text>
    )),
    <Text key="m" wrap="wrap">
      {v.summary}
    </Text>,
    <Text key="f" wrap="wrap" color={theme.color('cyan')}>
      Fix: {v.fix}
    </Text>,
  ];
  const history = [
    ...attempts,
    { label, status: v.status, reasons: v.reasons, protocol: result.facts.tls?.protocol ?? null },
  ];
  if (history.length > 1) {
    rows.push(
      <Text key="h" bold={theme.bold}>
        Attempts:
      </Text>,
    );
    history.forEach((a, i) =>
      rows.push(
        <Text key={`a${i}`} wrap="truncate-end" color={theme.color(verdictColor(a.status))}>
          {fitWidth(
            `#${i + 1} ${a.label.padEnd(22)} → ${a.status}${a.reasons.length ? ` (${a.reasons.join(', ')})` : ''}${a.protocol ? ` ${a.protocol}` : ''}`,
            width,
          )}
        </Text>,
      ),
    );
  }
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {rows.map((row) => (
        // Rows keep their height: a short panel cuts at the bottom instead of letting the
        // layout squeeze rows away in the middle (the verdict line first of all).
        <Box key={row.key} flexShrink={0}>
          {row}
        </Box>
      ))}
    </Box>
  );
}
