// The ClientHellos of common sending MTAs' TLS stacks, replayed by the scan to show what each
// would negotiate. Lists are the wire order of each stack's defaults; where each comes from is
// said per profile. SMTP senders without a PSK or SRP callback never send those suites, so they
// are left out (OpenSSL omits them from the hello then).
import { TLS10, TLS11, TLS12, TLS13 } from '../tlswire/index.js';

export interface SenderProfile {
  readonly id: string;
  readonly label: string;
  /** Highest first; TLS 1.3 goes in supported_versions (RFC 8446 §4.2.1). */
  readonly versions: readonly number[];
  readonly suites: readonly number[];
  readonly groups: readonly number[];
  /** The group of the one key share sent. */
  readonly keyShare: number | null;
  readonly source: string;
}

const SCSV = 0x00ff;

/**
 * OpenSSL 3.0 `DEFAULT` as `openssl ciphers -V DEFAULT` prints it on OpenSSL 3.0.x (checked with
 * 3.0.22 while writing this), minus PSK/SRP; groups are OpenSSL 3.0's default list
 * (ssl/t1_lib.c supported_groups_default: x25519, P-256, x448, P-521, P-384, ffdhe2048–8192).
 */
const OPENSSL3_TLS12 = [
  0xc02c, 0xc030, 0x009f, 0xcca9, 0xcca8, 0xccaa, 0xc02b, 0xc02f, 0x009e, 0xc024, 0xc028, 0x006b,
  0xc023, 0xc027, 0x0067, 0xc00a, 0xc014, 0x0039, 0xc009, 0xc013, 0x0033, 0x009d, 0x009c, 0x003d,
  0x003c, 0x0035, 0x002f,
];
const TLS13_SUITES = [0x1302, 0x1303, 0x1301];

export const SENDER_PROFILES: readonly SenderProfile[] = [
  {
    id: 'openssl-3',
    label: 'OpenSSL 3 defaults (Postfix, Exim, Sendmail built with OpenSSL 3)',
    versions: [TLS13, TLS12],
    suites: [...TLS13_SUITES, ...OPENSSL3_TLS12, SCSV],
    groups: [29, 23, 30, 25, 24, 256, 257, 258, 259, 260],
    keyShare: 29,
    source: '`openssl ciphers -V DEFAULT` (OpenSSL 3.0); ssl/t1_lib.c default groups',
  },
  {
    // OpenSSL 1.1.1's DEFAULT is the same TLS 1.2 list in the same order (3.0 did not change
    // the cipher string); its default groups have no ffdhe (added in 3.0), and the default
    // minimum is TLS 1.0.
    id: 'openssl-1.1.1',
    label: 'OpenSSL 1.1.1 defaults (older Postfix, Exim, Sendmail)',
    versions: [TLS13, TLS12, TLS11, TLS10],
    suites: [...TLS13_SUITES, ...OPENSSL3_TLS12, SCSV],
    groups: [29, 23, 30, 25, 24],
    keyShare: 29,
    source: 'OpenSSL 1.1.1 DEFAULT cipher string and ssl/t1_lib.c eccurves_default',
  },
  {
    // GnuTLS 3.7 NORMAL priority order (doc/cha-gtls-app.texi, "Priority strings"; lib/priority.c
    // _cipher_priority_normal / _kx_priority_performance), as Debian's exim4-daemon-* use it
    // (Exim's tls_require_ciphers default for GnuTLS is "NORMAL"). Groups: lib/priority.c
    // _supported_groups_normal.
    id: 'gnutls-normal',
    label: "GnuTLS NORMAL (Debian's Exim)",
    versions: [TLS13, TLS12],
    suites: [
      0x1302,
      0x1303,
      0x1301,
      0x1304,
      0xc02c,
      0xcca9,
      0xc02b,
      0xc0ad,
      0xc0ac,
      0xc00a,
      0xc009,
      0xc030,
      0xcca8,
      0xc02f,
      0xc014,
      0xc013,
      0x009d,
      0x009c,
      0xc09d,
      0xc09c,
      0x0035,
      0x002f,
      0x009f,
      0xccaa,
      0x009e,
      0xc09f,
      0xc09e,
      0x0039,
      0x0033,
      SCSV,
    ],
    groups: [23, 24, 25, 29, 30, 256, 257, 258, 259, 260],
    keyShare: 23,
    source: 'GnuTLS 3.7 lib/priority.c NORMAL (cipher, kx and group priorities)',
  },
  {
    // A sender stuck at TLS 1.0 (OpenSSL 1.0.x-era stacks, old appliances): RFC 2246 suites with
    // 3DES and RC4 still listed, as OpenSSL 1.0.1's DEFAULT ordered them for TLS 1.0.
    id: 'legacy-tls10',
    label: 'Legacy TLS 1.0-only sender (OpenSSL 1.0-era appliance)',
    versions: [TLS10],
    suites: [
      0xc014,
      0xc00a,
      0x0039,
      0x0038,
      0x0088,
      0x0087,
      0x0035,
      0x0084,
      0xc013,
      0xc009,
      0x0033,
      0x0032,
      0x0045,
      0x0044,
      0x002f,
      0x0041,
      0xc012,
      0xc008,
      0x0016,
      0x0013,
      0x000a,
      0xc011,
      0xc007,
      0x0005,
      0x0004,
      SCSV,
    ],
    groups: [23, 24, 25],
    keyShare: null,
    source: 'OpenSSL 1.0.1 `openssl ciphers -V DEFAULT`, TLS 1.0 suites only',
  },
];
