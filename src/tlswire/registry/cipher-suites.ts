// The cipher-suite registry: every row of cipher-suite-rows-*.ts with the properties a scanner
// needs, derived from the IANA name's grammar TLS_<key exchange>_WITH_<cipher>_<mac> (RFC 5246
// App. A.5) or TLS_<AEAD>_<hash> (RFC 8446 §B.4). Deriving instead of typing ~350 property rows
// keeps the table small and makes a wrong property a bug in one rule, not in one row.
import { isGrease } from './grease.js';
import { SUITE_ROWS_00, UNREGISTERED_SUITE_ROWS, type SuiteRow } from './cipher-suite-rows-00.js';
import { SUITE_ROWS_C0 } from './cipher-suite-rows-c0.js';
import type {
  AuthenticationKind,
  CipherSuite,
  EncryptionKind,
  KeyExchangeKind,
  MacKind,
  SuiteVersion,
} from './cipher-suite-types.js';

export type * from './cipher-suite-types.js';

const KX: Readonly<Record<string, readonly [KeyExchangeKind, AuthenticationKind]>> = {
  NULL: ['NULL', 'NULL'],
  RSA: ['RSA', 'RSA'],
  DH_DSS: ['DH', 'DH'],
  DH_RSA: ['DH', 'DH'],
  DHE_DSS: ['DHE', 'DSS'],
  DHE_RSA: ['DHE', 'RSA'],
  DH_anon: ['DHE', 'anon'],
  KRB5: ['KRB5', 'KRB5'],
  PSK: ['PSK', 'PSK'],
  DHE_PSK: ['DHE_PSK', 'PSK'],
  PSK_DHE: ['DHE_PSK', 'PSK'],
  RSA_PSK: ['RSA_PSK', 'RSA'],
  ECDH_ECDSA: ['ECDH', 'ECDH'],
  ECDH_RSA: ['ECDH', 'ECDH'],
  ECDHE_ECDSA: ['ECDHE', 'ECDSA'],
  ECDHE_RSA: ['ECDHE', 'RSA'],
  ECDH_anon: ['ECDHE', 'anon'],
  ECDHE_PSK: ['ECDHE_PSK', 'PSK'],
  SRP_SHA: ['SRP', 'SRP'],
  SRP_SHA_RSA: ['SRP', 'RSA'],
  SRP_SHA_DSS: ['SRP', 'DSS'],
  ECCPWD: ['ECCPWD', 'ECCPWD'],
  GOSTR341112_256: ['GOST', 'GOST'],
};

/** Bulk ciphers by the token between _WITH_ and the MAC: [kind, key bits, AEAD, export-grade]. */
const CIPHERS: Readonly<Record<string, readonly [EncryptionKind, number, boolean, boolean]>> = {
  NULL: ['NULL', 0, false, false],
  RC4_40: ['RC4', 40, false, true],
  RC4_56: ['RC4', 56, false, true],
  RC4_128: ['RC4', 128, false, false],
  RC2_CBC_40: ['RC2-CBC', 40, false, true],
  RC2_CBC_56: ['RC2-CBC', 56, false, true],
  IDEA_CBC: ['IDEA-CBC', 128, false, false],
  DES40_CBC: ['DES-CBC', 40, false, true],
  DES_CBC_40: ['DES-CBC', 40, false, true],
  DES_CBC: ['DES-CBC', 56, false, false],
  '3DES_EDE_CBC': ['3DES-CBC', 168, false, false],
  SEED_CBC: ['SEED-CBC', 128, false, false],
  CHACHA20_POLY1305: ['ChaCha20-Poly1305', 256, true, false],
  KUZNYECHIK_CTR_OMAC: ['GOST-Kuznyechik', 256, false, false],
  MAGMA_CTR_OMAC: ['GOST-Magma', 256, false, false],
  '28147_CNT_IMIT': ['GOST-28147', 256, false, false],
  KUZNYECHIK_MGM_L: ['GOST-Kuznyechik', 256, true, false],
  KUZNYECHIK_MGM_S: ['GOST-Kuznyechik', 256, true, false],
  MAGMA_MGM_L: ['GOST-Magma', 256, true, false],
  MAGMA_MGM_S: ['GOST-Magma', 256, true, false],
  SM4_GCM: ['SM4-GCM', 128, true, false],
  SM4_CCM: ['SM4-CCM', 128, true, false],
  AEGIS_256: ['AEGIS', 256, true, false],
  AEGIS_128L: ['AEGIS', 128, true, false],
};

