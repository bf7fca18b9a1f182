// Sans-IO SMTP reply parser (RFC 5321 §4.2): bytes in, events out, no sockets. Memory stays
// bounded whatever the server sends: a line is kept up to maxLineBytes, a reply up to
// maxReplyBytes / maxReplyLines, and the rest is counted, not stored.
//
// Decisions are made on the bytes, escaping is only for display: each line is kept twice, as
// latin1 text with every CR before the LF removed (what codes, enhanced codes and EHLO keywords
// are read from) and escaped for a person (escapeBytes). Postfix, too, strips every CR before
// the LF, so "250 STARTTLS\r\r\n" offers STARTTLS.
import { escapeBytes } from './escape.js';
import { parseEnhancedStatus } from './enhanced-status.js';
import { LIMITS } from './limits.js';
import type { Limits } from './limits.js';
import type { ParsedReply } from './reply.js';

export interface ReplyError {
  kind: 'bad-code' | 'code-changed' | 'reply-too-large' | 'too-many-lines';
  message: string;
  /** The offending line, escaped for display. */
  line: string;
  /**
   * For 'code-changed': the whole reply up to its final line, whose code it takes, with
   * `inconsistentCodes` set (RFC 5321 §4.2.1), for a caller that wants to go on with it.
   */
  reply?: ParsedReply;
}

export type ParserEvent =
  | {
      type: 'line';
      /** The line escaped for display (one CR before the LF removed, any further CR shown). */
      text: string;
      /** The line for decisions: latin1, every CR before the LF removed, not escaped. */
      unescaped: string;
      truncated: boolean;
      /** Bytes of text beyond the line cap; CRs ending the line are not counted. */
      droppedBytes: number;
      bareLf: boolean;
    }
  | { type: 'reply'; reply: ParsedReply }
  | { type: 'error'; error: ReplyError };

export interface ParserOptions {
  /**
   * Turns a line's bytes into display text (default escapeBytes). Decisions never read its
   * output; a test swaps it to show that (test/smtp/decisions.test.ts).
   */
  display?: (bytes: Uint8Array) => string;
}

const LF = 0x0a;
const CR = 0x0d;
/** RFC 5321 §4.2: Reply-code, then "-" (more lines follow), SP or nothing (the last line). */
const REPLY_LINE = /^([1-5]\d\d)([ -]|$)/;

interface PendingReply {
  code: number;
  texts: string[];
  unescaped: string[];
  raw: string[];
  /** Per line: its code and enhanced code, to pick the one that goes with the final code. */
  enhanced: { code: number; enhanced: string | null }[];
  bytes: number;
  truncated: boolean;
  bareLf: boolean;
  /** The first line whose code differed from the first line's, escaped. */
  changedAt: { line: string; from: number; to: number } | null;
}

export class ReplyParser {
  private readonly limits: Limits;
  private readonly display: (bytes: Uint8Array) => string;
  private line: Uint8Array;
  private lineLen = 0;
  private dropped = 0;
  /** CRs at the end of the line so far, kept or dropped: they end the line, they are not text. */
  private trailingCr = 0;
  private reply: PendingReply | null = null;
  /** After an overflow: swallow the rest of the reply up to its final line, silently. */
  private skipping = false;

  constructor(limits: Partial<Limits> = {}, options: ParserOptions = {}) {
    this.limits = { ...LIMITS, ...limits };
    this.display = options.display ?? escapeBytes;
    this.line = new Uint8Array(Math.min(this.limits.maxLineBytes, 1024));
  }

  get bufferedBytes(): number {
    return this.lineLen;
  }

  get inReply(): boolean {
    return this.reply !== null || this.skipping;
  }

  reset(): void {
    this.lineOverflow = false;
    this.lineLen = 0;
    this.dropped = 0;
    this.trailingCr = 0;
    this.reply = null;
    this.skipping = false;
  }

  push(chunk: Uint8Array): ParserEvent[] {
    const events: ParserEvent[] = [];
    let start = 0;
    while (start < chunk.length) {
      const nl = chunk.indexOf(LF, start);
      const end = nl === -1 ? chunk.length : nl;
      this.append(chunk.subarray(start, end));
      if (nl === -1) {
        this.checkOpenLine(events);
        break;
      }
      if (this.lineOverflow) {
        // The rest of a line already reported as too large: swallowed with the reply.
        this.lineOverflow = false;
        const { bytes } = this.takeLine();
        // A continuation line ("250-…") leaves more of the reply to swallow; a final one ends it.
        const m = REPLY_LINE.exec(latin1(bytes.subarray(0, 4)));
        this.skipping = m !== null && m[2] === '-';
      } else this.completeLine(events);
      start = nl + 1;
    }
    return events;
  }

  /** The line reported too large while it was still open (its end not yet seen). */
  private lineOverflow = false;

  /**
   * A line that never ends grows the reply past its cap before any line is complete: say so at
   * once (the reply cap holds for open lines too), instead of reading at full speed until the
   * step's timeout and calling it a drip.
   */
  private checkOpenLine(events: ParserEvent[]): void {
    if (this.lineOverflow || this.skipping) return;
    const size = (this.reply?.bytes ?? 0) + this.lineLen + this.dropped - this.trailingCr;
    if (size <= this.limits.maxReplyBytes) return;
    const text = this.display(this.line.subarray(0, Math.min(this.lineLen, 200)));
    this.reply = null;
    this.lineOverflow = true;
    this.skipping = true;
    events.push(
      this.error(
        'reply-too-large',
        `reply is larger than ${this.limits.maxReplyBytes} bytes`,
        text,
      ),
    );
  }

