// Help, the variant menu and the one-line inputs (raw command, variant value, AUTH confirm).
import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import type { Theme } from '../theme.js';
import { fitWidth } from '../fit.js';

export const KEYS: [string, string][] = [
  ['Enter', 'send the next step (guided mode)'],
  ['a', 'run the remaining steps without pausing'],
  [':', 'type a raw SMTP command (NOOP, HELP, MAIL FROM, RCPT TO, RSET, VRFY, STARTTLS…)'],
  ['v', 'try a variant: TLS 1.2/1.3, SNI, EHLO name, verify-name, implicit/STARTTLS'],
  ['r', 'reconnect and start over'],
  ['s / p', 'save transcript + JSON report / save the selected certificate PEM'],
  ['↑ ↓ PgUp PgDn Home End', 'scroll the transcript (End follows the tail)'],
  ['← → 1-9', 'select a certificate in the chain'],
  ['Tab', 'next panel: explanation, TLS, certificate, verdict'],
  ['t', 'timestamps on/off'],
  ['h', 'handshake X-ray: the TLS messages one by one (→/Enter next, ← back)'],
  ['?', 'this help'],
  ['q / Ctrl-C', 'quit (QUIT is sent if connected)'],
];

type OverlayProps = { width: number; height: number; theme: Theme };

/** A titled list in the panel's place. */
function Listing(props: OverlayProps & { title: string; rows: string[] }): React.JSX.Element {
  return (
    <Box flexDirection="column" width={props.width} height={props.height}>
      <Text bold={props.theme.bold} wrap="truncate-end">
        {fitWidth(props.title, props.width)}
      </Text>
      {props.rows.map((row) => (
        <Text key={row} wrap="truncate-end">
          {fitWidth(row, props.width)}
        </Text>
      ))}
    </Box>
  );
}

export function HelpOverlay(props: OverlayProps): React.JSX.Element {
  return (
    <Listing
      {...props}
      title="Keys (any key closes)"
      rows={KEYS.map(([k, what]) => `${k.padEnd(24)}${what}`)}
    />
  );
}

export interface VariantChoice {
  key: string;
  label: string;
}

export const VARIANTS: VariantChoice[] = [
  { key: '1', label: 'force TLS 1.2' },
  { key: '2', label: 'force TLS 1.3' },
  { key: '3', label: 'no SNI' },
  { key: '4', label: 'another SNI…' },
  { key: '5', label: 'another EHLO name…' },
  { key: '6', label: 'another verify-name…' },
  { key: '7', label: 'implicit TLS ⇄ STARTTLS' },
];

export function VariantMenu(props: OverlayProps): React.JSX.Element {
  return (
    <Listing
      {...props}
      title="Try a variant (a fresh session; earlier attempts stay listed) — Esc closes"
      rows={VARIANTS.map((v) => `${v.key} ${v.label}`)}
    />
  );
}

export function LineInput(props: {
  prompt: string;
  onSubmit: (value: string) => void;
  initial?: string;
}): React.JSX.Element {
  const [value, setValue] = useState(props.initial ?? '');
  // TextInput hands onSubmit the value its handler saw, which can be a render behind the last
  // keystroke: submit the newest value instead.
  const latest = useRef(value);
  const change = (v: string): void => {
    // A pasted line ends in a newline, which arrives inside the text rather than as Enter:
    // it submits what stands before it (the rest of a multi-line paste is dropped, never sent
    // as a second command the user did not see).
    const end = v.search(/[\r\n]/);
    latest.current = end < 0 ? v : v.slice(0, end);
    setValue(latest.current);
    if (end >= 0) props.onSubmit(latest.current);
  };
  return (
    <Box>
      <Text>{props.prompt}</Text>
      <TextInput value={value} onChange={change} onSubmit={() => props.onSubmit(latest.current)} />
    </Box>
  );
}
