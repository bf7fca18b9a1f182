// What one probe is asked to do: the target, the TLS mode and the limits of the run. The CLI and
// the TUI's start form build it (src/input/), the engine runs it.

export type TlsMode = 'starttls' | 'implicit' | 'none';

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** Where `--quit-after` may stop the session early (then QUIT, once the greeting was read). */
export const QUIT_AFTER = [
  'connect',
  'banner',
  'ehlo',
  'starttls',
  'tls',
  'ehlo-tls',
  'auth',
  'mail',
  'rcpt',
  'data',
] as const;
export type QuitAfter = (typeof QUIT_AFTER)[number];

import type { SubmissionSpec } from './submission.js';

export interface ProbeSpec {
  host: string;
  port: number;
  tlsMode: TlsMode;
  /**
   * Probed as an MX host of a mail domain (a domain run, or the TUI's pick): MTA-STS and DANE
   * are the domain's to judge, so this host's words do not ask for the domain.
   */
  asMx?: boolean;
  /** Force an address family for resolution (`-4`/`-6`). */
  family?: 4 | 6;
  /**
   * Connect to this IP address instead of looking `host` up (a domain run resolved the MX host
   * already, through its resolver); `host` still names the SNI and the certificate name.
   */
  address?: string;
  /** DNS servers for the host's A/AAAA lookup (`--resolver`); default: /etc/resolv.conf. */
  resolver?: { host: string; port: number }[];
  ehloName: string;
  /** SNI to send; `null` sends none. Undefined: the host name, or none for an IP literal. */
  sni?: string | null;
  /** Name the certificate must match; defaults to the host name. */
  verifyName?: string;
  /** Extra trust anchors, as PEM text (contents of `--ca-file`). */
  caPems?: string[];
  /**
   * `--ca-only`: trust only `caPems` for the server's chain, never the system roots (openssl's
   * `-CAfile` without the default store).
   */
  caOnly?: boolean;
  /** Per-step timeout in ms (default 15000). */
  timeoutMs: number;
  quitAfter?: QuitAfter;
  minTlsVersion?: TlsVersion;
  maxTlsVersion?: TlsVersion;
  /** Guided mode: pause before each stage until the gate is opened. */
  guided?: boolean;
  /**
   * Awaited after `step-started` is told and before the stage's clock starts: a UI draws then.
   * Its renders run on this thread, and drawn after the command is written they would hold up
   * the reply's handling and count as the server's time in `steps[].ms`.
   */
  settle?: () => Promise<void>;
  /** AUTH / MAIL / RCPT / DATA after the handshake (issue 15); absent: today's 8 steps. */
  submission?: SubmissionSpec;
  /**
   * `--keylog FILE`: gets each TLS secret line (SSLKEYLOGFILE format, NSS key log) as OpenSSL
   * makes it. Only on request: secrets never go anywhere else.
   */
  keylog?: (line: Uint8Array) => void;
}

/** The name the engine used until the redesign; the same shape. */
export type ProbeOptions = ProbeSpec;
