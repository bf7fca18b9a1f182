// The verdict contract of the JSON report (issue #2): keep these names exactly.

export type VerdictStatus =
  | 'ok'
  | 'tls-not-offered'
  | 'starttls-rejected'
  | 'tls-failed'
  | 'certificate-invalid'
  | 'smtp-error'
  | 'unreachable';

export interface Verdict {
  status: VerdictStatus;
  /** Reason codes, e.g. ["expired"], ["protocol-mismatch"], ["banner-timeout"]. */
  reasons: string[];
  /** Would a sender that refuses plaintext deliver? */
  strictTls: 'deliver' | 'drop';
  /** One plain sentence. */
  summary: string;
  /** What the server's admin should do. */
  fix: string;
}

/**
 * What a StrictTLS sender would do, in words for people (`--plain`, the TUI). A run that never
 * tried TLS reports "drop" in JSON (only a working handshake earns "deliver"); people are told
 * that it was not shown rather than that the sender drops.
 */
export function strictTlsWords(v: Verdict): string {
  if (v.reasons.includes('tls-not-tested')) return 'not shown: TLS was not tested';
  return v.strictTls === 'deliver' ? 'would DELIVER' : 'would DROP';
}
