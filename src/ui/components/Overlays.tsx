// Help, the variant menu and the one-line inputs (raw command, variant value, AUTH confirm).
import React, { useRef, useState } from 'react';
import { Box, Text } from 'ink';
import TextInput from 'ink-text-input';
import type { Theme } from '../theme.js';
import { wrapLine } from '../wrap.js';
import type { Line } from './InfoPanels.js';

export const KEYS: [string, string][] = [
  ['Enter', 'send the next step (guided mode)'],
  ['a', 'run the remaining steps without pausing'],
  [
    ':',
    'type an SMTP command (NOOP, RSET, VRFY, STARTTLS…); after DATA each line goes into the message, a lone . ends it',
  ],
  ['v', 'try a variant (TLS 1.2/1.3, SNI, EHLO, verify-name, TLS mode); c combines'],
  ['i', 'the other TLS mode (offered when no greeting came)'],
  ['h', 'handshake X-ray: each message (→/Enter next, ← back)'],
  ['r', 'reconnect and start over'],
  ['x / m', "scan the server (after the session) / a domain's MX list"],
  [
    's / p / P',
    'save transcript + JSON report / the selected certificate / the whole chain as PEM',
  ],
  ['↑ ↓ PgUp PgDn Home End', 'scroll the transcript (End follows the tail)'],
  ['← → 1-9', 'select a certificate in the chain'],
  ['Tab', 'next panel: explanation, TLS, certificate, verdict'],
  ['t', 'timestamps on/off'],
  ['?', 'this help'],
  ['q / Ctrl-C', 'quit (QUIT is sent if connected)'],
];

/**
 * The keys as rows for `width`: the key column as wide as the widest key (narrower screens put
 * a long key on a row of its own), the words wrapped under their column, never cut.
 */
export function helpRows(width: number, theme: Theme): Line[] {
  const keyWidth = Math.max(...KEYS.map(([k]) => k.length)) + 2;
  const col = width - keyWidth >= 36 ? keyWidth : 12;
  const rows: Line[] = [{ text: 'Keys (any key closes)', bold: theme.bold }];
  for (const [k, what] of KEYS) {
    const words = wrapLine(what, width - col, 0);
    const head = k.length + 2 <= col ? [] : [k];
    const first = head.length ? ' '.repeat(col) : k.padEnd(col);
    rows.push(...head.map((text) => ({ text, color: theme.color('cyan') })));
    words.forEach((w, i) => rows.push({ text: `${i === 0 ? first : ' '.repeat(col)}${w}` }));
  }
  return rows;
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

export function variantRows(combine: boolean, current: string, theme: Theme): Line[] {
  return [
    {
      text: 'Try a variant: a fresh session; earlier attempts stay listed. Esc closes.',
      bold: theme.bold,
    },
    ...VARIANTS.map((v) => ({ text: `${v.key} ${v.label}` })),
    {
      text: `c [${combine ? 'x' : ' '}] combine with the current attempt (${current}) instead of starting from the options as given`,
      color: theme.color(combine ? 'yellow' : 'gray'),
    },
  ];
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
  // Emptied once submitted: after 354 the input stays open for the next line of the message,
  // and a line already sent must not stand there to be sent again.
  const submit = (): void => {
    const line = latest.current;
    latest.current = '';
    setValue('');
    props.onSubmit(line);
  };
  const change = (v: string): void => {
    // A pasted line ends in a newline, which arrives inside the text rather than as Enter:
    // it submits what stands before it (the rest of a multi-line paste is dropped, never sent
    // as a second command the user did not see).
    const end = v.search(/[\r\n]/);
    latest.current = end < 0 ? v : v.slice(0, end);
    setValue(latest.current);
    if (end >= 0) submit();
  };
  return (
    <Box>
      <Text>{props.prompt}</Text>
      <TextInput value={value} onChange={change} onSubmit={submit} />
    </Box>
  );
}
