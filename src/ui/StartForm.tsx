// The start form (`smtpscope` with no target): the same fields and validation rules as the
// command line, checked as you type; Enter on a valid form starts the session.
import React, { useEffect, useRef, useState } from 'react';
import { Box, Text, useInput } from 'ink';
import TextInput from 'ink-text-input';
import { UsageError, toChoice } from '../input/choice.js';
import type { RawFlags } from '../input/choice.js';
import type { ProbeOptions, TlsMode } from '../model/index.js';
import { makeTheme } from './theme.js';

interface Field {
  key: 'target' | 'port' | 'tls' | 'ehlo' | 'sni' | 'verifyName' | 'caFile' | 'timeout';
  label: string;
  hint: string;
  advanced: boolean;
}

const FIELDS: Field[] = [
  { key: 'target', label: 'Target', hint: 'host, host:port or [IPv6]:port', advanced: false },
  { key: 'port', label: 'Port', hint: '25; 465 for implicit TLS; 587 submission', advanced: false },
  { key: 'tls', label: 'TLS mode', hint: 'starttls, implicit or none', advanced: false },
  {
    key: 'ehlo',
    label: 'EHLO name',
    hint: 'empty: this host or smtpscope.localhost',
    advanced: false,
  },
  { key: 'sni', label: 'SNI', hint: 'empty: the target host name', advanced: true },
  { key: 'verifyName', label: 'Verify name', hint: 'empty: the target host name', advanced: true },
  { key: 'caFile', label: 'CA file', hint: 'extra trusted roots (PEM)', advanced: true },
  { key: 'timeout', label: 'Timeout ms', hint: 'per step', advanced: true },
];

type Values = Record<Field['key'], string>;

/** Tab and Enter inside one string of input: a paste, not keys the text input may take. */
const SEPARATOR = /[\t\r\n]/;

/** The form as it opens: every field empty but the CLI's default timeout. */
export const EMPTY_FORM: Values = {
  target: '',
  port: '',
  tls: '',
  ehlo: '',
  sni: '',
  verifyName: '',
  caFile: '',
  timeout: '15000',
};

/** Validate with the CLI's own rules; returns the options or the first error line. */
export function validateForm(v: Values): { options: ProbeOptions } | { error: string } {
  if (!['starttls', 'implicit', 'none', ''].includes(v.tls))
    return { error: 'TLS mode: use starttls, implicit or none' };
  const flags: RawFlags = { timeout: v.timeout || '15000', color: true };
  if (v.port) flags.port = v.port;
  if (v.tls) flags.tls = v.tls as TlsMode;
  if (v.ehlo) flags.ehlo = v.ehlo;
  if (v.sni) flags.sni = v.sni;
  if (v.verifyName) flags.verifyName = v.verifyName;
  if (v.caFile) flags.caFile = [v.caFile];
  try {
    const choice = toChoice(v.target, flags, true, {});
    return choice.options ? { options: choice.options } : { error: 'a target is required' };
  } catch (err) {
    if (err instanceof UsageError) return { error: err.message };
    throw err;
  }
}

export function StartForm(props: {
  color: boolean;
  onStart: (o: ProbeOptions) => void;
  onQuit: () => void;
}): React.JSX.Element {
  const theme = makeTheme(props.color);
  const [values, setValues] = useState<Values>(EMPTY_FORM);
  const [focus, setFocus] = useState(0);
  const [tried, setTried] = useState(false);
  const result = values.target
    ? validateForm(values)
    : { error: 'type a target, e.g. mx.example.org' };
  // Keys that arrive in one read (a paste, a fast typist, a script) are handled one after the
  // other before React has run the effects that move the input's subscription to the newly
  // focused field, so a key typed right after Tab would land in the field that had focus. From
  // a move until those effects have run (`moving`), this handler types into the focused field
  // itself and the inputs' own changes are ignored; focus and values live in refs, changed at
  // once, so each key sees what the previous one did. A paste holding Tab or Enter arrives as
  // one string, which the input would take literally: this handler splits it.
  const focusRef = useRef(focus);
  const moving = useRef(false);
  const [moves, setMoves] = useState(0);
  useEffect(() => {
    moving.current = false;
  }, [moves]);
  const latest = useRef(values);
  const set = (update: Partial<Values>): void => {
    latest.current = { ...latest.current, ...update };
    setValues(latest.current);
  };
  const focusedKey = (): Field['key'] => (FIELDS[focusRef.current] as Field).key;
  const move = (by: number): void => {
    focusRef.current = (focusRef.current + by + FIELDS.length) % FIELDS.length;
    moving.current = true;
    setFocus(focusRef.current);
    setMoves((n) => n + 1);
  };
  const edit = (field: Field['key'], next: string): void => {
    if (moving.current || field !== focusedKey() || SEPARATOR.test(next)) return;
    set({ [field]: next });
  };
  useInput((input, key) => {
    if (key.escape || (key.ctrl && input === 'c')) return props.onQuit();
    if (key.tab || key.downArrow) return move(key.shift ? -1 : 1);
    if (key.upArrow) return move(-1);
    const pasted = input.length > 1 && SEPARATOR.test(input);
    if ((!moving.current && !pasted) || key.ctrl || key.meta || key.return) return;
    const k = focusedKey();
    if (key.backspace || key.delete) return set({ [k]: latest.current[k].slice(0, -1) });
    for (const part of input.split(/([\t\r\n])/)) {
      if (part === '\t') move(1);
      else if (part === '\r' || part === '\n') submit();
      else if (part) set({ [focusedKey()]: latest.current[focusedKey()] + part });
    }
  });
  const submit = (): void => {
    setTried(true);
    const now = latest.current.target ? validateForm(latest.current) : null;
    if (now && 'options' in now) props.onStart(now.options);
  };
  return (
    <Box flexDirection="column">
      <Text bold={theme.bold} color={theme.color('cyan')}>
        smtpscope — probe a mail server&apos;s STARTTLS and TLS, step by step
      </Text>
      <Text color={theme.color('gray')}>Tab/↑/↓ move · Enter starts · Esc quits</Text>
      {FIELDS.map((f, i) => (
        <Box key={f.key}>
          <Text color={theme.color(i === focus ? 'cyan' : 'white')}>
            {i === focus ? '› ' : '  '}
            {(f.advanced ? `${f.label} (adv.)` : f.label).padEnd(20)}
          </Text>
          {i === focus ? (
            <TextInput
              value={values[f.key]}
              onChange={(v) => edit(f.key, v)}
              onSubmit={submit}
              placeholder={f.hint}
            />
          ) : (
            <Text color={theme.color('gray')}>{values[f.key] || f.hint}</Text>
          )}
        </Box>
      ))}
      <Text color={theme.color('error' in result ? (tried ? 'red' : 'yellow') : 'green')}>
        {'error' in result
          ? result.error
          : `ready: ${result.options.host} port ${result.options.port}, ${result.options.tlsMode}`}
      </Text>
    </Box>
  );
}
