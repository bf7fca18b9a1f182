// What a sender would make of a probe, as codes (src/policy/verdict.ts decides it from the
// facts alone). The report contract's summary and fix are words, made from these codes in
// src/wording/: keep every name here exactly (issue #2's JSON contract).

export type VerdictStatus =
  | 'ok'
  | 'tls-not-offered'
  | 'starttls-rejected'
  | 'tls-failed'
  | 'certificate-invalid'
  | 'smtp-error'
  | 'unreachable'
  /** TLS works and the certificate verifies, but what was negotiated is worth fixing. */
  | 'tls-weak'
  /** The run was stopped before it finished (reason `interrupted`): never "ok". */
  | 'incomplete';

export interface Verdict {
  status: VerdictStatus;
  /** Reason codes, e.g. ["expired"], ["protocol-mismatch"], ["banner-timeout"]. */
  reasons: string[];
  /** Would a sender that refuses plaintext deliver? */
  strictTls: 'deliver' | 'drop';
}

/** The verdict as reports and screens show it: the codes and their words. */
export interface VerdictReport extends Verdict {
  /** One plain sentence. */
  summary: string;
  /** What the server's admin should do. */
  fix: string;
}
