// The scan's data (issue 14): what one probe connection saw, and what the whole scan found. Plain
// data with codes; the words are in src/wording/scan.ts, the JSON shape in src/report/scan-json.ts.
import type { CertificateReport } from '../model/tls.js';
import type { Alert, ServerHello } from '../tlswire/index.js';

/** The versions a scan tests, oldest first, by their usual names. */
export type ScanVersion = 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';
export const SCAN_VERSIONS: readonly ScanVersion[] = [
  'SSLv3',
  'TLSv1.0',
  'TLSv1.1',
  'TLSv1.2',
  'TLSv1.3',
];

/** Why a connection was taken as the server throttling us (Postfix anvil, postscreen, tarpits). */
export type ThrottleKind = 'reply-421' | 'refused' | 'tarpit' | 'closed-before-banner';

/** What the server said after the ServerHello, for TLS 1.2 and older (all in the clear). */
export type KeyExchangeSeen =
  | { readonly kind: 'ecdhe'; readonly group: number }
  | { readonly kind: 'dhe'; readonly pBits: number }
  | null;

/** One probe connection, up to the server's first TLS answer. */
export type HelloOutcome =
  | {
      readonly kind: 'hello';
      readonly hello: ServerHello;
      /** DER certificates of a TLS ≤ 1.2 Certificate message, leaf first; null if not seen. */
      readonly certificates: readonly Uint8Array[] | null;
      readonly keyExchange: KeyExchangeSeen;
    }
  /** The server declined the ClientHello: an alert, or it closed the connection. */
  | { readonly kind: 'refused'; readonly alert: Alert | null }
  | { readonly kind: 'throttled'; readonly why: ThrottleKind; readonly detail: string }
  /** Anything else that stops a probe (no STARTTLS, bytes that are not TLS, a timeout in TLS). */
  | { readonly kind: 'error'; readonly detail: string; readonly code?: ScanErrorCode };

/** Why a probe could not reach the ClientHello, as a code the exit status is decided on. */
export type ScanErrorCode = 'not-offered' | 'other';

export interface ScanSpec {
  readonly host: string;
  /** The address to connect to (resolved once for the whole scan). */
  readonly address: string;
  readonly port: number;
  readonly tlsMode: 'starttls' | 'implicit';
  readonly ehloName: string;
  readonly sni: string | null;
  readonly verifyName: string;
  readonly caPems: readonly string[];
  /** `--ca-only`: `caPems` are the only anchors (no system roots). */
  readonly caOnly?: boolean;
  readonly timeoutMs: number;
  /** Most connections the scan may open (`--budget`). */
  readonly budget: number;
  /** Connections open at once to the address (`--concurrency`, default 4). */
  readonly concurrency: number;
  /** First wait after throttling, doubled on each retry (tests set it small). */
  readonly backoffMs?: number;
  readonly signal?: AbortSignal;
  /** Told as the scan goes (the TUI's live table): each connection, each suite accepted. */
  readonly onProgress?: (p: ScanProgress) => void;
}

export type ScanProgress =
  | { readonly kind: 'probe'; readonly probes: number; readonly budget: number }
  | { readonly kind: 'accepted'; readonly version: ScanVersion; readonly code: number };

export interface ScanCipher {
  readonly code: number;
  /** OpenSSL's name, or the IANA name where OpenSSL has none. */
  readonly name: string;
  readonly standardName: string;
  readonly weak: boolean;
  /** TLS ≤ 1.2 key exchange seen with it (curve, DH prime size). */
  readonly keyExchange?: KeyExchangeSeen;
}

export interface ProtocolResult {
  /** null: could not be decided (throttled, budget spent). */
  readonly supported: boolean | null;
  /** In the order found: the server's preference when it enforces its own order. */
  readonly ciphers: readonly ScanCipher[];
  /** Every candidate was offered and the set is complete. */
  readonly complete: boolean;
}

export interface ServerOrderResult {
  /** null: not testable (fewer than two suites) or inconclusive. */
  readonly enforced: boolean | null;
  /** The server's order (IANA names) when enforced and known, else []. */
  readonly order: readonly string[];
}

export interface GroupsResult {
  /** TLS 1.3 groups accepted, in the server's order of preference when it has one. */
  readonly tls13: readonly string[];
  /** Groups for TLS 1.2 ECDHE (from the ServerKeyExchange). */
  readonly ecdhe: readonly string[];
  /** Whether the server enforces its own group preference (TLS 1.3); null if not tested. */
  readonly serverPreference: boolean | null;
  /** The server answered a key_share it could not use with a HelloRetryRequest (RFC 8446 §4.1.4). */
  readonly helloRetryRequest: boolean | null;
  /** DH prime sizes seen with TLS ≤ 1.2 DHE suites. */
  readonly dheBits: readonly number[];
}

export interface ScanCertificate {
  readonly keyType: 'RSA' | 'ECDSA' | 'DSA' | 'other';
  /** How it was obtained: the clear-text TLS ≤ 1.2 Certificate message, or a node:tls handshake. */
  readonly via: 'raw-tls12' | 'handshake';
  readonly suite: string;
  readonly report: CertificateReport;
}

export type WeaknessCode =
  | 'sslv3-enabled'
  | 'tls10-enabled'
  | 'tls11-enabled'
  | 'no-tls12-or-later'
  | 'null-cipher'
  | 'anonymous-cipher'
  | 'export-cipher'
  | 'rc4-cipher'
  | '3des-cipher'
  | 'cbc-only-tls10'
  | 'no-forward-secrecy'
  | 'rsa-key-exchange'
  | 'weak-dhe'
  | 'no-aead'
  | 'prefers-weak';

export interface Weakness {
  readonly code: WeaknessCode;
  /** The suites, versions or sizes concerned (IANA names, version names, bits). */
  readonly data: readonly (string | number)[];
}

export interface SenderResult {
  readonly id: string;
  /** What it would negotiate, or null when it fails. */
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly group: string | null;
  /** Why it fails: an alert name, 'throttled', 'error: …'. */
  readonly failure: string | null;
}

export interface Inconclusive {
  readonly what: string;
  readonly why: 'throttled' | 'budget' | 'error';
  readonly detail: string;
  /** For `error`: why, as a code. */
  readonly code?: ScanErrorCode;
}

export interface ScanResult {
  readonly target: { host: string; address: string; port: number; tlsMode: string };
  readonly protocols: Readonly<Record<ScanVersion, ProtocolResult>>;
  readonly serverOrder: Readonly<Partial<Record<ScanVersion, ServerOrderResult>>>;
  readonly groups: GroupsResult;
  readonly certificates: readonly ScanCertificate[];
  readonly weaknesses: readonly Weakness[];
  readonly senders: readonly SenderResult[];
  /** What the scan cannot test by design, with the reason. */
  readonly notTestable: readonly string[];
  readonly inconclusive: readonly Inconclusive[];
  /** Connections opened. */
  readonly probes: number;
  readonly ms: number;
  /** The scan could not start (no STARTTLS, unreachable): the reason; the rest is empty. */
  readonly fatal: string | null;
  /** The same as a code (the exit status is decided on it, not on the words). */
  readonly fatalCode: ScanErrorCode | null;
}
