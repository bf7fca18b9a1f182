// SMTP reply model (RFC 5321 §4.2) and the enhanced status code (RFC 3463, RFC 2034).

export interface Reply {
  /** Three-digit reply code, e.g. 250. */
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
}
