// Extra leaf certificates for domain tests, issued by the test PKI's intermediate on demand:
// MX hosts and MTA-STS policy hosts need names the fixed cases do not carry.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
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
  // Test files run in parallel workers and may ask for the same leaf at once: each makes it in
  // a directory of its own and renames that into place, so a key never meets another's cert.
  const base = join(pki.dir, 'domain-leaves');
  mkdirSync(base, { recursive: true });
  const final = join(base, id);
  if (!existsSync(join(final, 'chain.pem'))) {
    const dir = mkdtempSync(join(base, `${id}.tmp-`));
    const run = (args: string[]): void => {
      execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    };
    run(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf.key']);
    writeFileSync(
      join(dir, 'leaf.ext'),
      `basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=${names.map((n) => `DNS:${n}`).join(',')}\n`,
    );
    run(['req', '-new', '-key', 'leaf.key', '-subj', `/CN=${names[0]}`, '-out', 'leaf.csr']);
    run([
      'x509',
      '-req',
      '-in',
      'leaf.csr',
      '-CA',
      join(pki.dir, `${issuer}.crt`),
      '-CAkey',
      join(pki.dir, `${issuer}.key`),
      // A random serial: -CAcreateserial would share one serial file among the workers.
      '-set_serial',
      `0x${randomBytes(8).toString('hex')}`,
      '-days',
      '30',
      '-sha256',
      '-extfile',
      'leaf.ext',
      '-out',
      'leaf.crt',
    ]);
    const chain =
      readFileSync(join(dir, 'leaf.crt'), 'utf8') +
      (issuer === 'intermediate' ? pki.intermediatePem : '');
    writeFileSync(join(dir, 'chain.pem'), chain);
    try {
      renameSync(dir, final);
    } catch {
      rmSync(dir, { recursive: true, force: true }); // another worker's is in place: the same leaf
    }
  }
  const key = join(final, 'leaf.key');
  const crt = join(final, 'leaf.crt');
  const chainFile = join(final, 'chain.pem');
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
