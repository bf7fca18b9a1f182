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
