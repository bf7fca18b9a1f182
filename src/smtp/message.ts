// The test message, built sans-IO: the generated default (Date, Message-ID, From, To, Subject,
// X-Mailer and a short body naming the session's TLS), or a whole message the user gave, made
// ready for the wire: CRLF line ends (RFC 5321 §2.3.8), dot-stuffing for DATA (§4.5.2), the
// 998-octet line limit (RFC 5322 §2.1.1) checked, and whether 8BITMIME / SMTPUTF8 are needed.
import { randomBytes } from 'node:crypto';

export interface MessageInput {
  from: string;
  to: string[];
  /** "Name: value" lines; a name given here replaces the generated header of that name. */
  headers: string[];
  body?: string;
  /** A whole message as the user gave it: used as is (after line-end normalisation). */
  data?: Buffer;
  ehloName: string;
  /** One line saying what TLS the message went over ("TLSv1.3 TLS_AES_256_GCM_SHA384"), or null. */
  tls: string | null;
  now: Date;
}

export interface BuiltMessage {
  /** The message with CRLF line ends, ending in CRLF; not dot-stuffed. */
  bytes: Buffer;
  /** Header field names in order. */
  headers: string[];
  /** Octets above 127 appear (needs 8BITMIME, RFC 6152). */
  eightBit: boolean;
  /** Lines longer than 998 octets (RFC 5322 §2.1.1; RFC 5321 §4.5.3.1.6 allows 1000 with CRLF). */
  longLines: number;
}

/** RFC 5322 §3.3 date-time, e.g. "Tue, 02 Jan 2024 15:04:05 +0000" (always UTC here). */
export function rfc5322Date(d: Date): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = [
    'Jan',
    'Feb',
    'Mar',
    'Apr',
    'May',
    'Jun',
    'Jul',
    'Aug',
    'Sep',
    'Oct',
    'Nov',
    'Dec',
  ];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** Every line end (CRLF, bare LF, bare CR) as CRLF, ending with one. */
export function toCrlf(bytes: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 0x0d) {
      out.push(0x0d, 0x0a);
      if (bytes[i + 1] === 0x0a) i++;
    } else if (b === 0x0a) out.push(0x0d, 0x0a);
    else out.push(b);
  }
  const n = out.length;
  if (n > 0 && !(out[n - 2] === 0x0d && out[n - 1] === 0x0a)) out.push(0x0d, 0x0a);
  return Buffer.from(out);
}

/**
 * RFC 5321 §4.5.2: a line that starts with "." gets one more "." in front, so that no line of
 * the message is the lone "." that ends DATA; then the terminator CRLF.CRLF. `crlf` must be
 * CRLF-normalised (toCrlf).
 */
export function dotStuff(crlf: Buffer): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= crlf.length; i++) {
    const atLineStart = i === 0 || (crlf[i - 1] === 0x0a && crlf[i - 2] === 0x0d);
    if (atLineStart && i < crlf.length && crlf[i] === 0x2e) {
      parts.push(crlf.subarray(start, i), Buffer.from('.'));
      start = i;
    }
  }
  parts.push(crlf.subarray(start), Buffer.from('.\r\n'));
  return Buffer.concat(parts);
}

function headerName(line: string): string {
  return (line.split(':')[0] ?? '').trim();
}

function scan(crlf: Buffer): { eightBit: boolean; longLines: number; headers: string[] } {
  let eightBit = false;
  let longLines = 0;
  let lineStart = 0;
  const headers: string[] = [];
  let inHeader = true;
  for (let i = 0; i < crlf.length; i++) {
    if ((crlf[i] as number) > 0x7f) eightBit = true;
    if (crlf[i] === 0x0a) {
      const len = i - 1 - lineStart;
      if (len > 998) longLines++;
      if (inHeader) {
        const line = crlf.subarray(lineStart, i - 1).toString('latin1');
        if (line.length === 0) inHeader = false;
        else if (!/^[ \t]/.test(line) && headers.length < 200) headers.push(headerName(line));
      }
      lineStart = i + 1;
    }
  }
  return { eightBit, longLines, headers };
}

export function messageId(ehloName: string, now: Date): string {
  const domain = ehloName.replace(/^\[|\]$/g, '').replace(/[^A-Za-z0-9.-]/g, '-') || 'smtpscope';
  return `<${now.getTime().toString(36)}.${randomBytes(6).toString('hex')}@${domain}>`;
}

/** The message as it will be sent, before dot-stuffing. */
export function buildMessage(m: MessageInput): BuiltMessage {
  if (m.data) {
    const bytes = toCrlf(m.data);
    return { bytes, ...scan(bytes) };
  }
  const generated: [string, string][] = [
    ['Date', rfc5322Date(m.now)],
    ['Message-ID', messageId(m.ehloName, m.now)],
    ['From', m.from === '' ? '<>' : `<${m.from}>`],
    ['To', m.to.map((t) => `<${t}>`).join(', ')],
    ['Subject', `smtpscope test ${rfc5322Date(m.now)}`],
    ['X-Mailer', 'smtpscope'],
  ];
  const extra = m.headers.map((h) => [headerName(h), h] as const);
  const replaced = new Set(extra.map(([n]) => n.toLowerCase()));
  const lines = [
    ...generated.filter(([n]) => !replaced.has(n.toLowerCase())).map(([n, v]) => `${n}: ${v}`),
    ...extra.map(([, line]) => line),
  ];
  const body =
    m.body ??
    [
      'This is a test message sent by smtpscope.',
      '',
      m.tls ? `It was sent over ${m.tls}.` : 'It was sent WITHOUT TLS.',
    ].join('\n');
  const bytes = toCrlf(Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'utf8'));
  return { bytes, ...scan(bytes) };
}

/** "250 2.0.0 Ok: queued as 4Xyz" (Postfix), "250 OK id=1abc-…" (Exim): the queue id, or null. */
export function queueIdOf(text: string): string | null {
  const m =
    /queued as\s+([A-Za-z0-9._@<>-]{1,80})/i.exec(text) ??
    /\bid=([A-Za-z0-9._-]{1,80})/i.exec(text);
  return m ? (m[1] ?? null) : null;
}
