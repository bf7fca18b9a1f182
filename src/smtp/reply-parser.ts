// Sans-IO SMTP reply parser (RFC 5321 §4.2): bytes in, events out, no sockets. Memory stays
// bounded whatever the server sends: a line is kept up to maxLineBytes, a reply up to
// maxReplyBytes / maxReplyLines, and the rest is counted, not stored.
import { escapeBytes } from './escape.js';
import { parseEnhancedStatus } from './enhanced-status.js';
import { LIMITS } from './limits.js';
import type { Limits } from './limits.js';
import type { Reply } from './reply.js';

export interface ReplyError {
  kind: 'bad-code' | 'code-changed' | 'reply-too-large' | 'too-many-lines';
  message: string;
  line: string;
}

export type ParserEvent =
  | { type: 'line'; text: string; truncated: boolean; droppedBytes: number; bareLf: boolean }
  | { type: 'reply'; reply: Reply }
  | { type: 'error'; error: ReplyError };

const LF = 0x0a;
const CR = 0x0d;
const REPLY_LINE = /^([1-5]\d\d)([ -]|$)/;

interface PendingReply {
  code: number;
  texts: string[];
  raw: string[];
  bytes: number;
  truncated: boolean;
}

export class ReplyParser {
  private readonly limits: Limits;
  private line: Uint8Array;
  private lineLen = 0;
  private dropped = 0;
  private reply: PendingReply | null = null;
  /** After an overflow: swallow the rest of the reply up to its final line, silently. */
  private skipping = false;

  constructor(limits: Partial<Limits> = {}) {
    this.limits = { ...LIMITS, ...limits };
    this.line = new Uint8Array(Math.min(this.limits.maxLineBytes, 1024));
  }

  get bufferedBytes(): number {
    return this.lineLen;
  }

  get inReply(): boolean {
    return this.reply !== null || this.skipping;
  }

  reset(): void {
    this.lineLen = 0;
    this.dropped = 0;
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
      if (nl === -1) break;
      this.completeLine(events);
      start = nl + 1;
    }
    return events;
  }

  private append(bytes: Uint8Array): void {
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

  private completeLine(events: ParserEvent[]): void {
    let len = this.lineLen;
    const truncated = this.dropped > 0;
    // A CR cut off by truncation is among the dropped bytes; otherwise it ends the kept bytes.
    const bareLf = truncated ? false : !(len > 0 && this.line[len - 1] === CR);
    if (!truncated && !bareLf) len -= 1;
    const text = escapeBytes(this.line.subarray(0, len));
    const droppedBytes = this.dropped;
    const size = this.lineLen + this.dropped;
    this.lineLen = 0;
    this.dropped = 0;
    const m = REPLY_LINE.exec(text);
    if (this.skipping) {
      if (!m || m[2] !== '-') this.skipping = false;
      return;
    }
    events.push({ type: 'line', text, truncated, droppedBytes, bareLf });
    if (!m) {
      this.reply = null;
      events.push(
        this.error('bad-code', 'reply line does not start with a three-digit code', text),
      );
      return;
    }
    const code = Number(m[1]);
    const last = m[2] !== '-';
    const body = text.slice(m[0].length);
    const r: PendingReply = this.reply ?? { code, texts: [], raw: [], bytes: 0, truncated: false };
    if (r.code !== code) {
      this.reply = null;
      events.push(
        this.error(
          'code-changed',
          `reply code changed from ${r.code} to ${code} within one reply`,
          text,
        ),
      );
      return;
    }
    r.texts.push(body);
    r.raw.push(text);
    r.bytes += size;
    r.truncated ||= truncated;
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
    events.push({ type: 'reply', reply: toReply(r) });
  }

  private error(kind: ReplyError['kind'], message: string, line: string): ParserEvent {
    return { type: 'error', error: { kind, message, line: line.slice(0, 200) } };
  }
}

function toReply(r: PendingReply): Reply {
  const first = parseEnhancedStatus(r.code, r.texts[0] ?? '');
  const lines = r.texts.map((t) => parseEnhancedStatus(r.code, t).rest);
  return {
    code: r.code,
    enhanced: first.enhanced,
    lines,
    text: lines.join('\n'),
    raw: r.raw,
    truncated: r.truncated,
  };
}
