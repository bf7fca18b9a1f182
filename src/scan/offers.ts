// What a scan probe offers: the candidate suites per version (every suite of the IANA registry
// that the version can negotiate, src/tlswire/registry), split into ClientHellos of at most 64
// suites (some servers mishandle long hellos), and the extensions around them. The extensions are
// generous on purpose — every group and signature scheme — so that a refusal means the suites,
// not a missing extension.
import {
  cipherSuites,
  type CipherSuite,
  type ClientHelloOptions,
  NAMED_GROUPS,
  PROTOCOL_VERSIONS,
  TLS12,
  TLS13,
} from '../tlswire/index.js';
import type { ScanVersion } from './types.js';

export const MAX_SUITES_PER_HELLO = 64;

export function versionCode(v: ScanVersion): number {
  return PROTOCOL_VERSIONS.find((p) => p.name === v)?.code ?? TLS12;
}

/** Every scheme of RFC 8446 §4.2.3 plus the TLS 1.2 SHA-1/SHA-224 and DSA pairs (RFC 5246 §7.4.1.4.1). */
export const ALL_SIGNATURE_SCHEMES: readonly number[] = [
  0x0403, 0x0503, 0x0603, 0x0807, 0x0808, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0401,
  0x0501, 0x0601, 0x0303, 0x0301, 0x0302, 0x0203, 0x0201, 0x0202, 0x0402, 0x0502, 0x0602,
];

/** Groups a TLS ≤ 1.2 hello lists: every curve (RFC 8422 §5.1.1, RFC 7027) and ffdhe (RFC 7919). */
export const TLS12_GROUPS: readonly number[] = NAMED_GROUPS.filter(
  (g) => g.kind === 'ecdhe' || g.kind === 'legacy' || g.kind === 'ffdhe',
)
  .filter((g) => g.code < 0xff00 && !(g.code >= 31 && g.code <= 33))
  .map((g) => g.code)
  .sort((a, b) => rankGroup(a) - rankGroup(b));

/** The ECDHE curves alone, for the TLS 1.2 group test. */
export const ECDHE_GROUPS: readonly number[] = TLS12_GROUPS.filter((c) => c < 256);

/** Groups a TLS 1.3 server may pick (RFC 8446 §4.2.7, RFC 7919, ML-KEM hybrids). */
export const TLS13_GROUPS: readonly number[] = NAMED_GROUPS.filter(
  (g) => g.tls13 && g.kind !== 'gost' && g.code < 0x6399,
)
  .map((g) => g.code)
  .sort((a, b) => rankGroup(a) - rankGroup(b));

/** Common groups first, so that a default key share is likely to be taken. */
function rankGroup(code: number): number {
  const common = [29, 23, 24, 25, 30, 0x11ec, 256, 257, 258];
  const at = common.indexOf(code);
  return at >= 0 ? at : 100 + code;
}

/** Mainstream suites first: where a server's accepted set usually lies. */
function rankSuite(s: CipherSuite): number {
  let r = 0;
  if (!s.openssl) r += 4;
  if (!['RSA', 'ECDSA', 'TLS13'].includes(s.authentication)) r += 2;
  if (!['AES-GCM', 'AES-CBC', 'ChaCha20-Poly1305', 'AES-CCM'].includes(s.encryption)) r += 1;
  return r;
}

/**
 * Key exchanges a sender offers only with a secret or account set up for that one server (RFC
 * 4279 PSK, RFC 5054 SRP, RFC 2712 Kerberos, RFC 8492 ECCPWD): SMTP between strangers never
 * negotiates them, so the scan does not offer them (NOT_TESTABLE in scan.ts says so).
 */
const NEEDS_SECRET: ReadonlySet<string> = new Set([
  'PSK',
  'RSA_PSK',
  'DHE_PSK',
  'ECDHE_PSK',
  'SRP',
  'KRB5',
  'ECCPWD',
]);

export function candidates(v: ScanVersion): number[] {
  return cipherSuites()
    .filter((s) => !s.signaling && s.versions.includes(v) && !NEEDS_SECRET.has(s.keyExchange))
    .sort((a, b) => rankSuite(a) - rankSuite(b) || a.code - b.code)
    .map((s) => s.code);
}

/**
 * How many elimination chains a version runs side by side. Each chain ends with one refusal, and
 * the untested suites need one refusal per full hello anyway, so chains beyond about
 * (candidates − accepted) / 64 cost a connection each: one chain up to two hellos' worth (its
 * refusals are then the minimum), else one fewer chain than hellos (a server accepting fewer
 * than 64 of them loses nothing).
 */
export function chainCount(candidateCount: number): number {
  const hellos = Math.ceil(candidateCount / MAX_SUITES_PER_HELLO);
  return hellos <= 2 ? 1 : hellos - 1;
}

/**
 * The first windows, dealt round-robin from the most likely suites (so the chains advance in
 * about equal steps), and the rest in rank order, which refills a window as suites are picked.
 */
export function deal(
  codes: readonly number[],
  chains: number,
): { windows: number[][]; rest: number[] } {
  const n = Math.max(1, chains);
  const head = codes.slice(0, n * MAX_SUITES_PER_HELLO);
  const windows: number[][] = Array.from({ length: n }, () => []);
  head.forEach((c, i) => windows[i % n]?.push(c));
  return {
    windows: windows.filter((w) => w.length > 0),
    rest: codes.slice(n * MAX_SUITES_PER_HELLO),
  };
}

export interface OfferContext {
  readonly sni: string | null;
}

/** A ClientHello for one version, offering exactly `suites`. */
export function helloFor(
  v: ScanVersion,
  suites: readonly number[],
  ctx: OfferContext,
  over: Partial<ClientHelloOptions> = {},
): ClientHelloOptions {
  const sni = ctx.sni ? { sni: ctx.sni } : {};
  if (v === 'TLSv1.3') {
    return {
      version: TLS12,
      supportedVersions: [TLS13],
      cipherSuites: suites,
      groups: TLS13_GROUPS,
      keyShares: [{ group: 29 }],
      signatureAlgorithms: ALL_SIGNATURE_SCHEMES,
      ...sni,
      ...over,
    };
  }
  if (v === 'SSLv3') {
    // RFC 6101 has no extensions; a hello with none is what SSL 3.0 servers expect.
    return {
      version: versionCode(v),
      cipherSuites: suites,
      includeRenegotiationInfo: false,
      extendedMasterSecret: false,
      ecPointFormats: false,
      groups: [],
      signatureAlgorithms: [],
      ...over,
    };
  }
  return {
    version: versionCode(v),
    cipherSuites: suites,
    groups: TLS12_GROUPS,
    ecPointFormats: true,
    signatureAlgorithms: v === 'TLSv1.2' ? ALL_SIGNATURE_SCHEMES : [],
    ...sni,
    ...over,
  };
}