/** AES/Camellia/ARIA with a key size and a mode: AES_128_GCM, CAMELLIA_256_CBC, AES_128_CCM_8 … */
const BLOCK = /^(AES|CAMELLIA|ARIA)_(128|256)_(CBC|GCM|CCM|CCM_8)$/;
const FAMILY: Readonly<Record<string, string>> = { AES: 'AES', CAMELLIA: 'Camellia', ARIA: 'ARIA' };

function cipherOf(token: string): readonly [EncryptionKind, number, boolean, boolean] | undefined {
  const direct = CIPHERS[token];
  if (direct) return direct;
  const m = BLOCK.exec(token);
  if (!m) return undefined;
  const [, fam = '', bits = '0', mode = ''] = m;
  const kind = `${FAMILY[fam]}-${mode === 'CCM_8' ? 'CCM8' : mode}` as EncryptionKind;
  return [kind, Number(bits), mode !== 'CBC', false];
}

const MACS: Readonly<Record<string, MacKind>> = {
  MD5: 'MD5',
  SHA: 'SHA1',
  SHA256: 'SHA256',
  SHA384: 'SHA384',
  NULL: 'NULL',
};

/** Suites that only TLS 1.3 can negotiate although their names do not look like it. */
const TLS13_ONLY = new Set([0x00c6, 0x00c7, 0xc0b4, 0xc0b5, 0xc103, 0xc104, 0xc105, 0xc106]);

const ALL: readonly SuiteVersion[] = ['SSLv3', 'TLSv1.0', 'TLSv1.1', 'TLSv1.2'];

function derive(row: SuiteRow, registered: boolean): CipherSuite {
  const [code, name, openssl] = row;
  const base = { code, name, openssl, registered };
  if (name.endsWith('_SCSV') || code === 0x0000) {
    const kind = code === 0 ? 'NULL' : 'SCSV';
    const common = { keyBits: 0, aead: false, forwardSecrecy: false, export: false, versions: [] };
    return {
      ...base,
      ...common,
      keyExchange: kind,
      authentication: kind,
      encryption: kind,
      mac: kind,
      signaling: code !== 0,
    };
  }
  const bare = name.replace(/^TLS_/, '').replace(/_OLD$/, '');
  const withAt = bare.indexOf('_WITH_');
  if (withAt < 0 || TLS13_ONLY.has(code))
    return deriveTls13(base, withAt < 0 ? bare : bare.slice(withAt + 6));
  let kxName = bare.slice(0, withAt);
  const exportKx = /_EXPORT(1024)?$/.test(kxName);
  kxName = kxName.replace(/_EXPORT(1024)?$/, '');
  const [keyExchange, authentication] = KX[kxName] ?? (['NULL', 'NULL'] as const);
  let rest = bare.slice(withAt + 6);
  let mac: MacKind = 'AEAD';
  const macMatch = /_(MD5|SHA|SHA256|SHA384)$/.exec(rest);
  if (rest.endsWith('_OMAC') || rest.endsWith('_IMIT')) mac = 'GOST';
  else if (macMatch) {
    mac = MACS[macMatch[1] ?? ''] ?? 'NULL';
    rest = rest.slice(0, macMatch.index);
  }
  const [encryption, keyBits, aead, exportCipher] =
    cipherOf(rest) ?? (['NULL', 0, false, false] as const);
  if (aead) mac = 'AEAD';
  else if (encryption === 'NULL' && mac === 'AEAD') mac = 'NULL';
  const isExport = exportKx || exportCipher;
  const versions = versionsFor({ code, isExport, aead, mac, keyExchange, encryption, keyBits });
  const forwardSecrecy = ['DHE', 'ECDHE', 'DHE_PSK', 'ECDHE_PSK', 'ECCPWD'].includes(keyExchange);
  return {
    ...base,
    versions,
    keyExchange,
    authentication,
    encryption,
    keyBits,
    mac,
    aead,
    forwardSecrecy,
    export: isExport,
    signaling: false,
  };
}

/** TLS 1.3 suites name only the AEAD and the HKDF hash; key exchange is the handshake's business. */
function deriveTls13(
  base: Pick<CipherSuite, 'code' | 'name' | 'openssl' | 'registered'>,
  body: string,
): CipherSuite {
  const hashAt = body.lastIndexOf('_');
  const aeadName = /^SHA(256|384)$/.test(body.slice(0, hashAt)) ? 'NULL' : body.slice(0, hashAt);
  const found = cipherOf(aeadName) ?? cipherOf(body);
  const [encryption, keyBits, aead] = found ?? (['NULL', 0, false] as const);
  const mac: MacKind = aead ? 'AEAD' : (MACS[body.slice(hashAt + 1)] ?? 'NULL');
  return {
    ...base,
    versions: ['TLSv1.3'],
    keyExchange: 'TLS13',
    authentication: 'TLS13',
    encryption,
    keyBits,
    mac,
    aead,
    forwardSecrecy: true,
    export: false,
    signaling: false,
  };
}

