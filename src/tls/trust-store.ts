// Trust anchors: Node's bundled Mozilla roots, the system bundle (Debian's ca-certificates) and
// any --ca-file/--ca-path PEMs; with --ca-only just the latter (openssl's -CAfile alone). Parsed
// lazily: only a session that reaches the certificate step pays.
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

/** The system bundle where there is one (what the machine's MTA trusts), else Node's roots. */
export function loadSystemAnchors(): X509Certificate[] {
  if (systemAnchors) return systemAnchors;
  let pems: string[] = [...rootCertificates];
  for (const file of SYSTEM_BUNDLES) {
    try {
      pems = splitPem(readFileSync(file, 'utf8'));
      break;
    } catch {
      // No system bundle at this path: try the next, else keep Node's bundled roots.
    }
  }
  systemAnchors = parseAll(pems);
  return systemAnchors;
}

export interface TrustStore {
  /** Certificates with this subject (candidates; signatures still need checking), --ca-file first. */
  bySubject(subject: string): Iterable<X509Certificate>;
}

export interface TrustStoreOptions {
  /** `--ca-only`: the given anchors alone; the system roots are never consulted. */
  caOnly?: boolean;
}

export function buildTrustStore(extraPems: string[], opts: TrustStoreOptions = {}): TrustStore {
  const index = (certs: X509Certificate[]): Map<string, X509Certificate[]> => {
    const map = new Map<string, X509Certificate[]>();
    for (const c of certs) map.set(c.subject, [...(map.get(c.subject) ?? []), c]);
    return map;
  };
  const extra = index(parseAll(extraPems.flatMap(splitPem)));
  let system: Map<string, X509Certificate[]> | null = null;
  return {
    *bySubject(subject) {
      yield* extra.get(subject) ?? [];
      if (opts.caOnly) return;
      // The system roots are parsed only when the --ca-file ones did not answer, once per process.
      system ??= index(loadSystemAnchors());
      yield* system.get(subject) ?? [];
    },
  };
}
