// What was negotiated, judged: TLS 1.0/1.1 (RFC 8996), a cipher without forward secrecy, CBC
// with SHA-1 or other broken bulk ciphers (RFC 9325 §4.1–4.2, RFC 7465 for RC4, Sweet32 for
// 3DES). Returns findings as codes; src/policy decides what they do to the verdict.
import type { Finding } from '../model/findings.js';
import type { TlsInfo } from '../model/tls.js';
import { suiteByName } from '../tlswire/registry.js';
import type { CipherSuite } from '../tlswire/registry.js';

const LEGACY: Readonly<Record<string, true>> = { SSLv3: true, TLSv1: true, 'TLSv1.1': true };

export function negotiatedFindings(info: TlsInfo): Finding[] {
  const out: Finding[] = [];
  if (LEGACY[info.protocol]) out.push({ code: 'legacy-protocol', protocol: info.protocol });
  const suite = suiteByName(info.cipher.standardName) ?? suiteByName(info.cipher.name);
  if (!suite) return out;
  const cipher = suite.name;
  const broken =
    suite.encryption === 'NULL' ||
    suite.encryption === 'RC4' ||
    suite.encryption === '3DES-CBC' ||
    suite.encryption === 'DES-CBC' ||
    suite.export;
  if (broken) out.push({ code: 'weak-cipher', cipher, why: weakWhy(suite) });
  else if (!suite.aead)
    out.push({ code: 'weak-cipher', cipher, why: suite.mac === 'SHA1' ? 'cbc-sha1' : 'cbc' });
  // TLS 1.3 suites leave the key exchange to key_share, which is always ephemeral (RFC 8446 §4.2.8).
  if (!suite.forwardSecrecy && suite.keyExchange !== 'TLS13')
    out.push({ code: 'no-forward-secrecy', cipher, keyExchange: suite.keyExchange });
  return out;
}

function weakWhy(s: CipherSuite): 'null' | 'rc4' | '3des' | 'des' | 'export' {
  if (s.export) return 'export';
  if (s.encryption === 'NULL') return 'null';
  if (s.encryption === 'RC4') return 'rc4';
  if (s.encryption === '3DES-CBC') return '3des';
  return 'des';
}
