// Verifies the presented chain ourselves (RFC 5280 path building, simplified) so that each
// problem gets its own name: OpenSSL reports an unknown root and a missing intermediate with
// the same error, but they have different fixes.
import type { X509Certificate } from 'node:crypto';
import { ipFamily } from '../smtp/ip-literal.js';
import { describeCertificate, isSelfSigned, oneLineName, parseCertDate } from './cert-info.js';
import { escapeText } from '../smtp/escape.js';
import { isWeakSignature } from './der.js';
import type { TrustStore } from './trust-store.js';
import type { CertificateInfo, CertificateProblem, CertificateReport } from '../model/tls.js';

/** The order problems are listed in: the ones that decide delivery first. */
const PROBLEM_ORDER: CertificateProblem[] = [
  'expired',
  'not-yet-valid',
  'hostname-mismatch',
  'self-signed',
  'untrusted-root',
  'incomplete-chain',
  'weak-key',
  'weak-signature',
];

const MAX_STORE_HOPS = 8;

export function issuedBy(child: X509Certificate, parent: X509Certificate): boolean {
  try {
    return child.checkIssued(parent) && child.verify(parent.publicKey);
  } catch {
    return false;
  }
}

/** RFC 6125 §6.4 / RFC 9525: wildcards only as the whole left-most label. */
export function matchesName(leaf: X509Certificate, name: string): boolean {
  if (ipFamily(name) !== 0) return leaf.checkIP(name) !== undefined;
  return (
    leaf.checkHost(name, {
      wildcards: true,
      partialWildcards: false,
      multiLabelWildcards: false,
      singleLabelSubdomains: false,
    }) !== undefined
  );
}

function isWeakKey(info: CertificateInfo): boolean {
  const { type, bits } = info.key;
  if (bits === null) return false;
  if (type === 'rsa' || type === 'rsa-pss' || type === 'dsa') return bits < 2048;
  if (type === 'ec') return bits < 224;
  return false;
}

type PathOutcome =
  | { anchored: true; storeIntermediates: number; anchor: X509Certificate }
  | { anchored: false; problem: CertificateProblem };

function buildPath(presented: X509Certificate[], store: TrustStore): PathOutcome {
  let top = presented[0] as X509Certificate;
  let used = 1;
  for (let i = 1; i < presented.length; i++) {
    const next = presented[i] as X509Certificate;
    if (!issuedBy(top, next)) break;
    top = next;
    used = i + 1;
  }
  const inStore = (c: X509Certificate): boolean => {
    for (const s of store.bySubject(c.subject))
      if (s.fingerprint256 === c.fingerprint256) return true;
    return false;
  };
  const issuerOf = (c: X509Certificate): X509Certificate | undefined => {
    for (const s of store.bySubject(c.issuer)) if (issuedBy(c, s)) return s;
    return undefined;
  };
  if (isSelfSigned(top)) {
    if (inStore(top)) return { anchored: true, storeIntermediates: 0, anchor: top };
    return { anchored: false, problem: used === 1 ? 'self-signed' : 'untrusted-root' };
  }
  let cur = top;
  for (let hop = 0; hop < MAX_STORE_HOPS; hop++) {
    const parent = issuerOf(cur);
    if (!parent) break;
    if (isSelfSigned(parent)) return { anchored: true, storeIntermediates: hop, anchor: parent };
    cur = parent;
  }
  // No trust anchor reached. If the server sent its intermediates, the root is unknown; if it
  // sent only an end-entity certificate, its issuer (an intermediate, in public PKI) is missing.
  if (cur !== top) return { anchored: false, problem: 'incomplete-chain' };
  return { anchored: false, problem: top.ca ? 'untrusted-root' : 'incomplete-chain' };
}

export function verifyChain(
  presented: X509Certificate[],
  store: TrustStore,
  verifyName: string,
  now: Date,
): CertificateReport {
  const chain = presented.map((c) => describeCertificate(c, now));
  const found = new Set<CertificateProblem>();
  const flag = (index: number, problem: CertificateProblem): void => {
    found.add(problem);
    const info = chain[index];
    if (info && !info.problems.includes(problem)) info.problems.push(problem);
  };
  presented.forEach((cert, i) => {
    if (parseCertDate(cert.validTo).getTime() < now.getTime()) flag(i, 'expired');
    if (parseCertDate(cert.validFrom).getTime() > now.getTime()) flag(i, 'not-yet-valid');
    const info = chain[i] as CertificateInfo;
    if (isWeakKey(info)) flag(i, 'weak-key');
    if (!info.selfSigned && isWeakSignature(info.signatureAlgorithm)) flag(i, 'weak-signature');
  });
  const leaf = presented[0];
  const hostnameMatch = leaf ? matchesName(leaf, verifyName) : false;
  if (!hostnameMatch) flag(0, 'hostname-mismatch');
  let anchored = false;
  let anchor: CertificateReport['anchor'] = null;
  if (leaf) {
    const path = buildPath(presented, store);
    if (path.anchored) {
      anchored = true;
      anchor = {
        subject: escapeText(oneLineName(path.anchor.subject)),
        fingerprint256: path.anchor.fingerprint256,
      };
      if (path.storeIntermediates > 0) flag(0, 'incomplete-chain');
    } else {
      flag(path.problem === 'incomplete-chain' ? 0 : chain.length - 1, path.problem);
    }
  }
  const problems = PROBLEM_ORDER.filter((p) => found.has(p));
  const blocking: CertificateProblem[] = [
    'expired',
    'not-yet-valid',
    'incomplete-chain',
    'weak-signature',
  ];
  const trusted = anchored && !problems.some((p) => blocking.includes(p));
  return {
    chain,
    trusted,
    hostnameMatch,
    verifyName,
    problems,
    anchor,
  };
}
