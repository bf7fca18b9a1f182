// The lower panels: explanation of the next step, TLS details, the certificate chain.
import React from 'react';
import { Box, Text } from 'ink';
import type { StepName } from '../../model/index.js';
import type { CertificateReport, TlsInfo } from '../../model/tls.js';
import { STAGES } from '../../probe/stage-table.js';
import { daysColor } from '../theme.js';
import type { Theme } from '../theme.js';
import { daysLeftWords } from '../../tls/cert-info.js';
import { fitWidth } from '../fit.js';
import { wrapLine } from '../wrap.js';

export type Line = { text: string; color?: string | undefined; bold?: boolean };

/** Lines as rows of at most `width` cells: what must be read wraps, it is not cut. */
export function wrapRows(lines: Line[], width: number): Line[] {
  return lines.flatMap((l) => wrapLine(l.text, width).map((text) => ({ ...l, text })));
}

/** Rows already wrapped to the width (wrapRows); a panel too short cuts at the bottom. */
export function Lines(props: { lines: Line[]; width: number; height: number }): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width} height={props.height} overflow="hidden">
      {props.lines.slice(0, props.height).map((l, i) => (
        // flexShrink 0: rows keep their height; Ink must not squeeze one away in the middle.
        <Box key={i} flexShrink={0}>
          <Text wrap="truncate-end" color={l.color} bold={l.bold ?? false}>
            {fitWidth(l.text, props.width)}
          </Text>
        </Box>
      ))}
    </Box>
  );
}

export function explainLines(
  step: StepName | null,
  preview: string | null,
  serverSaid: string,
  theme: Theme,
): Line[] {
  if (!step) return [{ text: 'Session finished. Tab shows TLS, certificate and verdict panels.' }];
  const e = STAGES[step];
  return [
    {
      text: `Next: ${e.title}${preview ? `  →  ${preview}` : ''}`,
      bold: theme.bold,
      color: theme.color('cyan'),
    },
    { text: `Why:  ${e.what}` },
    { text: `Good: ${e.good}` },
    ...(serverSaid ? [{ text: `So far: ${serverSaid}`, color: theme.color('yellow') }] : []),
    { text: `See:  ${e.rfc}`, color: theme.color('gray') },
  ];
}

export function tlsLines(tls: TlsInfo | null, theme: Theme): Line[] {
  if (!tls) return [{ text: 'No TLS session yet.', color: theme.color('gray') }];
  return [
    { text: 'TLS', bold: theme.bold },
    {
      text: `Protocol:     ${tls.protocol}`,
      color: theme.color(tls.protocol === 'TLSv1.3' ? 'green' : 'yellow'),
    },
    { text: `Cipher:       ${tls.cipher.standardName}` },
    {
      text: `  (OpenSSL:   ${tls.cipher.name}${tls.cipher.bits ? `, ${tls.cipher.bits} bits` : ''})`,
    },
    { text: `Key exchange: ${tls.keyExchange ?? 'unknown'}` },
    {
      text: `OCSP stapled: ${tls.ocspStapled ? 'yes' : 'no'}   SNI: ${tls.sni ?? 'none'}   resumed: ${tls.sessionReused ? 'yes' : 'no'}`,
    },
    { text: `Handshake:    ${tls.handshakeMs} ms` },
  ];
}

export function certLines(
  report: CertificateReport | null,
  selected: number,
  theme: Theme,
): Line[] {
  if (!report) return [{ text: 'No certificate yet.', color: theme.color('gray') }];
  const c = report.chain[selected];
  if (!c) return [{ text: 'The server presented no certificate.', color: theme.color('red') }];
  const tabs = report.chain
    .slice(0, 9)
    // Numbered from 1, like the keys that select them, the saved -certN.pem and --plain.
    .map((_, i) => (i === selected ? `[${i + 1}]` : ` ${i + 1} `))
    .join('');
  const more = report.chain.length > 9 ? ` +${report.chain.length - 9}` : '';
  const bad = (p: string): string | undefined =>
    c.problems.some((x) => x === p) ? theme.color('red') : undefined;
  const trust = report.trusted ? 'trusted' : 'NOT trusted';
  return [
    {
      text: `Chain ${tabs}${more}  ${trust}, name ${report.hostnameMatch ? 'matches' : 'does NOT match'} ${report.verifyName}  (←/→ 1-9)`,
      bold: theme.bold,
      color: theme.color(report.problems.length ? 'red' : 'green'),
    },
    { text: `Subject: ${c.subject}` },
    { text: `Issuer:  ${c.issuer}`, color: bad('untrusted-root') ?? bad('incomplete-chain') },
    {
      text: `Names:   ${c.subjectAltNames.join(', ') || '(none)'}`,
      color: bad('hostname-mismatch'),
    },
    {
      text: `Valid:   ${c.validFrom.slice(0, 10)} .. ${c.validTo.slice(0, 10)}  (${daysLeftWords(c.daysLeft)})`,
      color: theme.color(daysColor(c.daysLeft)),
    },
    {
      text: `Key:     ${c.key.type}${c.key.bits ? ` ${c.key.bits} bits` : ''}${c.key.curve ? ` ${c.key.curve}` : ''}   Signature: ${c.signatureAlgorithm}`,
      color: bad('weak-key') ?? bad('weak-signature'),
    },
    { text: `SHA-256: ${c.fingerprint256}` },
    ...(c.problems.length
      ? [
          {
            text: `Problems: ${c.problems.join(', ')}`,
            color: theme.color('red'),
            bold: theme.bold,
          },
        ]
      : []),
  ];
}