interface VersionFacts {
  code: number;
  isExport: boolean;
  aead: boolean;
  mac: MacKind;
  keyExchange: KeyExchangeKind;
  encryption: EncryptionKind;
  keyBits: number;
}

function versionsFor(f: VersionFacts): readonly SuiteVersion[] {
  // RFC 5246 §1.2 / App. A.5: SHA-256/384 MACs and AEAD ciphers exist from TLS 1.2 on; so do GOST.
  if (f.aead || f.mac === 'SHA256' || f.mac === 'SHA384' || f.mac === 'GOST') return ['TLSv1.2'];
  // RFC 4346 §A.5: TLS 1.1 implementations MUST NOT negotiate the export suites.
  if (f.isExport) return ['SSLv3', 'TLSv1.0'];
  // RFC 5246 §1.2 removed single DES and IDEA from TLS 1.2.
  if ((f.encryption === 'DES-CBC' && f.keyBits === 56) || f.encryption === 'IDEA-CBC') {
    return ['SSLv3', 'TLSv1.0', 'TLSv1.1'];
  }
  // ECC, PSK, SRP and Kerberos suites were defined for TLS (they rely on TLS, not SSL 3.0, specs).
  if (!['RSA', 'DH', 'DHE'].includes(f.keyExchange)) return ['TLSv1.0', 'TLSv1.1', 'TLSv1.2'];
  return ALL;
}

let suites: readonly CipherSuite[] | null = null;
const one = new Map<number | string, CipherSuite | null>();

/**
 * Every suite, by code. Derived on first use, not when the module loads: the bundle loads it on
 * every run (`--version` too), and only a scan needs all of it (~3 ms warm, 7–9 ms cold + GC).
 */
export function cipherSuites(): readonly CipherSuite[] {
  suites ??= [
    ...SUITE_ROWS_00.map((r) => derive(r, true)),
    ...SUITE_ROWS_C0.map((r) => derive(r, true)),
    ...UNREGISTERED_SUITE_ROWS.map((r) => derive(r, false)),
  ].sort((a, b) => a.code - b.code);
  return suites;
}

const ROW_SETS: readonly (readonly [readonly SuiteRow[], boolean])[] = [
  [SUITE_ROWS_00, true],
  [SUITE_ROWS_C0, true],
  [UNREGISTERED_SUITE_ROWS, false],
];

/** Code or name (IANA or OpenSSL) → its row: built once, cheap (no property is derived). */
let rowIndex: Map<number | string, readonly [SuiteRow, boolean]> | null = null;
function rowOf(key: number | string): readonly [SuiteRow, boolean] | undefined {
  if (!rowIndex) {
    rowIndex = new Map();
    for (const [rows, registered] of ROW_SETS)
      for (const row of rows) {
        const entry = [row, registered] as const;
        for (const k of [row[0], row[1], row[2]])
          if (k !== null && !rowIndex.has(k)) rowIndex.set(k, entry);
      }
  }
  return rowIndex.get(key);
}

/**
 * One suite's properties, derived alone: a probe needs one suite (the negotiated one) and a
 * handshake ladder only names, so neither pays for deriving the whole registry.
 */
function suiteOf(key: number | string): CipherSuite | undefined {
  let found = one.get(key);
  if (found === undefined) {
    const entry = rowOf(key);
    found = entry ? derive(entry[0], entry[1]) : null;
    one.set(key, found);
  }
  return found ?? undefined;
}

export function cipherSuite(code: number): CipherSuite | undefined {
  return suiteOf(code);
}

/** The registry entry for a suite by its IANA name or its OpenSSL name. */
export function suiteByName(name: string): CipherSuite | undefined {
  return suiteOf(name);
}

/** IANA name, "GREASE(0x1a1a)" or "unknown(0x1234)". */
export function cipherSuiteName(code: number): string {
  const known = rowOf(code);
  if (known) return known[0][1];
  if (isGrease(code)) return `GREASE(0x${code.toString(16)})`;
  return `unknown(0x${code.toString(16).padStart(4, '0')})`;
}

export const SUITE = {
  TLS_EMPTY_RENEGOTIATION_INFO_SCSV: 0x00ff,
  TLS_FALLBACK_SCSV: 0x5600,
  TLS_AES_128_GCM_SHA256: 0x1301,
  TLS_AES_256_GCM_SHA384: 0x1302,
  TLS_CHACHA20_POLY1305_SHA256: 0x1303,
} as const;
