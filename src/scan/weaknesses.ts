// Weaknesses as codes with data, from the scan's findings alone (pure). The words, reasons and
// fixes are in src/wording/scan.ts.
import { type CipherSuite, cipherSuite } from '../tlswire/index.js';
import type {
  GroupsResult,
  ProtocolResult,
  ScanVersion,
  ServerOrderResult,
  Weakness,
} from './types.js';

const WEAK_CIPHERS = new Set(['NULL', 'RC4', 'RC2-CBC', 'DES-CBC', '3DES-CBC', 'IDEA-CBC']);

/** Weak: no or broken encryption, no authentication, export grade, or an MD5 MAC. */
export function isWeak(s: CipherSuite): boolean {
  return (
    WEAK_CIPHERS.has(s.encryption) || s.export || s.authentication === 'anon' || s.mac === 'MD5'
  );
}

export function findWeaknesses(
  protocols: Readonly<Record<ScanVersion, ProtocolResult>>,
  order: Readonly<Partial<Record<ScanVersion, ServerOrderResult>>>,
  groups: GroupsResult,
): Weakness[] {
  const out: Weakness[] = [];
  const on = (v: ScanVersion): boolean => protocols[v].supported === true;
  if (on('SSLv3')) out.push({ code: 'sslv3-enabled', data: ['SSLv3'] });
  if (on('TLSv1.0')) out.push({ code: 'tls10-enabled', data: ['TLSv1.0'] });
  if (on('TLSv1.1')) out.push({ code: 'tls11-enabled', data: ['TLSv1.1'] });
  const anyOn = (Object.keys(protocols) as ScanVersion[]).some(on);
  if (anyOn && protocols['TLSv1.2'].supported === false && protocols['TLSv1.3'].supported === false)
    out.push({ code: 'no-tls12-or-later', data: [] });
  const accepted = new Map<number, CipherSuite>();
  for (const p of Object.values(protocols))
    for (const c of p.ciphers) {
      const s = cipherSuite(c.code);
      if (s) accepted.set(s.code, s);
    }
  const suites = [...accepted.values()];
  const names = (f: (s: CipherSuite) => boolean): string[] => suites.filter(f).map((s) => s.name);
  const flag = (code: Weakness['code'], f: (s: CipherSuite) => boolean): void => {
    const data = names(f);
    if (data.length > 0) out.push({ code, data });
  };
  flag('null-cipher', (s) => s.encryption === 'NULL');
  flag('anonymous-cipher', (s) => s.authentication === 'anon');
  flag('export-cipher', (s) => s.export);
  flag('rc4-cipher', (s) => s.encryption === 'RC4');
  flag('3des-cipher', (s) => s.encryption === '3DES-CBC');
  // NULL suites encrypt nothing (flagged above): what a TLS 1.0 sender can get is the rest.
  const tls10 = protocols['TLSv1.0'].ciphers
    .map((c) => cipherSuite(c.code))
    .filter((s) => s?.encryption !== 'NULL');
  if (on('TLSv1.0') && tls10.length > 0 && tls10.every((s) => s?.encryption.endsWith('-CBC')))
    out.push({ code: 'cbc-only-tls10', data: tls10.map((s) => s?.name ?? '?') });
  if (suites.length > 0 && !suites.some((s) => s.forwardSecrecy))
    out.push({ code: 'no-forward-secrecy', data: [] });
  else flag('rsa-key-exchange', (s) => s.keyExchange === 'RSA' && s.encryption !== 'NULL');
  const weakDh = groups.dheBits.filter((b) => b < 2048);
  if (weakDh.length > 0) out.push({ code: 'weak-dhe', data: weakDh });
  if (suites.length > 0 && !suites.some((s) => s.aead)) out.push({ code: 'no-aead', data: [] });
  for (const [v, o] of Object.entries(order)) {
    const top = o?.enforced ? o.order[0] : undefined;
    const s = top ? suites.find((x) => x.name === top) : undefined;
    if (s && isWeak(s)) out.push({ code: 'prefers-weak', data: [v, s.name] });
  }
  return out;
}
