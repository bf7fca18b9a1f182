// Extra leaf certificates for domain tests, issued by the test PKI's intermediate on demand:
// MX hosts and MTA-STS policy hosts need names the fixed cases do not carry.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestPki } from './pki.js';

export interface IssuedLeaf {
  keyPem: string;
  certPem: string;
  /** Leaf then intermediate, as a server sends it. */
  chainPem: string;
  /** Leaf only (a server that does not send its intermediate). */
  leafOnlyPem: string;
  keyFile: string;
  chainFile: string;
}

export function issueLeaf(
  pki: TestPki,
  names: string[],
  opts: { issuer?: 'intermediate' | 'root' } = {},
): IssuedLeaf {
  const issuer = opts.issuer ?? 'intermediate';
  const id = createHash('sha256')
    .update(`${issuer}|${names.join(',')}`)
    .digest('hex')
    .slice(0, 16);
  const dir = join(pki.dir, 'domain-leaves');
  mkdirSync(dir, { recursive: true });
  const key = join(dir, `${id}.key`);
  const crt = join(dir, `${id}.crt`);
  const chainFile = join(dir, `${id}.chain.pem`);
  if (!existsSync(chainFile)) {
    const run = (args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    };
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]);
    const ext = join(dir, `${id}.ext`);
    writeFileSync(
      ext,
      `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`,
    );
    run(['req', '-new', '-key', key, '-subj', `/CN=${names[0]}`, '-out', join(dir, `${id}.csr`)]);
    run([
      'x509',
      '-req',
      '-in',
      join(dir, `${id}.csr`),
      '-CA',
      join(pki.dir, `${issuer}.crt`),
      '-CAkey',
      join(pki.dir, `${issuer}.key`),
      '-CAcreateserial',
      '-days',
      '30',
      '-sha256',
      '-extfile',
      ext,
      '-out',
      crt,
    ]);
    const chain =
      readFileSync(crt, 'utf8') + (issuer === 'intermediate' ? pki.intermediatePem : '');
    writeFileSync(chainFile, chain);
  }
  const certPem = readFileSync(crt, 'utf8');
  return {
    keyPem: readFileSync(key, 'utf8'),
    certPem,
    chainPem: readFileSync(chainFile, 'utf8'),
    leafOnlyPem: certPem,
    keyFile: key,
    chainFile,
  };
}
