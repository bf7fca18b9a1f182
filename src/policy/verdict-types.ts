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
