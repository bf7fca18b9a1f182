// The shape of a cipher-suite entry and the vocabularies of its properties (key exchange,
// authentication, bulk cipher, MAC), kept apart from the table so consumers can import the types
// without the table.

export type SuiteVersion = 'SSLv3' | 'TLSv1.0' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

/** How the premaster secret is agreed. 'TLS13' suites leave that to key_share/PSK (§4.2.8). */
export type KeyExchangeKind =
  | 'RSA'
  | 'DH'
  | 'DHE'
  | 'ECDH'
  | 'ECDHE'
  | 'PSK'
  | 'RSA_PSK'
  | 'DHE_PSK'
  | 'ECDHE_PSK'
  | 'KRB5'
  | 'SRP'
  | 'ECCPWD'
  | 'GOST'
  | 'TLS13'
  | 'NULL'
  | 'SCSV';

/** What proves the server's identity. 'DH'/'ECDH': the static key in the certificate itself. */
export type AuthenticationKind =
  | 'RSA'
  | 'DSS'
  | 'ECDSA'
  | 'DH'
  | 'ECDH'
  | 'PSK'
  | 'anon'
  | 'KRB5'
  | 'SRP'
  | 'ECCPWD'
  | 'GOST'
  | 'TLS13'
  | 'NULL'
  | 'SCSV';

export type EncryptionKind =
  | 'AES-GCM'
  | 'AES-CCM'
  | 'AES-CCM8'
  | 'AES-CBC'
  | 'ChaCha20-Poly1305'
  | 'Camellia-CBC'
  | 'Camellia-GCM'
  | 'ARIA-CBC'
  | 'ARIA-GCM'
  | 'SEED-CBC'
  | 'IDEA-CBC'
  | '3DES-CBC'
  | 'DES-CBC'
  | 'RC4'
  | 'RC2-CBC'
  | 'SM4-GCM'
  | 'SM4-CCM'
  | 'AEGIS'
  | 'GOST-Kuznyechik'
  | 'GOST-Magma'
  | 'GOST-28147'
  | 'NULL'
  | 'SCSV';

export type MacKind = 'AEAD' | 'MD5' | 'SHA1' | 'SHA256' | 'SHA384' | 'GOST' | 'NULL' | 'SCSV';

export interface CipherSuite {
  readonly code: number;
  /** The IANA name (or, for `registered: false`, the name its draft or vendor used). */
  readonly name: string;
  readonly openssl: string | null;
  readonly registered: boolean;
  /** Versions that can negotiate it; empty for the SCSVs and TLS_NULL_WITH_NULL_NULL. */
  readonly versions: readonly SuiteVersion[];
  readonly keyExchange: KeyExchangeKind;
  readonly authentication: AuthenticationKind;
  readonly encryption: EncryptionKind;
  /** Key size of the bulk cipher in bits (3DES: 168, as OpenSSL reports it; NULL: 0). */
  readonly keyBits: number;
  readonly mac: MacKind;
  readonly aead: boolean;
  readonly forwardSecrecy: boolean;
  /** 40- or 56-bit export-grade (RFC 2246 §A.5, removed by RFC 4346). */
  readonly export: boolean;
  /** A signalling value, not a suite (RFC 5746 §3.3, RFC 7507). */
  readonly signaling: boolean;
}
