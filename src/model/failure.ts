// Why a probe stopped, as data: the stage it stopped at and what the server (or the network)
// did. One value replaces the competing "unreachable / smtp error / TLS failure" slots; the
// verdict (src/policy/verdict.ts) turns it into a status and reason codes, and the wording
// module (src/wording/) into sentences.
import type { StageId } from './stages.js';
import type { Escaped } from './text.js';
import type { TlsFailure } from './tls.js';

export type FailureKind =
  /** Name resolution: no such name, or no answer in time. */
  | 'dns-failed'
  | 'dns-timeout'
  /** TCP: refused, no answer, no route, reset before any greeting, anything else. */
  | 'refused'
  | 'connect-timeout'
  | 'network-unreachable'
  | 'connect-failed'
  /** No complete reply within the stage's time (`partialBytes` tells a drip). */
  | 'timeout'
  | 'closed'
  | 'reset'
  /** The reply broke the grammar (`malformed`) or the caps (`too-large`). */
  | 'malformed'
  | 'too-large'
  /** The server answered, and the answer was no (421 greeting, EHLO and HELO refused, STARTTLS 4xx/5xx). */
  | 'rejected'
  /** EHLO did not offer STARTTLS (or only HELO worked, which has no extensions). */
  | 'not-offered'
  /** The TLS handshake failed: `tls` holds how. */
  | 'tls'
  /** Stopped by the user (Ctrl-C, q): not the server's doing. */
  | 'stopped';

export interface ReplyFacts {
  code: number;
  enhanced: string | null;
  text: Escaped;
}

export interface ProbeFailure {
  stage: StageId;
  kind: FailureKind;
  /** True when TLS was up when it happened. */
  afterTls: boolean;
  /** The reply that said no (`rejected`). */
  reply?: ReplyFacts;
  /** How the handshake failed (`tls`). */
  tls?: TlsFailure;
  /** Bytes of an unfinished line when a read timed out (a drip, or a line with no CRLF). */
  partialBytes?: number;
  /** The step's time limit, for `timeout` and `connect-timeout`. */
  timeoutMs?: number;
  /** Words from below us (the OS, the resolver, the reply parser), escaped. */
  detail?: Escaped;
  /** The offending line, escaped (`malformed`, `too-large`). */
  line?: Escaped;
  /** `address:port` (or `[v6]:port`) for connection failures. */
  where?: string;
  /** The name that could not be resolved (`dns-*`). */
  host?: Escaped;
}
