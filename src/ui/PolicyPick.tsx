// A mail domain's policy stage (issue 12): its MX hosts by preference with their addresses and
// TLSA, the MTA-STS and TLS-RPT findings, and the MX address to step through, picked with
// ↑/↓ (or 1–9) and Enter. From a session, key m comes back here to run another.
import React, { useState } from 'react';
import { Box, Text, useInput } from 'ink';
import type { PolicyMx, TuiPolicy } from './state/policy.js';
import { makeTheme } from './theme.js';
import { fitWidth } from './fit.js';

/** One row per MX address: what the pick chooses. */
export interface PolicyChoice {
  mx: PolicyMx;
  address: string;
}

export function policyChoices(p: TuiPolicy): PolicyChoice[] {
  return p.mx.flatMap((mx) => mx.addresses.map((address) => ({ mx, address })));
}

export function PolicyPick(props: {
  policy: TuiPolicy;
  color: boolean;
  columns: number;
  onPick: (c: PolicyChoice) => void;
  onQuit: () => void;
}): React.JSX.Element {
  const theme = makeTheme(props.color);
  const choices = policyChoices(props.policy);
  const [at, setAt] = useState(0);
  useInput((input, key) => {
    if (input === 'q' || key.escape || (key.ctrl && input === 'c')) return props.onQuit();
    if (key.upArrow) return setAt((i) => Math.max(0, i - 1));
    if (key.downArrow) return setAt((i) => Math.min(choices.length - 1, i + 1));
    const n = /^[1-9]$/.test(input) ? Number(input) - 1 : key.return ? at : -1;
    const c = choices[n];
    if (c) props.onPick(c);
  });
  const w = props.columns;
  // An implicit MX has no preference (RFC 5321 §5.1): a dash, not a 0.
  const pref = (m: PolicyMx): string =>
    (props.policy.kind === 'implicit' ? '-' : String(m.preference)).padStart(5);
  const hostW = Math.max(7, ...props.policy.mx.map((m) => m.host.length));
  const addrW = Math.max(7, ...choices.map((c) => c.address.length));
  const kind =
    props.policy.kind === 'implicit'
      ? 'no MX records: the domain itself is the mail host (implicit MX, RFC 5321 §5.1)'
      : 'MX records by preference (RFC 5321 §5.1)';
  return (
    <Box flexDirection="column" width={w}>
      <Text bold={theme.bold} color={theme.color('cyan')}>
        {fitWidth(`smtpscope  ${props.policy.domain}  mail domain`, w)}
      </Text>
      <Text wrap="wrap">{kind}</Text>
      <Text color={theme.color('gray')}>
        {fitWidth(`  #   pref  ${'MX host'.padEnd(hostW)}  ${'address'.padEnd(addrW)}  DANE`, w)}
      </Text>
      {choices.map((c, i) => (
        <Text key={`${c.mx.host}|${c.address}`} color={theme.color(i === at ? 'cyan' : 'white')}>
          {fitWidth(
            `${i === at ? '›' : ' '} ${i < 9 ? i + 1 : ' '}  ${pref(c.mx)}  ${c.mx.host.padEnd(hostW)}  ${c.address.padEnd(addrW)}${c.mx.note ? `  ${c.mx.note}` : ''}`,
            w,
          )}
        </Text>
      ))}
      {props.policy.mx
        .filter((m) => m.addresses.length === 0)
        .map((m) => (
          <Text key={`${m.host}|none`} color={theme.color('yellow')}>
            {fitWidth(`     ${pref(m)}  ${m.host.padEnd(hostW)}  no address`, w)}
          </Text>
        ))}
      <Text> </Text>
      {props.policy.lines.map((l, i) => (
        <Text key={i} wrap="wrap">
          {l}
        </Text>
      ))}
      <Text> </Text>
      <Text color={theme.color('gray')} wrap="wrap">
        {choices.length > 0
          ? 'Enter: step through the marked MX address  ↑/↓ or 1-9 pick  q quit  (m in the session comes back here)'
          : 'no MX address to step through  q quit'}
      </Text>
    </Box>
  );
}
