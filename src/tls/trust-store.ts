// Trust anchors: Node's bundled Mozilla roots, the system bundle (Debian's ca-certificates) and
// any --ca-file PEMs. Parsed lazily: only a session that reaches the certificate step pays.
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt'];
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export function splitPem(text: string): string[] {
  return text.match(PEM_BLOCK) ?? [];
}

let systemAnchors: X509Certificate[] | null = null;

function parseAll(pems: Iterable<string>): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const pem of pems) {
    try {
      out.push(new X509Certificate(pem));
    } catch {
      // A malformed entry in a bundle must not stop verification against the rest.
    }
  }
  return out;
}

function loadSystemAnchors(): X509Certificate[] {
  if (systemAnchors) return systemAnchors;
  const seen = new Set<string>(rootCertificates);
  for (const file of SYSTEM_BUNDLES) {
    try {
      for (const pem of splitPem(readFileSync(file, 'utf8'))) seen.add(pem);
      break;
    } catch {
      // No system bundle at this path: Node's bundled roots still apply.
    }
  }
  systemAnchors = parseAll(seen);
  return systemAnchors;
}

export interface TrustStore {
  /** Certificates whose issuer name is `issuer` (candidates; signatures still need checking). */
  bySubject(issuer: string): X509Certificate[];
}

export function buildTrustStore(extraPems: string[]): TrustStore {
  const index = new Map<string, X509Certificate[]>();
  const add = (c: X509Certificate): void => {
    const list = index.get(c.subject);
    if (list) list.push(c);
    else index.set(c.subject, [c]);
  };
  for (const c of loadSystemAnchors()) add(c);
  for (const c of parseAll(extraPems.flatMap(splitPem))) add(c);
  return { bySubject: (issuer) => index.get(issuer) ?? [] };
}