  private append(bytes: Uint8Array): void {
    let crs = 0;
    while (crs < bytes.length && bytes[bytes.length - 1 - crs] === CR) crs++;
    this.trailingCr = crs === bytes.length ? this.trailingCr + crs : crs;
    const room = this.limits.maxLineBytes - this.lineLen;
    const take = Math.min(room, bytes.length);
    if (this.lineLen + take > this.line.length) {
      const bigger = new Uint8Array(
        Math.min(this.limits.maxLineBytes, Math.max(this.line.length * 2, this.lineLen + take)),
      );
      bigger.set(this.line.subarray(0, this.lineLen));
      this.line = bigger;
    }
    this.line.set(bytes.subarray(0, take), this.lineLen);
    this.lineLen += take;
    this.dropped += bytes.length - take;
  }

  /** Splits the finished line into its text and its end, and resets the line buffer. */
  private takeLine(): { bytes: Uint8Array; textLen: number; displayLen: number; cut: number } {
    const total = this.lineLen + this.dropped;
    // The cap applies to the text: CRs that end the line are neither text nor "more bytes".
    const text = total - this.trailingCr;
    const textLen = Math.min(this.lineLen, text);
    // Display drops the one CR of the CRLF; any further CR stays visible (shown as \x0d).
    const displayLen = Math.min(this.lineLen, total - (this.trailingCr > 0 ? 1 : 0));
    const bytes = this.line.subarray(0, this.lineLen);
    this.lineLen = 0;
    this.dropped = 0;
    this.trailingCr = 0;
    return { bytes, textLen, displayLen, cut: text - textLen };
  }

  private completeLine(events: ParserEvent[]): void {
    const bareLf = this.trailingCr === 0;
    const { bytes, textLen, displayLen, cut } = this.takeLine();
    // The reply cap counts text too, so "\r\r\n" and "\n" endings meet it at the same point.
    const size = textLen + cut;
    const truncated = cut > 0;
    // latin1: one character per byte, so byte offsets and string offsets agree, and the
    // ASCII that SMTP's grammar is made of (RFC 5321 §4.1.2, §4.2) reads as itself.
    const unescaped = latin1(bytes.subarray(0, textLen));
    const text = this.display(bytes.subarray(0, displayLen));
    const m = REPLY_LINE.exec(unescaped);
    if (this.skipping) {
      if (!m || m[2] !== '-') this.skipping = false;
      return;
    }
    events.push({ type: 'line', text, unescaped, truncated, droppedBytes: cut, bareLf });
    if (!m) {
      this.reply = null;
      events.push(
        this.error('bad-code', 'reply line does not start with a three-digit code', text),
      );
      return;
    }
    const code = Number(m[1]);
    const last = m[2] !== '-';
    const status = parseEnhancedStatus(code, unescaped.slice(m[0].length));
    const bodyAt = textLen - status.rest.length;
    const r: PendingReply = this.reply ?? {
      code,
      texts: [],
      unescaped: [],
      raw: [],
      enhanced: [],
      bytes: 0,
      truncated: false,
      bareLf: false,
      changedAt: null,
    };
    if (r.code !== code && r.changedAt === null)
      r.changedAt = { line: text, from: r.code, to: code };
    r.code = code; // the final line's code is the reply's (RFC 5321 §4.2.1: they should agree)
    r.texts.push(this.display(bytes.subarray(Math.min(bodyAt, displayLen), displayLen)));
    r.unescaped.push(status.rest);
    r.enhanced.push({ code, enhanced: status.enhanced });
    r.raw.push(text);
    r.bytes += size;
    r.truncated ||= truncated;
    r.bareLf ||= bareLf;
    if (r.raw.length > this.limits.maxReplyLines || r.bytes > this.limits.maxReplyBytes) {
      const lines = r.raw.length > this.limits.maxReplyLines;
      this.reply = null;
      this.skipping = !last;
      events.push(
        this.error(
          lines ? 'too-many-lines' : 'reply-too-large',
          lines
            ? `reply has more than ${this.limits.maxReplyLines} lines`
            : `reply is larger than ${this.limits.maxReplyBytes} bytes`,
          text,
        ),
      );
      return;
    }
    if (!last) {
      this.reply = r;
      return;
    }
    this.reply = null;
    const reply = toReply(r);
    if (!r.changedAt) return void events.push({ type: 'reply', reply });
    // Reported when the reply ends, so the caller gets the whole of it (final line's code).
    const { from, to, line } = r.changedAt;
    events.push({
      type: 'error',
      error: {
        kind: 'code-changed',
        message: `reply code changed from ${from} to ${to} within one reply`,
        line: line.slice(0, 200),
        reply,
      },
    });
  }

  private error(kind: ReplyError['kind'], message: string, line: string): ParserEvent {
    return { type: 'error', error: { kind, message, line: line.slice(0, 200) } };
  }
}

function latin1(bytes: Uint8Array): string {
  let out = '';
  // Chunks keep String.fromCharCode's argument list short (a line is at most the line cap).
  for (let i = 0; i < bytes.length; i += 4096)
    out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  return out;
}

function toReply(r: PendingReply): ParsedReply {
  // The enhanced code of the first line that carries the reply's (final) code: in a
  // consistent reply that is the first line, as before.
  const first = r.enhanced.find((e) => e.code === r.code);
  return {
    code: r.code,
    enhanced: first?.enhanced ?? null,
    lines: r.texts,
    text: r.texts.join('\n'),
    raw: r.raw,
    truncated: r.truncated,
    unescaped: r.unescaped,
    bareLf: r.bareLf,
    inconsistentCodes: r.changedAt !== null,
  };
}
