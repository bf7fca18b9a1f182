// The submission flags (issue 15) as a SubmissionSpec: --from/--to/--header/--body/--data,
// --auth-user with the password from SMTPSCOPE_PASSWORD or --auth-password-file (never a flag
// value: a flag shows in the process list), --auth-mech, --allow-plaintext-auth,
// --requiretls, --no-pipelining, --bdat. Bad input is a one-line UsageError, as elsewhere.
import { readSync } from 'node:fs';
import type { SaslMechanism, SubmissionSpec } from '../model/submission.js';
import { SASL_MECHANISMS } from '../model/submission.js';
import { escapeText } from '../smtp/escape.js';
import { formatBytes, readUserFile } from './user-file.js';

/**
 * A --data message: 10 MiB is the common SIZE limit of submission servers (Postfix's
 * message_size_limit default is 10240000), and bounds what a wrong path or pipe can cost.
 */
export const MESSAGE_FILE_CAP_BYTES = 10 * 1024 * 1024;
/** A password file holds one line. */
export const PASSWORD_FILE_CAP_BYTES = 4096;

export interface SubmissionFlags {
  from?: string;
  to?: string[];
  header?: string[];
  body?: string;
  data?: string;
  authUser?: string;
  authPasswordFile?: string;
  authMech?: string;
  allowPlaintextAuth?: boolean;
  requiretls?: boolean;
  /** false with --no-pipelining */
  pipelining?: boolean;
  bdat?: boolean;
}

export type SubmissionChoice =
  { ok: true; spec: SubmissionSpec | null; needsPassword: boolean } | { ok: false; error: string };

// eslint-disable-next-line no-control-regex -- control characters are what is refused
const CONTROL = /[\u0000-\u001f\u007f]/;

/** An envelope address (RFC 5321 §4.1.2 Mailbox, loosely): one @, no space, <, > or control. */
export function addressError(flag: string, a: string): string | null {
  if (CONTROL.test(a) || /[\s<>]/.test(a))
    return `${flag} "${escapeText(a)}": an address holds no spaces, angle brackets or control characters`;
  if (!/^[^@]+@[^@]+$/.test(a))
    return `${flag} "${escapeText(a)}" is not an address (local@domain)`;
  // RFC 5321 §4.5.3.1.3: a path is at most 256 octets.
  if (Buffer.byteLength(a, 'utf8') > 254) return `${flag} "${escapeText(a)}" is too long`;
  return null;
}

function headerError(h: string): string | null {
  if (CONTROL.test(h.replace(/\t/g, ' ')))
    return `--header "${escapeText(h)}" holds a control character`;
  // RFC 5322 §2.2: field name = printable ASCII except ":", then ":".
  if (!/^[!-9;-~]+:/.test(h)) return `--header "${escapeText(h)}" is not "Name: value"`;
  return null;
}

/** Read all of stdin, up to `cap` bytes (for `--data -`). */
export function readStdin(cap: number): { ok: true; bytes: Buffer } | { ok: false; error: string } {
  const chunks: Buffer[] = [];
  let total = 0;
  const buf = Buffer.alloc(65536);
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buf, 0, buf.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') continue;
      if (code === 'EOF') break;
      return { ok: false, error: `--data -: cannot read standard input (${code ?? 'error'})` };
    }
    if (n === 0) break;
    total += n;
    if (total > cap) return { ok: false, error: `--data -: larger than ${formatBytes(cap)}` };
    chunks.push(Buffer.from(buf.subarray(0, n)));
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}

export function toSubmission(
  f: SubmissionFlags,
  env: NodeJS.ProcessEnv,
  ehloName: string,
  stdin: () => ReturnType<typeof readStdin> = () => readStdin(MESSAGE_FILE_CAP_BYTES),
): SubmissionChoice {
  const to = f.to ?? [];
  const wants = to.length > 0 || f.authUser !== undefined;
  if (!wants) {
    const stray = (
      [
        ['--from', f.from],
        ['--header', f.header?.length ? f.header : undefined],
        ['--body', f.body],
        ['--data', f.data],
        ['--auth-password-file', f.authPasswordFile],
        ['--auth-mech', f.authMech],
      ] as const
    ).find(([, v]) => v !== undefined);
    if (stray) return { ok: false, error: `${stray[0]} needs --to (or --auth-user)` };
    return { ok: true, spec: null, needsPassword: false };
  }
  // Default sender: smtpscope@ + the EHLO name; the null path <> only when asked (--from '').
  const from = f.from ?? `smtpscope@${ehloName}`;
  if (from !== '') {
    const e = addressError('--from', from);
    if (e) return { ok: false, error: e };
  }
  for (const t of to) {
    const e = addressError('--to', t);
    if (e) return { ok: false, error: e };
  }
  for (const h of f.header ?? []) {
    const e = headerError(h);
    if (e) return { ok: false, error: e };
  }
  if (f.body !== undefined && f.data !== undefined)
    return { ok: false, error: '--body and --data cannot be used together' };
  const spec: SubmissionSpec = {
    from,
    to,
    headers: f.header ?? [],
    pipelining: f.pipelining !== false,
    ...(f.body !== undefined ? { body: f.body } : {}),
    ...(f.requiretls ? { requireTls: true } : {}),
    ...(f.bdat ? { bdat: true } : {}),
  };
  if (f.data !== undefined) {
    if (f.header?.length)
      return {
        ok: false,
        error: '--header and --data cannot be used together (put the headers in the file)',
      };
    const read =
      f.data === '-'
        ? stdin()
        : readUserFile(f.data, { capBytes: MESSAGE_FILE_CAP_BYTES, what: '--data' });
    if (!read.ok) return read;
    spec.data = read.bytes;
  }
  let needsPassword = false;
  if (f.authUser !== undefined) {
    if (f.authUser === '' || CONTROL.test(f.authUser))
      return {
        ok: false,
        error: '--auth-user must be a non-empty name without control characters',
      };
    let mechanism: SaslMechanism | undefined;
    if (f.authMech !== undefined) {
      const m = f.authMech.toUpperCase() as SaslMechanism;
      if (!SASL_MECHANISMS.includes(m))
        return {
          ok: false,
          error: `--auth-mech ${escapeText(f.authMech)}: use one of ${SASL_MECHANISMS.join(', ')}`,
        };
      mechanism = m;
    }
    let password = env.SMTPSCOPE_PASSWORD ?? '';
    if (f.authPasswordFile !== undefined) {
      const file = readUserFile(f.authPasswordFile, {
        capBytes: PASSWORD_FILE_CAP_BYTES,
        what: '--auth-password-file',
      });
      if (!file.ok) return file;
      password = file.bytes.toString('utf8').split(/\r?\n/)[0] ?? '';
      if (password === '')
        return {
          ok: false,
          error: `--auth-password-file ${escapeText(f.authPasswordFile)}: the first line is empty`,
        };
    }
    needsPassword = password === '';
    spec.auth = {
      user: f.authUser,
      password,
      ...(mechanism ? { mechanism } : {}),
      ...(f.allowPlaintextAuth ? { allowPlaintext: true } : {}),
    };
  } else if (f.authMech !== undefined || f.authPasswordFile !== undefined) {
    return {
      ok: false,
      error: `${f.authMech !== undefined ? '--auth-mech' : '--auth-password-file'} needs --auth-user`,
    };
  }
  return { ok: true, spec, needsPassword };
}
