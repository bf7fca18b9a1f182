// DANE for SMTP (RFC 7672, RFC 6698, RFC 7671): whether DANE applies to an MX host, and whether
// a presented chain matches its TLSA records. Usages 0 and 1 (PKIX-TA/EE) are unusable for
// SMTP (RFC 7672 §3.1.3); DANE-EE (3) matches the leaf and ignores names and dates (§3.1.1);
// DANE-TA (2) matches a CA the server sent, then the leaf's name and dates count (§3.1.2).
import type { X509Certificate } from 'node:crypto';
import type { DnssecState, TlsaMatch, TlsaRecord, TlsaUse } from '../model/domain.js';
import type { CertificateInfo } from '../model/tls.js';
import { escapeText } from '../smtp/escape.js';
import { associationData, chainsTo, expiredAt, nameMatches, parsePem } from '../tls/dane-data.js';

export interface TlsaLookup {
  /** The TLSA owner asked, e.g. _25._tcp.mx.example.com. */
  name: string;
  state: DnssecState;
  /** Records of a secure or insecure answer (empty for NODATA/NXDOMAIN or a failure). */
  records: TlsaRecord[];
}

export type DaneApplies =
  | { kind: 'applies'; usable: TlsaRecord[] }
  /** Secure TLSA, none usable: TLS is still mandatory, unauthenticated (RFC 7672 §2.2). */
  | { kind: 'unusable-only'; usages: number[] }
  | { kind: 'not-applicable'; why: 'address-insecure' | 'tlsa-insecure' | 'no-tlsa' }
  /** A lookup that failed or was bogus: the MX cannot be used (RFC 7672 §2.2.1–2.2.2). */
  | { kind: 'dns-failed'; what: 'address' | 'tlsa'; state: DnssecState };

export function tlsaUse(r: TlsaRecord): TlsaUse {
  if (r.usage !== 2 && r.usage !== 3) return 'unusable-usage';
  if (r.selector !== 0 && r.selector !== 1) return 'unusable-selector';
  if (r.matchingType < 0 || r.matchingType > 2) return 'unusable-matching';
  return 'usable';
}

export function daneApplies(addressState: DnssecState, tlsa: TlsaLookup | null): DaneApplies {
  if (addressState === 'bogus' || addressState === 'failed')
    return { kind: 'dns-failed', what: 'address', state: addressState };
  // RFC 7672 §2.2.2: TLSA records are looked up only for hosts whose addresses are secure.
  if (addressState === 'insecure' || tlsa === null)
    return { kind: 'not-applicable', why: 'address-insecure' };
  if (tlsa.state === 'bogus' || tlsa.state === 'failed')
    return { kind: 'dns-failed', what: 'tlsa', state: tlsa.state };
  if (tlsa.state === 'insecure') return { kind: 'not-applicable', why: 'tlsa-insecure' };
  if (tlsa.records.length === 0) return { kind: 'not-applicable', why: 'no-tlsa' };
  const usable = tlsa.records.filter((r) => tlsaUse(r) === 'usable');
  if (usable.length === 0)
    return { kind: 'unusable-only', usages: [...new Set(tlsa.records.map((r) => r.usage))] };
  return { kind: 'applies', usable };
}

export interface ChainMatch {
  /** Every record, judged (unusable ones included, with depth null). */
  records: TlsaMatch[];
  /** The first usable record that matched, or null. */
  matched: TlsaMatch | null;
}

function parsedChain(chain: readonly CertificateInfo[]): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const c of chain) {
    const x = parsePem(c.pem);
    if (x === null) break;
    out.push(x);
  }
  return out;
}

/**
 * `refNames`: the names the leaf must carry for DANE-TA (RFC 7672 §3.2.2: the MX host name,
 * and the TLSA base domain when a CNAME led elsewhere). `knownCas`: PEMs of CAs we know (the
 * --ca-file anchors), to name a DANE-TA record's CA that the server did not send.
 */
export function matchChain(
  records: readonly TlsaRecord[],
  chain: readonly CertificateInfo[],
  refNames: readonly string[],
  now: Date,
  knownCas: readonly string[] = [],
): ChainMatch {
  const certs = parsedChain(chain);
  const leaf = certs[0];
  const out: TlsaMatch[] = [];
  for (const record of records) {
    const use = tlsaUse(record);
    const m: TlsaMatch = { record, use, depth: null };
    out.push(m);
    if (use !== 'usable' || leaf === undefined) continue;
    const data = record.data.toLowerCase();
    const hits = (c: X509Certificate): boolean =>
      associationData(c, record.selector, record.matchingType) === data;
    if (record.usage === 3) {
      if (hits(leaf)) m.depth = 0;
      continue;
    }
    // DANE-TA: a CA in the presented chain (RFC 7672 §3.1.2: the server must send it).
    const depth = certs.findIndex((c, i) => i > 0 && hits(c));
    if (depth > 0) {
      m.depth = depth;
      if (!chainsTo(certs, depth)) m.taCheck = 'not-issued';
      else if (!nameMatches(leaf, refNames)) m.taCheck = 'name-mismatch';
      else if (certs.slice(0, depth).some((c) => expiredAt(c, now))) m.taCheck = 'expired';
      else m.taCheck = 'ok';
      continue;
    }
    for (const pem of knownCas) {
      const ca = parsePem(pem);
      if (ca !== null && hits(ca)) {
        m.namesAbsentCa = escapeText(ca.subject.split('\n').filter(Boolean).join(', '));
        break;
      }
    }
  }
  const matched =
    out.find((m) => m.depth !== null && (m.record.usage === 3 || m.taCheck === 'ok')) ?? null;
  return { records: out, matched };
}

export interface PublishAdvice {
  /** Ready-to-paste zone lines: 3 1 1 for the leaf key, 2 1 1 for the issuing CA. */
  lines: string[];
  /**
   * false when what is published matches only the current leaf key: the next key change breaks
   * DANE delivery unless a record for the next key (or a 2 1 1 for the CA) is published first.
   * null when nothing usable is published or nothing matched.
   */
  rolloverReady: boolean | null;
}

export function publishAdvice(
  host: string,
  port: number,
  chain: readonly CertificateInfo[],
  match: ChainMatch | null,
): PublishAdvice {
  const owner = `_${port}._tcp.${host}.`;
  const lines: string[] = [];
  const leaf = chain[0];
  if (leaf && leaf.spkiSha256) lines.push(`${owner} IN TLSA 3 1 1 ${leaf.spkiSha256}`);
  const issuer = chain[1];
  if (issuer && issuer.spkiSha256) lines.push(`${owner} IN TLSA 2 1 1 ${issuer.spkiSha256}`);
  let rolloverReady: boolean | null = null;
  if (match && match.matched) {
    const usable = match.records.filter((m) => m.use === 'usable');
    const onlyLeaf = usable.every((m) => m.record.usage === 3 && m.depth === 0);
    rolloverReady = !onlyLeaf;
  }
  return { lines, rolloverReady };
}
