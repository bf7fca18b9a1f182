// What the TLS handshake and the certificate analysis report.

export interface TlsInfo {
  protocol: string;
  cipher: { name: string; standardName: string; bits: number | null };
  /** Key exchange, e.g. "X25519 (253 bits)" or "ECDH P-256 (256 bits)"; null when unknown. */
  keyExchange: string | null;
  /** The same, structured: the ephemeral key's type ("ECDH", "DH"), group and size. */
  keyExchangeGroup: { type: string; group: string | null; bits: number | null } | null;
  ocspStapled: boolean;
  sessionReused: boolean;
  alpn: string | null;
  handshakeMs: number;
  sni: string | null;
  /** How the server signed the handshake (TLS 1.3 CertificateVerify, TLS 1.2 ServerKeyExchange), e.g. rsa_pss_rsae_sha256. */
  signatureScheme?: string | null;
  /** The server asked for another ClientHello (TLS 1.3 HelloRetryRequest, RFC 8446 §4.1.4). */
  helloRetry?: boolean;
  /** The handshake message by message, both directions, the TLS 1.3 flight decrypted (src/tls/ladder.ts). */
  handshake?: HandshakeStep[];
}

export type HandshakeDir = 'C' | 'S';
export type HandshakeFieldValue = string | number | boolean | string[];

/** One handshake message (or a record shown by itself: change_cipher_spec, alert, an undecrypted record). */
export interface HandshakeStep {
  /** C: client to server, S: server to client. */
  dir: HandshakeDir;
  /** The handshake type's IANA name (client_hello, …, hello_retry_request), or change_cipher_spec, alert, encrypted_record. */
  type: string;
  /** ms since the first ClientHello left. */
  ms: number;
  /** Message bytes (4-byte header included); for a record, the record's fragment. */
  bytes: number;
  /** It travelled encrypted (then decrypted for display, unless it is an encrypted_record). */
  encrypted: boolean;
  /** Key fields as registry names and numbers; wire strings escaped. Never key material. */
  fields: Record<string, HandshakeFieldValue>;
}

export type TlsFailureReason =
  'protocol-mismatch' | 'no-shared-cipher' | 'handshake-timeout' | 'connection-reset' | 'other';

export interface TlsFailure {
  reason: TlsFailureReason;
  /** Plain words, e.g. "server sent TLS alert 70: no TLS version in common". */
  message: string;
  alert: { code: number; name: string; description: string } | null;
  /** OpenSSL/Node error code, escaped, when there was one. */
  code: string | null;
  /** The last handshake message seen before the failure (an alert is not counted), or null before any. */
  afterMessage?: { dir: HandshakeDir; type: string } | null;
  /** What our ClientHello offered (registry names), when one was sent. */
  offered?: { versions: string[]; suites: string[]; groups: string[] };
  /** The alert as seen on the wire, with who sent it. */
  wireAlert?: { dir: HandshakeDir; description: string; level: string } | null;
  /** The messages seen up to the failure. */
  handshake?: HandshakeStep[];
}

export type CertificateProblem =
  | 'expired'
  | 'not-yet-valid'
  | 'hostname-mismatch'
  | 'self-signed'
  | 'untrusted-root'
  | 'incomplete-chain'
  | 'weak-key'
  | 'weak-signature';

export interface CertificateInfo {
  subject: string;
  issuer: string;
  subjectAltNames: string[];
  serial: string;
  validFrom: string;
  validTo: string;
  daysLeft: number;
  key: { type: string; bits: number | null; curve: string | null };
  signatureAlgorithm: string;
  fingerprint256: string;
  /**
   * Digests for DANE (RFC 6698 §2.1.2-3), lowercase hex: of the whole DER certificate
   * (selector 0) and of its SubjectPublicKeyInfo (selector 1), SHA-256 and SHA-512.
   */
  certSha256: string;
  certSha512: string;
  spkiSha256: string;
  spkiSha512: string;
  selfSigned: boolean;
  isCA: boolean;
  pem: string;
  /** Problems that belong to this certificate (e.g. expired), for highlighting. */
  problems: CertificateProblem[];
}

export interface CertificateReport {
  chain: CertificateInfo[];
  trusted: boolean;
  hostnameMatch: boolean;
  verifyName: string;
  problems: CertificateProblem[];
  /** The trust anchor the path ended at (a --ca-file or system root), null when none was reached. */
  anchor: { subject: string; fingerprint256: string } | null;
}
