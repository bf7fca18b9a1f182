// Command builders (RFC 5321 §4.1). Each returns the line without CRLF (the engine appends it),
// or an error sentence for input that would break the dialogue (CR, LF, NUL, overlong lines).
/* eslint-disable no-control-regex -- finding control characters is what this file is for */
import { ipFamily } from './ip-literal.js';

export type CommandResult = { ok: true; line: string } | { ok: false; error: string };

/** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets including CRLF. */
const MAX_COMMAND = 510;
const LABEL = /^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$/;

/** RFC 5321 §4.1.3/§4.1.4: a domain, or an address literal [1.2.3.4] / [IPv6:…]. Null when ok. */
export function validateEhloName(name: string): string | null {
  if (name.length === 0) return 'the EHLO name is empty';
  const literal = /^\[(?:IPv6:)?([^\]]+)\]$/.exec(name);
  if (literal) {
    const addr = literal[1] ?? '';
    const v6 = name.startsWith('[IPv6:');
    return ipFamily(addr) === (v6 ? 6 : 4) ? null : `"${name}" is not a valid address literal`;
  }
  if (name.length > 253) return 'the EHLO name is longer than 253 characters';
  const host = name.endsWith('.') ? name.slice(0, -1) : name;
  return host.split('.').every((l) => LABEL.test(l))
    ? null
    : `"${name}" is not a valid domain name`;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export function rawCommand(text: string): CommandResult {
  const line = text.replace(/\r?\n$/, '');
  if (line.trim().length === 0) return { ok: false, error: 'the command is empty' };
  if (CONTROL.test(line))
    return { ok: false, error: 'the command holds a control character (CR, LF, NUL…)' };
  if (Buffer.byteLength(line, 'utf8') > MAX_COMMAND) {
    return {
      ok: false,
      error: `the command is longer than ${MAX_COMMAND} bytes (RFC 5321 §4.5.3.1.4)`,
    };
  }
  return { ok: true, line };
}

function withName(verb: string, name: string): CommandResult {
  const error = validateEhloName(name);
  return error ? { ok: false, error } : { ok: true, line: `${verb} ${name}` };
}

export const ehloCommand = (name: string): CommandResult => withName('EHLO', name);
export const heloCommand = (name: string): CommandResult => withName('HELO', name);
export const starttlsCommand = (): string => 'STARTTLS';
export const quitCommand = (): string => 'QUIT';
