// SMTP reply model (RFC 5321 §4.2) and the enhanced status code (RFC 3463, RFC 2034).
//
// Two views of the same bytes: `lines`/`text`/`raw` are escaped for a person to read;
// `unescaped` is what decisions are made on (codes, EHLO keywords and parameters). Escaping
// first and deciding afterwards would read a stray CR as the text "\x0d" and keep a tab
// inside a keyword (issue #10).

export interface Reply {
  /** Three-digit reply code, e.g. 250. In an inconsistent reply, the final line's. */
  code: number;
  /** Enhanced status code from the first line ("2.0.0"), when the server uses them. */
  enhanced: string | null;
  /** Text of each line after the code and separator, escaped for display. */
  lines: string[];
  /** `lines` joined with "\n". */
  text: string;
  /** Raw lines as received (without CRLF), escaped for display, for the transcript. */
  raw: string[];
  /** True when any line was cut at the line cap. */
  truncated: boolean;
  // The fields below are set by ReplyParser. They are optional only so that replies built by
  // hand elsewhere keep compiling; readers fall back to `lines` when `unescaped` is absent.
  /**
   * Per line, the same text as `lines` but NOT escaped: the received bytes decoded as latin1
   * (one character per byte, so nothing is lost or merged), every CR before the LF removed.
   * For decisions only; never print it (escape it with escapeBytes(latin1 bytes) first).
   */
  unescaped?: string[];
  /** True when any line ended with a bare LF, no CR before it (RFC 5321 §2.3.8). */
  bareLf?: boolean;
  /**
   * True when the lines of a multi-line reply did not all carry the same code, which RFC 5321
   * §4.2.1 says they MUST; `code` is then the final line's (the line that ends the reply).
   */
  inconsistentCodes?: boolean;
}

/** A reply as ReplyParser makes it: every field present. */
export type ParsedReply = Reply &
  Required<Pick<Reply, 'unescaped' | 'bareLf' | 'inconsistentCodes'>>;
