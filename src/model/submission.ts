// The submission part of a session (issue 15: "the rest of the swaks job"): what to send after
// the EHLO inside TLS, and what the server answered to each command, as data. The words for
// the replies are made in src/wording/submission.ts.
import type { ReplyFacts } from './failure.js';
import type { Escaped } from './text.js';

export type SaslMechanism = 'PLAIN' | 'LOGIN' | 'CRAM-MD5' | 'SCRAM-SHA-256';
export const SASL_MECHANISMS: readonly SaslMechanism[] = [
  'PLAIN',
  'LOGIN',
  'CRAM-MD5',
  'SCRAM-SHA-256',
];

export interface AuthSpec {
  user: string;
  /**
   * The secret. Held in memory only: never in a report, transcript or event (the reports are
   * built from facts, and no fact holds it).
   */
  password: string;
  /** Undefined: the strongest mechanism both sides offer. */
  mechanism?: SaslMechanism;
  /** Send AUTH over a plaintext connection anyway (`--allow-plaintext-auth`). */
  allowPlaintext?: boolean;
}

export interface SubmissionSpec {
  /** The reverse path without angle brackets; '' is the null path `<>` (only when asked). */
  from: string;
  /** Forward paths; empty with `--auth-user` alone (then the session ends after AUTH). */
  to: string[];
  auth?: AuthSpec;
  /** Extra or replacing header lines, "Name: value". */
  headers: string[];
  /** The body text of the generated message. */
  body?: string;
  /** A whole RFC 5322 message (`--data`), used as given (line ends made CRLF, dots stuffed). */
  data?: Buffer;
  /** `--requiretls` (RFC 8689): add REQUIRETLS to MAIL FROM when advertised. */
  requireTls?: boolean;
  /** RFC 2920 pipelining when offered; false with `--no-pipelining`. */
  pipelining: boolean;
  /** RFC 3030 BDAT instead of DATA when CHUNKING is offered (`--bdat`). */
  bdat?: boolean;
}

/** One command's reply at a submission stage. */
export interface SubmissionReply {
  command: Escaped;
  reply: ReplyFacts | null;
}

export type AuthResult =
  | 'accepted'
  /** 535 (RFC 4954 §6) */
  | 'wrong-credentials'
  /** 534 */
  | 'mechanism-too-weak'
  /** 538 */
  | 'encryption-required'
  | 'rejected'
  /** No mechanism both sides know. */
  | 'no-common-mechanism'
  /** AUTH not in the EHLO reply. */
  | 'not-offered'
  /** Refused by smtpscope: no TLS, and no --allow-plaintext-auth. */
  | 'refused-plaintext';

export interface SubmissionFacts {
  auth: {
    mechanism: SaslMechanism | null;
    result: AuthResult;
    reply: ReplyFacts | null;
    /** AUTH went over plaintext because --allow-plaintext-auth said so. */
    plaintext: boolean;
  } | null;
  mail: (SubmissionReply & { from: Escaped; requireTls: boolean }) | null;
  rcpt: (SubmissionReply & { to: Escaped })[];
  data: (SubmissionReply & { bdat: boolean }) | null;
  /** The reply to the message (the final dot, or the last BDAT). */
  message: {
    reply: ReplyFacts | null;
    bytes: number;
    /** Header names in order (values may be personal: the names are enough to see what was sent). */
    headers: string[];
  } | null;
  /** The queue id from "250 … queued as ID" (Postfix, Exim, …), if the reply carried one. */
  queuedAs: Escaped | null;
  /** Whether MAIL/RCPT/DATA went out as one pipelined group (RFC 2920). */
  pipelined: boolean;
}

/** What came of the submission as a whole (src/policy/submission.ts decides it from the facts). */
export type SubmissionOutcome =
  | 'accepted'
  /** `--quit-after` stopped before the message (nothing was sent). */
  | 'not-sent'
  | 'auth-failed'
  | 'sender-rejected'
  | 'recipient-rejected'
  | 'message-rejected'
  /** The dialogue broke (timeout, close) at a submission stage. */
  | 'incomplete';

/** What a submission stage tells, folded into SubmissionFacts (src/probe/submission-facts.ts). */
export type SubmissionUpdate =
  | { part: 'auth'; auth: NonNullable<SubmissionFacts['auth']> }
  | { part: 'mail'; mail: NonNullable<SubmissionFacts['mail']> }
  | { part: 'rcpt'; rcpt: SubmissionFacts['rcpt'][number] }
  | { part: 'data'; data: NonNullable<SubmissionFacts['data']> }
  | { part: 'message'; message: NonNullable<SubmissionFacts['message']>; queuedAs: Escaped | null }
  | { part: 'pipelined' };
